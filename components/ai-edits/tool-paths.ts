import { JsonFieldDecoder, type EditToolName } from "@/lib/edit-planner";
import { checkRelativePath } from "@/lib/edits";

const EDIT_TOOLS: readonly string[] = ["apply_patch", "write_file"] satisfies EditToolName[];

export function isEditTool(name: string): name is EditToolName {
  return EDIT_TOOLS.includes(name);
}

/** The canonical project path for what a model wrote ("./src/a.ts" → "src/a.ts"), or null if it is not one. */
export function projectPath(raw: string): string | null {
  const checked = checkRelativePath(raw.trim());
  return checked.ok ? checked.path : null;
}

const FILE_HEADER = /^\*\*\* (?:Add|Update|Delete) File:(.*)$/;

/**
 * Finds the files an edit tool call names while its raw JSON arguments stream in: apply_patch's
 * `*** Add/Update/Delete File:` headers and write_file's `path`. The planner reads a file
 * synchronously when it meets its header line (or the completed path), so a caller that holds
 * back the delta completing that line until the file is loaded never lets it read a file it
 * does not have. Linear: each delta is decoded once and only the current line is kept.
 */
export class ToolPathScanner {
  private readonly decoder = new JsonFieldDecoder();
  private line = "";
  private path = "";
  private pathDone = false;

  constructor(private readonly toolName: EditToolName) {}

  /** Paths whose naming completed within this delta, canonical, in order of appearance. */
  push(delta: string): string[] {
    const found: string[] = [];
    for (const field of this.decoder.push(delta)) {
      if (this.toolName === "apply_patch") {
        if (field.field === "patch") this.scanPatch(field.text, field.done, found);
      } else if (field.field === "path" && !this.pathDone) {
        this.path += field.text;
        if (field.done) {
          this.pathDone = true;
          this.add(this.path, found);
        }
      }
    }
    return found;
  }

  private scanPatch(text: string, done: boolean, found: string[]): void {
    let from = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
      this.header(this.line + text.slice(from, nl), found);
      this.line = "";
      from = nl + 1;
    }
    this.line += text.slice(from);
    if (done) {
      this.header(this.line, found);
      this.line = "";
    }
  }

  private header(line: string, found: string[]): void {
    const match = FILE_HEADER.exec(line.trim());
    if (match) this.add(match[1]!, found);
  }

  private add(raw: string, found: string[]): void {
    const path = projectPath(raw);
    if (path !== null && !found.includes(path)) found.push(path);
  }
}

export interface DeltaGateOptions {
  /** Nothing passes before this settles (e.g. the editor loading). */
  before?: Promise<unknown>;
  /** The path names an existing file the planner cannot read yet. */
  needsLoad: (path: string) => boolean;
  /** Loads it (e.g. opens its tab); settles either way: a file that failed to load is the planner's error to report. */
  load: (path: string) => Promise<unknown>;
  feed: (delta: string) => void;
  end: () => void;
}

/**
 * Passes a tool call's deltas on in order, holding back the delta that names a file still
 * loading (and every delta after it) until that file has loaded. Files already open pass
 * straight through, so an edit to open files never waits.
 */
export class DeltaGate {
  private readonly held: { delta: string; waits: string[] }[] = [];
  private readonly loads = new Map<string, Promise<void>>();
  private readonly settled = new Set<string>();
  private endHeld = false;
  private closed = false;
  private open: boolean;

  constructor(
    private readonly scanner: ToolPathScanner,
    private readonly options: DeltaGateOptions,
  ) {
    this.open = !options.before;
    void options.before
      ?.catch(() => undefined)
      .then(() => {
        this.open = true;
        this.release();
      });
  }

  /** Deltas (or the end) are waiting. */
  get holding(): boolean {
    return !this.open || this.held.length > 0 || this.endHeld;
  }

  push(delta: string): void {
    if (this.closed) return;
    const waits = this.scanner.push(delta).filter((path) => !this.settled.has(path) && this.options.needsLoad(path));
    for (const path of waits) this.startLoad(path);
    if (!this.open || this.held.length > 0 || waits.length > 0) {
      this.held.push({ delta, waits });
      return;
    }
    this.options.feed(delta);
  }

  end(): void {
    if (this.closed) return;
    if (!this.open || this.held.length > 0) this.endHeld = true;
    else this.finish();
  }

  /** Drops whatever is held; nothing more is fed. */
  close(): void {
    this.closed = true;
    this.held.length = 0;
  }

  private startLoad(path: string): void {
    if (this.loads.has(path)) return;
    const loading = this.options
      .load(path)
      .catch(() => undefined)
      .then(() => {
        this.settled.add(path);
        this.release();
      });
    this.loads.set(path, loading);
  }

  private release(): void {
    if (!this.open) return;
    while (!this.closed && this.held[0]?.waits.every((path) => this.settled.has(path))) this.options.feed(this.held.shift()!.delta);
    if (!this.closed && this.held.length === 0 && this.endHeld) this.finish();
  }

  private finish(): void {
    this.closed = true;
    this.endHeld = false;
    this.options.end();
  }
}
