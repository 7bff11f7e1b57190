/**
 * Streaming parser: feed the patch as it arrives (tool-call argument deltas or text)
 * and get typed events the moment each line is complete.
 *
 * - Split-invariant: after merging adjacent `hunk_lines` of the same hunk
 *   ({@link coalesceEvents}), the events are identical however the input is split.
 *   The one chunking-dependent view, the line still being typed, is a getter
 *   ({@link StreamingPatchParser.partialLine}), not an event.
 * - Linear: each push scans only its own chunk; the unfinished line is the only buffer.
 * - Truncation-safe: only `op_complete` operations are finished; `end()` without
 *   `*** End Patch` emits `truncated` naming the unfinished one.
 */
import { PatchApplier, type FileChange, type FileSource, type UpdateResolver } from "./apply";
import { PatchError, type PatchErrorCode, type PatchOperationKind } from "./errors";
import {
  PatchLineMachine,
  type OpenOperation,
  type PatchLine,
  type PatchLineKind,
  type PatchOperation,
} from "./patch-parser";
import type { MatchLevel } from "./seek";

/** 1-based inclusive line range; an insertion has `endLine === startLine - 1` (insert before `startLine`). */
interface LineRange {
  startLine: number;
  endLine: number;
}

export type StreamEvent =
  /** An operation's header is complete (an update's after its optional Move to line). */
  | { type: "op_start"; opIndex: number; kind: PatchOperationKind; path: string; moveTo?: string; line: number }
  /** New complete lines of a hunk since the last event. An add streams its content as hunk 0, all `add`. */
  | { type: "hunk_lines"; opIndex: number; hunkIndex: number; lines: PatchLine[] }
  /**
   * A hunk is complete. `range` is the lines it replaces in the file's text before this
   * operation (as `readFile` gave it, or as earlier operations of this patch left it), so
   * all hunks of one update share one coordinate space; null without `readFile`. For an
   * add it is the empty range at line 1. `level` says how leniently it matched.
   */
  | { type: "hunk_complete"; opIndex: number; hunkIndex: number; range: LineRange | null; level: MatchLevel | null }
  /** An operation is complete. `change` is its result (null without `readFile`). */
  | { type: "op_complete"; opIndex: number; operation: PatchOperation; change: FileChange | null }
  /** `*** End Patch` arrived: every operation is complete. */
  | { type: "patch_complete"; operationCount: number }
  /** Parse or apply failure; terminal, later input is ignored. */
  | {
      type: "error";
      code: PatchErrorCode;
      message: string;
      line: number;
      opIndex: number | null;
      path: string | null;
    }
  /** Input ended before `*** End Patch`; `unfinished` must not be applied. */
  | { type: "truncated"; line: number; unfinished: OpenOperation | null };

export type StreamStatus = "streaming" | "complete" | "truncated" | "error";

export interface StreamResult {
  status: StreamStatus;
  /** Finished operations only. */
  operations: PatchOperation[];
  /** Results of finished operations (empty without `readFile`). */
  changes: FileChange[];
  error: PatchError | null;
  unfinished: OpenOperation | null;
}

/** The line being typed, for live display. Chunking-dependent by nature. */
export interface PartialLine {
  opIndex: number;
  hunkIndex: number;
  kind: PatchLineKind;
  text: string;
}

export interface StreamingParserOptions {
  /** Current text of a file (null if missing). Enables hunk ranges, changes and apply errors. */
  readFile?: (path: string) => string | null;
  isDirectory?: (path: string) => boolean;
}

/** Work counters, for tests that keep the parser linear. */
export interface StreamStats {
  /** Characters examined, counting every rescan. */
  charsScanned: number;
  lines: number;
}

const NO_EVENTS: readonly StreamEvent[] = Object.freeze([]);

export class StreamingPatchParser {
  private readonly machine: PatchLineMachine;
  private readonly applier: PatchApplier | null;
  private readonly out: StreamEvent[] = [];
  private pending = "";
  private lineNumber = 0;
  private status: StreamStatus = "streaming";
  private closed = false;
  private error: PatchError | null = null;
  private resolver: UpdateResolver | null = null;
  private linesOp = -1;
  private linesHunk = -1;
  private linesBatch: PatchLine[] | null = null;
  private readonly counters: StreamStats = { charsScanned: 0, lines: 0 };

  constructor(options: StreamingParserOptions = {}) {
    const { readFile, isDirectory } = options;
    const source: FileSource | null = readFile ? { readFile, isDirectory: isDirectory ?? (() => false) } : null;
    this.applier = source ? new PatchApplier(source) : null;
    this.machine = new PatchLineMachine({
      opStart: (op, opIndex) => this.onOpStart(op, opIndex),
      line: (opIndex, hunkIndex, line) => this.onLine(opIndex, hunkIndex, line),
      chunkEnd: (opIndex, chunkIndex, chunk) => {
        const resolved = this.resolver?.resolve(chunk) ?? null;
        this.emit({
          type: "hunk_complete",
          opIndex,
          hunkIndex: chunkIndex,
          range: resolved ? { startLine: resolved.start + 1, endLine: resolved.start + resolved.oldCount } : null,
          level: resolved?.level ?? null,
        });
      },
      opEnd: (op, opIndex) => this.onOpEnd(op, opIndex),
      patchEnd: () => {
        this.status = "complete";
        this.emit({ type: "patch_complete", operationCount: this.machine.operations.length });
      },
    });
  }

  get stats(): Readonly<StreamStats> {
    return this.counters;
  }

  push(chunk: string): readonly StreamEvent[] {
    if (this.closed || this.status === "error") return NO_EVENTS;
    let start = 0;
    // Only the new chunk is scanned; the unfinished line is carried, never rescanned.
    for (let nl = chunk.indexOf("\n"); nl !== -1; nl = chunk.indexOf("\n", start)) {
      this.counters.charsScanned += nl + 1 - start;
      const line = this.pending === "" ? chunk.slice(start, nl) : this.pending + chunk.slice(start, nl);
      this.pending = "";
      start = nl + 1;
      if (!this.feed(line)) return this.drain();
    }
    this.counters.charsScanned += chunk.length - start;
    if (start < chunk.length) this.pending += chunk.slice(start);
    return this.drain();
  }

  /** Input is over: an unterminated last line still counts; then completion or truncation. */
  end(): readonly StreamEvent[] {
    if (this.closed || this.status === "error") return NO_EVENTS;
    this.closed = true;
    if (this.pending !== "") {
      const line = this.pending;
      this.pending = "";
      if (!this.feed(line)) return this.drain();
    }
    if (this.status === "streaming") {
      if (!this.machine.started) {
        // Not even `*** Begin Patch`: the same error parsePatch gives.
        this.run(() => this.machine.finish());
      } else if (this.run(() => this.machine.announceOpenUpdate())) {
        this.status = "truncated";
        this.emit({ type: "truncated", line: this.machine.lineCount, unfinished: this.machine.openOperation });
      }
    }
    return this.drain();
  }

  /** The line being typed, if it would be a hunk line. Costs O(its length): call per frame, not per token. */
  get partialLine(): PartialLine | null {
    if (this.pending === "" || this.closed || this.status !== "streaming") return null;
    const target = this.machine.bodyHunk;
    if (!target) return null;
    const first = this.pending[0];
    const kind: PatchLineKind | null =
      first === "+" ? "add" : target.addOnly ? null : first === "-" ? "remove" : first === " " ? "context" : null;
    if (!kind) return null;
    const text = this.pending.endsWith("\r") ? this.pending.slice(1, -1) : this.pending.slice(1);
    return { opIndex: target.opIndex, hunkIndex: target.hunkIndex, kind, text };
  }

  result(): StreamResult {
    const open = this.machine.openOperation;
    const operations = open ? this.machine.operations.slice(0, open.opIndex) : [...this.machine.operations];
    return {
      status: this.status,
      operations,
      changes: this.applier ? [...this.applier.changes] : [],
      error: this.error,
      unfinished: open,
    };
  }

  private feed(line: string): boolean {
    this.counters.lines++;
    this.counters.charsScanned += line.length;
    const n = ++this.lineNumber;
    return this.run(() => this.machine.feed(line, n));
  }

  /** Runs `step`; a PatchError becomes the terminal `error` event. */
  private run(step: () => void): boolean {
    try {
      step();
      return true;
    } catch (err) {
      if (!(err instanceof PatchError)) throw err;
      this.status = "error";
      this.error = err;
      const open = this.machine.openOperation;
      this.emit({
        type: "error",
        code: err.code,
        message: err.message,
        line: err.line,
        opIndex: open?.opIndex ?? null,
        path: err.path,
      });
      return false;
    }
  }

  private onOpStart(op: PatchOperation, opIndex: number): void {
    const event: StreamEvent = { type: "op_start", opIndex, kind: op.kind, path: op.path, line: op.line };
    if (op.kind === "update" && op.moveTo !== undefined) event.moveTo = op.moveTo;
    this.emit(event);
    // Validation errors (missing file, directory) surface at the header, as in applyPatch.
    this.resolver = this.applier?.begin(op) ?? null;
  }

  private onLine(opIndex: number, hunkIndex: number, line: PatchLine): void {
    if (this.linesBatch && this.linesOp === opIndex && this.linesHunk === hunkIndex) {
      this.linesBatch.push(line);
      return;
    }
    this.flushLines();
    this.linesOp = opIndex;
    this.linesHunk = hunkIndex;
    this.linesBatch = [line];
  }

  private onOpEnd(op: PatchOperation, opIndex: number): void {
    if (op.kind === "add") {
      this.emit({ type: "hunk_complete", opIndex, hunkIndex: 0, range: this.applier ? { startLine: 1, endLine: 0 } : null, level: this.applier ? "exact" : null });
    }
    const change = this.applier?.complete(op, this.resolver) ?? null;
    this.resolver = null;
    this.emit({ type: "op_complete", opIndex, operation: op, change });
  }

  private emit(event: StreamEvent): void {
    this.flushLines();
    this.out.push(event);
  }

  private flushLines(): void {
    if (!this.linesBatch) return;
    this.out.push({ type: "hunk_lines", opIndex: this.linesOp, hunkIndex: this.linesHunk, lines: this.linesBatch });
    this.linesBatch = null;
  }

  private drain(): readonly StreamEvent[] {
    this.flushLines();
    // Most 1-byte pushes complete nothing; don't allocate for them.
    return this.out.length === 0 ? NO_EVENTS : this.out.splice(0, this.out.length);
  }
}

/** Merges adjacent `hunk_lines` events of the same hunk; the result no longer depends on chunking. */
export function coalesceEvents(events: readonly StreamEvent[]): StreamEvent[] {
  const out: StreamEvent[] = [];
  for (const event of events) {
    const prev = out[out.length - 1];
    if (
      event.type === "hunk_lines" &&
      prev?.type === "hunk_lines" &&
      prev.opIndex === event.opIndex &&
      prev.hunkIndex === event.hunkIndex
    ) {
      out[out.length - 1] = { ...prev, lines: [...prev.lines, ...event.lines] };
    } else {
      out.push(event);
    }
  }
  return out;
}

/** Convenience: the events for a whole text pushed at once, then `end()`. */
export function streamEvents(text: string, options?: StreamingParserOptions): StreamEvent[] {
  const parser = new StreamingPatchParser(options);
  return [...parser.push(text), ...parser.end()];
}
