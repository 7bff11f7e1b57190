/**
 * Applies a parsed patch to a read-only view of files and returns the new contents.
 * Pure: nothing is written; either every operation succeeds or a PatchError is thrown.
 *
 * Follows Codex's `compute_replacements` (chunks sought in order, each from the end of
 * the previous; pure additions appended; trailing-blank-line retry; updates end with a
 * newline), deliberately differing in that:
 * - nothing is half-applied (Codex leaves earlier operations written when a later fails);
 * - context lines keep the file's bytes (Codex rewrites them with the patch's text, so a
 *   fuzzy match could silently change whitespace or quotes);
 * - each untouched line keeps its own ending; new lines take the dominant one (Codex:
 *   the first ending seen);
 * - an EOF-anchored chunk cannot match before the previous chunk's end, and a pure
 *   addition never lands inside another chunk's replaced lines.
 */
import { TextLines, type LineEnding } from "./eol";
import { PatchError } from "./errors";
import {
  addedFileContent,
  chunkSides,
  parsePatch,
  type Patch,
  type PatchLine,
  type PatchOperation,
  type UpdateChunk,
  type UpdateOperation,
} from "./patch-parser";
import { parentDirectories } from "./paths";
import { LineMatcher, type MatchLevel } from "./seek";

export interface FileSource {
  /** Text of the regular file at `path`, or null when there is none. */
  readFile(path: string): string | null;
  isDirectory(path: string): boolean;
}

/** A FileSource over in-memory files; directories are implied by the paths. */
export function fileSourceFromMap(files: ReadonlyMap<string, string> | Readonly<Record<string, string>>): FileSource {
  const map: ReadonlyMap<string, string> = files instanceof Map ? files : new Map(Object.entries(files));
  const directories = new Set<string>();
  for (const path of map.keys()) for (const dir of parentDirectories(path)) directories.add(dir);
  return {
    readFile: (path) => map.get(path) ?? null,
    isDirectory: (path) => directories.has(path),
  };
}

export type FileChange =
  | { kind: "add"; path: string; content: string; /** Overwritten file, as Codex allows. */ previous: string | null }
  | { kind: "delete"; path: string; previous: string }
  | { kind: "update"; path: string; moveTo?: string; previous: string; content: string };

export interface ApplyResult {
  /** One entry per operation, in patch order. */
  changes: FileChange[];
  /** Net effect per path (first-touched order): new text, or null to delete. Unchanged paths are left out. */
  files: Map<string, string | null>;
}

export interface ResolvedChunk {
  /** 0-based first line of the current text the chunk replaces; the insertion point when `oldCount` is 0. */
  start: number;
  oldCount: number;
  level: MatchLevel;
  /** Lines actually applied (the trailing-blank-line retry may have adjusted them). */
  lines: PatchLine[];
}

/**
 * Finds each chunk of one update in turn, each search starting where the previous
 * chunk ended (like Codex), then builds the new text.
 */
export class UpdateResolver {
  readonly original: string;
  private readonly op: UpdateOperation;
  private readonly lines: TextLines;
  private readonly matcher: LineMatcher;
  private readonly dominant: LineEnding;
  private readonly resolved: ResolvedChunk[] = [];
  private lineIndex = 0;

  constructor(op: UpdateOperation, original: string) {
    this.op = op;
    this.original = original;
    this.lines = new TextLines(original);
    this.matcher = new LineMatcher(this.lines.lines);
    this.dominant = this.lines.lineEndings().dominant;
  }

  resolve(chunk: UpdateChunk): ResolvedChunk {
    for (const context of chunk.contexts) {
      const found = this.matcher.seek([context], this.lineIndex, false);
      if (!found) throw this.notFound(chunk, `could not find context ${JSON.stringify(context)}`);
      this.lineIndex = found.index + 1;
    }
    const { oldLines } = chunkSides(chunk);
    let result: ResolvedChunk;
    if (oldLines.length === 0) {
      // Codex: pure additions go at the end, before a final blank line if there is one.
      const count = this.lines.count;
      const end = count > 0 && this.lines.lines[count - 1] === "" ? count - 1 : count;
      result = { start: Math.max(end, this.lineIndex), oldCount: 0, level: "exact", lines: chunk.lines };
    } else {
      let lines = chunk.lines;
      let pattern = oldLines;
      let found = this.matcher.seek(pattern, this.lineIndex, chunk.isEndOfFile);
      if (!found && pattern[pattern.length - 1] === "") {
        // Codex: a trailing empty old line often stands for the file's final newline; retry without it.
        lines = dropTrailingEmptyOldLine(lines);
        pattern = chunkSides({ ...chunk, lines }).oldLines;
        found = this.matcher.seek(pattern, this.lineIndex, chunk.isEndOfFile);
      }
      if (!found) {
        const where = chunk.isEndOfFile ? " at end of file" : "";
        throw this.notFound(chunk, `could not find the hunk's lines${where}: ${JSON.stringify(oldLines.join("\n"))}`);
      }
      result = { start: found.index, oldCount: pattern.length, level: found.level, lines };
      this.lineIndex = found.index + pattern.length;
    }
    this.resolved.push(result);
    return result;
  }

  /** New text. Untouched and context lines keep their bytes; new lines get the dominant ending. */
  content(): string {
    const lines = this.lines;
    // Stable sort keeps chunk order among pure additions at the same point.
    const ordered = [...this.resolved].sort((a, b) => a.start - b.start);
    const out: string[] = [];
    // Original lines [copied, p) are unchanged and not yet written: context lines and the
    // gaps between chunks extend that run, so it is copied back as one slice.
    let copied = 0;
    let p = 0;
    // Updated files end with a newline (Codex too), so an unterminated last line gets one.
    const unterminated = lines.count > 0 && lines.ending(lines.count - 1) === "";
    const flush = () => {
      if (p === copied) return;
      const piece = lines.raw(copied, p);
      out.push(unterminated && p === lines.count ? piece + this.dominant : piece);
      copied = p;
    };
    for (const chunk of ordered) {
      // A later chunk may have matched past an earlier pure addition's point; insert after it.
      p = Math.max(chunk.start, p);
      for (const line of chunk.lines) {
        if (line.kind === "context") {
          p++;
        } else {
          flush();
          if (line.kind === "add") {
            out.push(line.text + this.dominant);
          } else {
            p++;
            copied = p;
          }
        }
      }
    }
    p = lines.count;
    flush();
    return out.join("");
  }

  private notFound(chunk: UpdateChunk, detail: string): PatchError {
    return new PatchError({ code: "context_not_found", detail, line: chunk.line, operation: "update", path: this.op.path });
  }
}

/**
 * Codex's retry drops the last old line and, if the new side then ends with an empty
 * line, that too. Expressed on typed lines: dropping from the old side only turns a
 * context line into an addition; dropping from the new side only turns it into a removal.
 */
function dropTrailingEmptyOldLine(lines: readonly PatchLine[]): PatchLine[] {
  const out = [...lines];
  const lastOld = findLastIndex(out, (l) => l.kind !== "add");
  if (out[lastOld]!.kind === "context") out[lastOld] = { kind: "add", text: "" };
  else out.splice(lastOld, 1);
  const lastNew = findLastIndex(out, (l) => l.kind !== "remove");
  if (lastNew !== -1 && out[lastNew]!.text === "") {
    if (out[lastNew]!.kind === "add") out.splice(lastNew, 1);
    else out[lastNew] = { kind: "remove", text: "" };
  }
  return out;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

/**
 * Applies operations one at a time to a copy-on-write view, so later operations see
 * earlier ones (Codex applies them in order too). Shared by `applyPatch` and the
 * streaming parser, which validates and resolves as the patch arrives.
 */
export class PatchApplier {
  readonly changes: FileChange[] = [];
  private readonly source: FileSource;
  private readonly overlay = new Map<string, string | null>();
  private readonly base = new Map<string, string | null>();

  constructor(source: FileSource) {
    this.source = source;
  }

  /** Current text of `path`, including this patch's earlier operations. */
  read(path: string): string | null {
    if (this.overlay.has(path)) return this.overlay.get(path)!;
    return this.readBase(path);
  }

  isDirectory(path: string): boolean {
    const prefix = `${path}/`;
    for (const [p, text] of this.overlay) if (text !== null && p.startsWith(prefix)) return true;
    if (typeof this.overlay.get(path) === "string") return false;
    return this.source.isDirectory(path);
  }

  /** Validates an operation whose header is complete; for an update, returns its resolver. */
  begin(op: PatchOperation): UpdateResolver | null {
    const fail = (code: "missing_file" | "is_directory" | "parent_not_directory", detail: string, path = op.path) =>
      new PatchError({ code, detail, line: op.line, operation: op.kind, path });
    if (this.isDirectory(op.path)) {
      throw fail("is_directory", op.kind === "delete" ? "cannot delete a directory" : "path is a directory");
    }
    if (op.kind === "add") {
      this.checkParents(op.path, (dir) => fail("parent_not_directory", `parent ${dir} is a file`));
      return null;
    }
    const current = this.read(op.path);
    if (current === null) throw fail("missing_file", "file does not exist");
    if (op.kind === "delete") return null;
    if (op.moveTo !== undefined && op.moveTo !== op.path) {
      const dest = op.moveTo;
      if (this.isDirectory(dest)) throw fail("is_directory", `move destination ${dest} is a directory`, op.path);
      this.checkParents(dest, (dir) => fail("parent_not_directory", `move destination's parent ${dir} is a file`));
    }
    return new UpdateResolver(op, current);
  }

  /** Records a finished operation. An update's chunks must all have been resolved. */
  complete(op: PatchOperation, resolver: UpdateResolver | null): FileChange {
    let change: FileChange;
    if (op.kind === "add") {
      const content = addedFileContent(op);
      change = { kind: "add", path: op.path, content, previous: this.read(op.path) };
      this.overlay.set(op.path, content);
    } else if (op.kind === "delete") {
      change = { kind: "delete", path: op.path, previous: this.read(op.path)! };
      this.overlay.set(op.path, null);
    } else {
      const content = resolver!.content();
      change = { kind: "update", path: op.path, previous: resolver!.original, content };
      if (op.moveTo !== undefined && op.moveTo !== op.path) {
        change.moveTo = op.moveTo;
        this.overlay.set(op.path, null);
        this.overlay.set(op.moveTo, content);
      } else {
        this.overlay.set(op.path, content);
      }
    }
    this.changes.push(change);
    return change;
  }

  result(): ApplyResult {
    const files = new Map<string, string | null>();
    for (const [path, text] of this.overlay) {
      if (text !== this.readBase(path)) files.set(path, text);
    }
    return { changes: [...this.changes], files };
  }

  private readBase(path: string): string | null {
    if (!this.base.has(path)) this.base.set(path, this.source.readFile(path));
    return this.base.get(path)!;
  }

  private checkParents(path: string, fail: (dir: string) => PatchError): void {
    for (const dir of parentDirectories(path)) if (this.read(dir) !== null) throw fail(dir);
  }
}

function isFileSource(value: unknown): value is FileSource {
  return typeof (value as FileSource).readFile === "function";
}

/**
 * Applies a patch (text or parsed) to the given files. Throws a PatchError naming the
 * operation, path and patch line on the first failure; nothing is half-applied because
 * nothing is written here.
 */
export function applyPatch(
  patch: Patch | string,
  files: FileSource | ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): ApplyResult {
  const parsed = typeof patch === "string" ? parsePatch(patch) : patch;
  if (parsed.operations.length === 0) {
    throw new PatchError({ code: "empty_patch", detail: "patch contains no file operations", line: 1 });
  }
  const applier = new PatchApplier(isFileSource(files) ? files : fileSourceFromMap(files));
  for (const op of parsed.operations) {
    const resolver = applier.begin(op);
    if (op.kind === "update") for (const chunk of op.chunks) resolver!.resolve(chunk);
    applier.complete(op, resolver);
  }
  return applier.result();
}
