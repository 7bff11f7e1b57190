/**
 * Parser for Codex's `apply_patch` format (openai/codex codex-rs/apply-patch):
 *
 *   Patch      := "*** Begin Patch" { FileOp } "*** End Patch"
 *   FileOp     := AddFile | DeleteFile | UpdateFile
 *   AddFile    := "*** Add File: " path { "+" line }
 *   DeleteFile := "*** Delete File: " path
 *   UpdateFile := "*** Update File: " path [ "*** Move to: " path ] { Chunk }
 *   Chunk      := { "@@" [ " " context ] } { (" " | "-" | "+") line } [ "*** End of File" ]
 *
 * Lenient like Codex: whitespace around marker lines, a heredoc wrapper
 * (`<<'EOF'` … `EOF`), an empty line inside a chunk read as empty context, and a
 * first chunk without `@@`.
 *
 * Deliberately different from Codex (each also noted where it happens):
 * - paths must be relative and stay inside the project (Codex accepts absolute paths);
 * - an empty patch is rejected while parsing (Codex: "No files were modified." on apply);
 * - blank lines between operations are skipped, and a closing heredoc `EOF` is optional;
 * - a line that trims to `*** End Patch` / `*** End of File` is that marker even when
 *   indented (Codex only trims at fixed positions, and reads the last line as the end);
 * - `@@ -1,3 +1,4 @@ header` keeps only `header`; `@@` plus spaces means no context;
 * - error line numbers count lines of the raw input, heredoc and blank lines included.
 *
 * One line-at-a-time state machine serves both `parsePatch` and the streaming
 * parser, so the two can never disagree.
 */
import { PatchError, type PatchOperationKind } from "./errors";
import { checkRelativePath } from "./paths";

export type PatchLineKind = "context" | "remove" | "add";

export interface PatchLine {
  kind: PatchLineKind;
  /** Line content without its prefix character or line ending. */
  text: string;
}

export interface UpdateChunk {
  /** `@@ …` lines, each found in turn before the chunk's own lines are sought. */
  contexts: string[];
  lines: PatchLine[];
  /** `*** End of File`: the chunk's old lines must end the file. */
  isEndOfFile: boolean;
  /** 1-based patch line where the chunk starts. */
  line: number;
}

export interface AddOperation {
  kind: "add";
  path: string;
  /** New file lines; the file is these lines each ending in `\n`. */
  lines: string[];
  line: number;
}

interface DeleteOperation {
  kind: "delete";
  path: string;
  line: number;
}

export interface UpdateOperation {
  kind: "update";
  path: string;
  moveTo?: string;
  chunks: UpdateChunk[];
  line: number;
}

export type PatchOperation = AddOperation | DeleteOperation | UpdateOperation;

export interface Patch {
  operations: PatchOperation[];
}

export const BEGIN_PATCH = "*** Begin Patch";
export const END_PATCH = "*** End Patch";
export const ADD_FILE = "*** Add File:";
export const DELETE_FILE = "*** Delete File:";
export const UPDATE_FILE = "*** Update File:";
export const MOVE_TO = "*** Move to:";
export const END_OF_FILE = "*** End of File";

const HEREDOC_OPENERS = new Set(["<<EOF", "<<'EOF'", '<<"EOF"']);
// Models trained on unified diffs sometimes write `@@ -12,3 +12,4 @@ fn f()`; the
// numbers are meaningless here, so we keep only the trailing header (Codex would seek
// the literal text and fail).
const UNIFIED_RANGE = /^-\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?/;

/** Content of a new file as written by an Add operation. */
export function addedFileContent(op: AddOperation): string {
  let out = "";
  for (const line of op.lines) out += `${line}\n`;
  return out;
}

/** Old (context + removed) and new (context + added) line texts of a chunk. */
export function chunkSides(chunk: UpdateChunk): { oldLines: string[]; newLines: string[] } {
  const oldLines: string[] = [];
  const newLines: string[] = [];
  for (const { kind, text } of chunk.lines) {
    if (kind !== "add") oldLines.push(text);
    if (kind !== "remove") newLines.push(text);
  }
  return { oldLines, newLines };
}

/** Callbacks fired while lines are consumed; all optional. */
export interface PatchMachineListener {
  /** Header complete (for an update: after the optional Move to line). */
  opStart?(op: PatchOperation, opIndex: number): void;
  /** A body line: `+` lines of an add (hunk 0) or chunk lines of an update. */
  line?(opIndex: number, hunkIndex: number, line: PatchLine): void;
  chunkEnd?(opIndex: number, chunkIndex: number, chunk: UpdateChunk, op: UpdateOperation): void;
  opEnd?(op: PatchOperation, opIndex: number): void;
  patchEnd?(): void;
}

type State =
  | "start"
  | "top"
  | "add"
  | "update_header"
  | "update_between"
  | "chunk_headers"
  | "chunk_body"
  | "ended";

/** Unfinished operation at the point input stopped. */
export interface OpenOperation {
  opIndex: number;
  kind: PatchOperationKind;
  path: string;
}

/**
 * Consumes one line at a time (without its `\n`; a trailing `\r` is dropped here).
 * Throws {@link PatchError} at the first bad line; the machine is then unusable.
 */
export class PatchLineMachine {
  readonly operations: PatchOperation[] = [];
  private state: State = "start";
  private heredoc = false;
  private heredocClosed = false;
  private op: PatchOperation | null = null;
  private chunk: UpdateChunk | null = null;
  private lastLine = 0;
  private readonly listener: PatchMachineListener;

  constructor(listener: PatchMachineListener = {}) {
    this.listener = listener;
  }

  /** The operation still being read, if any. */
  get openOperation(): OpenOperation | null {
    const op = this.op;
    return op ? { opIndex: this.operations.length - 1, kind: op.kind, path: op.path } : null;
  }

  /** Lines consumed so far (1-based number of the last one). */
  get lineCount(): number {
    return this.lastLine;
  }

  /** Whether `*** Begin Patch` has been seen. */
  get started(): boolean {
    return this.state !== "start";
  }

  /**
   * The hunk a body line would join if one arrived now (for showing the line being
   * typed): an add's content is hunk 0 and takes only `+` lines.
   */
  get bodyHunk(): { opIndex: number; hunkIndex: number; addOnly: boolean } | null {
    const opIndex = this.operations.length - 1;
    switch (this.state) {
      case "add":
        return { opIndex, hunkIndex: 0, addOnly: true };
      case "chunk_headers":
      case "chunk_body":
        return { opIndex, hunkIndex: (this.op as UpdateOperation).chunks.length, addOnly: false };
      case "update_header":
      case "update_between":
        return (this.op as UpdateOperation).chunks.length === 0 ? { opIndex, hunkIndex: 0, addOnly: false } : null;
      default:
        return null;
    }
  }

  feed(rawLine: string, lineNumber: number): void {
    this.lastLine = lineNumber;
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    switch (this.state) {
      case "start":
        return this.start(line, lineNumber);
      case "top":
        return this.top(line, lineNumber);
      case "add":
        return this.add(line, lineNumber);
      case "update_header":
        return this.updateHeader(line, lineNumber);
      case "update_between":
        return this.updateBetween(line, lineNumber);
      case "chunk_headers":
        return this.chunkHeaders(line, lineNumber);
      case "chunk_body":
        return this.chunkBody(line, lineNumber);
      case "ended":
        return this.afterEnd(line, lineNumber);
    }
  }

  /** Input is over; throws unless `*** End Patch` was seen. */
  finish(): void {
    if (this.state === "ended") return;
    if (this.state === "start") {
      throw new PatchError({ code: "empty_patch", detail: "patch is empty", line: Math.max(1, this.lastLine) });
    }
    const open = this.op;
    throw new PatchError({
      code: "missing_end",
      detail: `patch ended without '${END_PATCH}'`,
      line: this.lastLine,
      operation: open?.kind,
      path: open?.path,
    });
  }

  /**
   * For a stream cut right after `*** Update File:`: announce the update, whose start
   * otherwise waits for the line that may say `*** Move to:`.
   */
  announceOpenUpdate(): void {
    if (this.state === "update_header") {
      this.state = "update_between";
      this.listener.opStart?.(this.op!, this.operations.length - 1);
    }
  }

  private start(line: string, n: number): void {
    const t = line.trim();
    if (t === "") return;
    if (t === BEGIN_PATCH) {
      this.state = "top";
      return;
    }
    if (!this.heredoc && HEREDOC_OPENERS.has(t)) {
      this.heredoc = true;
      return;
    }
    throw new PatchError({
      code: "missing_begin",
      detail: `the first line of the patch must be '${BEGIN_PATCH}', got ${JSON.stringify(t)}`,
      line: n,
    });
  }

  private top(line: string, n: number): void {
    const t = line.trim();
    // Codex rejects blank lines between operations; skipping them loses nothing.
    if (t === "") return;
    if (t === END_PATCH) {
      if (this.operations.length === 0) {
        throw new PatchError({ code: "empty_patch", detail: "patch contains no file operations", line: n });
      }
      this.state = "ended";
      this.listener.patchEnd?.();
      return;
    }
    if (t.startsWith(ADD_FILE)) {
      const op: AddOperation = { kind: "add", path: this.path(t, ADD_FILE, "add", n), lines: [], line: n };
      this.openOp(op);
      this.listener.opStart?.(op, this.operations.length - 1);
      this.state = "add";
      return;
    }
    if (t.startsWith(DELETE_FILE)) {
      const op: DeleteOperation = { kind: "delete", path: this.path(t, DELETE_FILE, "delete", n), line: n };
      this.openOp(op);
      this.listener.opStart?.(op, this.operations.length - 1);
      this.closeOp();
      return;
    }
    if (t.startsWith(UPDATE_FILE)) {
      const op: UpdateOperation = { kind: "update", path: this.path(t, UPDATE_FILE, "update", n), chunks: [], line: n };
      this.openOp(op);
      this.state = "update_header";
      return;
    }
    throw new PatchError({
      code: "unknown_header",
      detail: `${JSON.stringify(t)} is not a valid file operation header; expected '${ADD_FILE} PATH', '${DELETE_FILE} PATH' or '${UPDATE_FILE} PATH'`,
      line: n,
    });
  }

  private add(line: string, n: number): void {
    const op = this.op as AddOperation;
    if (line.startsWith("+")) {
      const text = line.slice(1);
      op.lines.push(text);
      this.listener.line?.(this.operations.length - 1, 0, { kind: "add", text });
      return;
    }
    this.closeOp();
    this.state = "top";
    this.top(line, n);
  }

  private updateHeader(line: string, n: number): void {
    const op = this.op as UpdateOperation;
    const t = line.trim();
    const isMove = t.startsWith(MOVE_TO);
    if (isMove) op.moveTo = this.path(t, MOVE_TO, "update", n);
    this.listener.opStart?.(op, this.operations.length - 1);
    this.state = "update_between";
    if (!isMove) this.updateBetween(line, n);
  }

  private updateBetween(line: string, n: number): void {
    const op = this.op as UpdateOperation;
    const t = line.trim();
    if (t === "") return;
    if (t === END_PATCH || line.startsWith("***")) {
      this.closeUpdate();
      this.state = "top";
      this.top(line, n);
      return;
    }
    const header = chunkHeader(line);
    if (header !== null) {
      this.openChunk(n, header);
      this.state = "chunk_headers";
      return;
    }
    const first = line[0];
    if (op.chunks.length === 0 && (first === " " || first === "+" || first === "-")) {
      this.openChunk(n, null);
      this.state = "chunk_body";
      this.chunkBody(line, n);
      return;
    }
    throw new PatchError({
      code: "invalid_hunk_line",
      detail:
        op.chunks.length === 0
          ? `unexpected line ${JSON.stringify(line)}; every hunk line starts with ' ', '+' or '-'`
          : `expected a hunk to start with '@@', got ${JSON.stringify(line)}`,
      line: n,
      operation: "update",
      path: op.path,
    });
  }

  private chunkHeaders(line: string, n: number): void {
    const header = chunkHeader(line);
    if (header !== null) {
      if (header !== "") this.chunk!.contexts.push(header);
      return;
    }
    this.state = "chunk_body";
    this.chunkBody(line, n);
  }

  private chunkBody(line: string, n: number): void {
    const chunk = this.chunk!;
    const t = line.trim();
    // Trimmed markers end a chunk even when indented (Codex only trims at fixed positions).
    if (t === END_OF_FILE || t === END_PATCH) {
      if (chunk.lines.length === 0) this.emptyHunk(n);
      if (t === END_OF_FILE) {
        chunk.isEndOfFile = true;
        this.closeChunk();
        this.state = "update_between";
        return;
      }
      this.closeChunk();
      this.closeUpdate();
      this.state = "top";
      this.top(line, n);
      return;
    }
    let parsed: PatchLine | null = null;
    const first = line[0];
    if (first === undefined) parsed = { kind: "context", text: "" };
    else if (first === " ") parsed = { kind: "context", text: line.slice(1) };
    else if (first === "+") parsed = { kind: "add", text: line.slice(1) };
    else if (first === "-") parsed = { kind: "remove", text: line.slice(1) };
    if (parsed) {
      chunk.lines.push(parsed);
      this.listener.line?.(this.operations.length - 1, (this.op as UpdateOperation).chunks.length, parsed);
      return;
    }
    if (chunk.lines.length === 0) {
      throw new PatchError({
        code: "invalid_hunk_line",
        detail: `unexpected line ${JSON.stringify(line)}; every hunk line starts with ' ', '+' or '-'`,
        line: n,
        operation: "update",
        path: this.op!.path,
      });
    }
    this.closeChunk();
    this.state = "update_between";
    this.updateBetween(line, n);
  }

  private afterEnd(line: string, n: number): void {
    const t = line.trim();
    if (t === "") return;
    if (this.heredoc && !this.heredocClosed && t === "EOF") {
      this.heredocClosed = true;
      return;
    }
    throw new PatchError({
      code: "trailing_content",
      detail: `unexpected content after '${END_PATCH}': ${JSON.stringify(t)}`,
      line: n,
    });
  }

  private emptyHunk(n: number): never {
    throw new PatchError({
      code: "empty_hunk",
      detail: "hunk contains no lines",
      line: n,
      operation: "update",
      path: this.op!.path,
    });
  }

  private path(trimmedLine: string, marker: string, operation: PatchOperationKind, n: number): string {
    const raw = trimmedLine.slice(marker.length).trim();
    const checked = checkRelativePath(raw);
    if (!checked.ok) {
      throw new PatchError({ code: "invalid_path", detail: checked.reason, line: n, operation, path: raw });
    }
    return checked.path;
  }

  private openOp(op: PatchOperation): void {
    this.operations.push(op);
    this.op = op;
  }

  private closeOp(): void {
    const op = this.op!;
    this.op = null;
    this.listener.opEnd?.(op, this.operations.length - 1);
  }

  private openChunk(n: number, header: string | null): void {
    this.chunk = { contexts: header ? [header] : [], lines: [], isEndOfFile: false, line: n };
  }

  private closeChunk(): void {
    const op = this.op as UpdateOperation;
    const chunk = this.chunk!;
    this.chunk = null;
    op.chunks.push(chunk);
    this.listener.chunkEnd?.(this.operations.length - 1, op.chunks.length - 1, chunk, op);
  }

  private closeUpdate(): void {
    const op = this.op as UpdateOperation;
    if (op.chunks.length === 0) {
      throw new PatchError({ code: "empty_update", detail: "update contains no hunks", line: op.line, operation: "update", path: op.path });
    }
    this.closeOp();
  }
}

/** `@@` / `@@ context` → the context ("" for none); anything else → null. */
function chunkHeader(line: string): string | null {
  if (line.trimEnd() === "@@") return "";
  if (!line.startsWith("@@ ")) return null;
  const rest = line.slice(3);
  const unified = UNIFIED_RANGE.exec(rest);
  const context = unified ? rest.slice(unified[0].length) : rest;
  // Codex would seek a context of only spaces literally; treat it as no context.
  return context.trim() === "" ? "" : context;
}

/** Feeds every line of `text` (the same line split the streaming parser uses). */
function feedText(machine: PatchLineMachine, text: string): void {
  let start = 0;
  let n = 1;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
    machine.feed(text.slice(start, nl), n++);
    start = nl + 1;
  }
  if (start < text.length) machine.feed(text.slice(start), n);
}

/** Parses a complete patch. Throws {@link PatchError} naming the line at fault. */
export function parsePatch(text: string): Patch {
  const machine = new PatchLineMachine();
  feedText(machine, text);
  machine.finish();
  return { operations: machine.operations };
}

