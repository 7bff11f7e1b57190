/**
 * Stream → editor planners: turn a streaming edit tool call into coalesced batches of editor
 * edits on the merged view of each file (see merged-view.ts).
 *
 * Call `push(...)` for every delta (cheap: O(delta) plus the lines it completes) and `drain()`
 * once per animation frame; a drain returns one batch per file that changed since the last,
 * each a handful of non-overlapping edits, however many deltas arrived. Applying every batch
 * in order to each batch's `start.initialText` gives exactly the planner's merged view: the
 * same as if each step had been applied on its own.
 *
 * The real files are never touched here: a failed or cut-off stream reverts its views.
 */
import {
  computeHunks,
  foldPunctuation,
  LineMatcher,
  splitText,
  StreamingPatchParser,
  type FileChange,
  type PartialLine,
  type PatchLine,
  type PatchOperationKind,
  type StreamEvent,
} from "@/lib/edits";

import { JsonFieldDecoder } from "./json-fields";
import { mergeHunks, MergedDoc, sideTexts, type DecorationSet, type EditOp, type LineKind, type MergedLines } from "./merged-view";

export type ViewOperation = PatchOperationKind | "write";
export type ViewState = "streaming" | "complete" | "failed";

interface ViewStart {
  /** The text the view's first edits apply to: create the proposal model from it (once, never per chunk). */
  initialText: string;
  operation: ViewOperation;
  /** An update that also moves the file. */
  moveTo?: string;
}

export interface EditorBatch {
  path: string;
  /**
   * Only in a view's first batch. A later batch with `start` for the same path is a new view
   * (a second operation on that file in one patch): reset the proposal model to its text.
   */
  start?: ViewStart;
  /** One pushEditOperations call: ranges address the model before the batch and never overlap. */
  edits: EditOp[];
  /** Full replacement set for the view (not a delta): hand it to deltaDecorations as is. */
  decorations: DecorationSet;
  /** 1-based line where the stream is writing, to scroll into view. */
  reveal?: number;
  /** "failed": the stream errored, was cut off or aborted, and the view is back to its initial text. */
  state: ViewState;
}

export interface StreamProblem {
  kind: "error" | "truncated" | "aborted";
  message: string;
  /** The file concerned, when known. */
  path: string | null;
}

/** One file's merged view and what of it the editor has not seen yet. */
class LiveView {
  readonly doc: MergedDoc;
  state: ViewState = "streaming";
  reveal: number | null = null;
  private start: ViewStart | null;
  private sentState: ViewState | null = null;

  constructor(
    readonly path: string,
    start: ViewStart,
  ) {
    this.doc = MergedDoc.fromText(start.initialText);
    this.start = start;
  }

  batch(): EditorBatch | null {
    if (!this.start && !this.doc.dirty && this.sentState === this.state) return null;
    const batch: EditorBatch = { path: this.path, edits: this.doc.takeEdits(), decorations: this.doc.decorations(), state: this.state };
    if (this.start) batch.start = this.start;
    if (this.reveal !== null) batch.reveal = this.reveal;
    this.start = null;
    this.reveal = null;
    this.sentState = this.state;
    return batch;
  }

  /** Back to the initial text; nothing of the stream stays visible. */
  fail(initialText: string): void {
    if (this.state === "failed") return;
    this.doc.reconcileTo(MergedDoc.fromText(initialText));
    this.state = "failed";
  }
}

/** Where the line being typed is shown: an inserted line, or a marked line of the file. */
interface PendingMark {
  view: LiveView;
  index: number;
  inserted: boolean;
  kind: LineKind;
}

function showPending(view: LiveView, index: number, text: string, onExistingLine: boolean): PendingMark {
  const doc = view.doc;
  view.reveal = index + 1;
  if (onExistingLine) {
    const mark = { view, index, inserted: false, kind: doc.kind(index) };
    doc.setKinds(index, 1, "pending");
    return mark;
  }
  // A typed line has no break yet; a lone CR would become one in Monaco.
  doc.splice(index, 0, [text.endsWith("\r") ? text.slice(0, -1) : text], "pending");
  return { view, index, inserted: true, kind: "pending" };
}

function clearPending(mark: PendingMark | null): null {
  if (!mark) return null;
  if (mark.inserted) mark.view.doc.splice(mark.index, 1, [], "context");
  else mark.view.doc.setKinds(mark.index, 1, mark.kind);
  return null;
}

// ── write_file ────────────────────────────────────────────────────────────────────────────────

export interface RewritePlannerOptions {
  path: string;
  /** The file as the editor has it; null for a new file. */
  original: string | null;
  /** How many original lines ahead a new line may match (default 64). */
  window?: number;
}

/** Lines this short ("}", "", "*\/") recur everywhere: they only match where the pointer is. */
const WEAK_LINE = 4;

/**
 * Greedy streaming alignment of a whole-file rewrite against the original: a pointer walks the
 * original lines; each finished new line is context when it equals the line at the pointer,
 * resynchronises when it equals a line a bounded window ahead (the skipped lines become
 * removed), and is added otherwise. Per line: O(log n) lookup plus the insertion. The live
 * alignment is a guess; review's `reconcile` moves to the exact diff in a few edits.
 */
export class RewriteStreamPlanner {
  private readonly live: LiveView;
  private readonly original: string;
  private readonly lines: readonly string[];
  private readonly window: number;
  /** Original line indices by text, ascending: the lookahead is a binary search, not a scan. */
  private readonly positions = new Map<string, number[]>();
  private pointer = 0;
  /** Doc index of the original line at the pointer: new lines go here. */
  private cursor = 0;
  /** Added lines right before the cursor, since the last line that matched. */
  private addedRun = 0;
  private partial = "";
  private pending: PendingMark | null = null;
  private ended = false;

  constructor(options: RewritePlannerOptions) {
    this.original = options.original ?? "";
    this.window = options.window ?? 64;
    this.live = new LiveView(options.path, { initialText: this.original, operation: options.original === null ? "add" : "write" });
    this.lines = splitText(this.original).texts;
    this.lines.forEach((line, index) => {
      const list = this.positions.get(line);
      if (list) list.push(index);
      else this.positions.set(line, [index]);
    });
  }

  /** The merged view as it stands (settled after `end()`). */
  get view(): MergedLines {
    return this.live.doc;
  }

  get state(): ViewState {
    return this.live.state;
  }

  /** More decoded `content` text. */
  push(text: string): void {
    if (this.ended) return;
    this.pending = clearPending(this.pending);
    let from = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
      const piece = text.slice(from, nl);
      const line = this.partial === "" ? piece : this.partial + piece;
      this.partial = "";
      this.consume(line.endsWith("\r") ? line.slice(0, -1) : line);
      from = nl + 1;
    }
    if (from < text.length) this.partial += text.slice(from);
  }

  /** The content is complete: its unterminated last line counts, original lines left over are removed. */
  end(): void {
    if (this.ended) return;
    this.pending = clearPending(this.pending);
    if (this.partial !== "") this.consume(this.partial);
    this.partial = "";
    this.resync(this.lines.length);
    this.ended = true;
    this.live.state = "complete";
  }

  /** The stream stopped or the call failed: nothing of it stays visible. */
  abort(): void {
    this.pending = clearPending(this.pending);
    this.ended = true;
    this.live.fail(this.original);
  }

  drain(): EditorBatch[] {
    if (!this.ended) {
      this.pending = clearPending(this.pending);
      if (this.partial !== "") {
        const atPointer = this.pointer < this.lines.length && this.lines[this.pointer]!.startsWith(this.partial);
        this.pending = showPending(this.live, this.cursor, this.partial, atPointer);
      } else {
        this.live.reveal = Math.min(this.cursor + 1, Math.max(1, this.live.doc.lineCount));
      }
    }
    const batch = this.live.batch();
    return batch ? [batch] : [];
  }

  private consume(line: string): void {
    if (this.pointer < this.lines.length && this.lines[this.pointer] === line) {
      this.matched();
      return;
    }
    const ahead = line.trim().length < WEAK_LINE ? -1 : this.lookahead(line);
    if (ahead !== -1) {
      this.resync(ahead);
      this.matched();
      return;
    }
    this.live.doc.splice(this.cursor, 0, [line], "added");
    this.cursor++;
    this.addedRun++;
  }

  private matched(): void {
    this.pointer++;
    this.cursor++;
    this.addedRun = 0;
  }

  private lookahead(line: string): number {
    const list = this.positions.get(line);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! <= this.pointer) lo = mid + 1;
      else hi = mid;
    }
    const found = list[lo];
    return found !== undefined && found <= this.pointer + this.window ? found : -1;
  }

  /**
   * Skips the original lines up to `target` (they become removed). Added lines just before the
   * cursor that equal the skipped lines' tail are the same lines written again ("}" and blank
   * lines after a changed block): they are dropped and the original lines stay as context.
   */
  private resync(target: number): void {
    const doc = this.live.doc;
    const skipped = target - this.pointer;
    let same = 0;
    while (same < this.addedRun && same < skipped && doc.text(this.cursor - 1 - same) === this.lines[target - 1 - same]) same++;
    if (same > 0) {
      doc.splice(this.cursor - same, same, [], "context");
      this.cursor -= same;
    }
    doc.setKinds(this.cursor, skipped - same, "removed");
    this.cursor += skipped;
    this.pointer = target;
    this.addedRun = 0;
  }
}

// ── apply_patch ───────────────────────────────────────────────────────────────────────────────

export interface PatchPlannerOptions {
  /** The text the editor has for a path; null when there is no such file. */
  readFile: (path: string) => string | null;
  isDirectory?: (path: string) => boolean;
}

/** Re-seeks of one hunk while it streams; after that it waits for its resolved range. */
const MAX_SEEKS = 4;

interface HunkState {
  lines: PatchLine[];
  oldCount: number;
  placed: boolean;
  /** Placed from the parser's resolved range, so its lines are not checked against the file. */
  trusted: boolean;
  /** Original lines `[origStart, origPos)` are laid out, with `added` added lines among them. */
  origStart: number;
  origPos: number;
  added: number;
  /** Lines of `lines` laid out; a trailing empty old line that does not match waits here. */
  laidOut: number;
  seeks: number;
}

interface OpView {
  live: LiveView;
  kind: PatchOperationKind;
  base: string;
  lines: readonly string[];
  matcher: LineMatcher;
  hunks: HunkState[];
  /** Placed hunks in document order: by original start, insertions before lines starting there. */
  laid: HunkState[];
  /** Where the next hunk's search starts, as in lib/edits' UpdateResolver. */
  searchFrom: number;
}

/** lib/edits' match levels as one predicate: exact, trimEnd, trim, or punctuation-folded equality. */
function linesMatch(fileLine: string, patchLine: string): boolean {
  return (
    fileLine === patchLine ||
    fileLine.trimEnd() === patchLine.trimEnd() ||
    fileLine.trim() === patchLine.trim() ||
    foldPunctuation(fileLine) === foldPunctuation(patchLine)
  );
}

function oldTexts(lines: readonly PatchLine[]): string[] {
  const out: string[] = [];
  for (const line of lines) if (line.kind !== "add") out.push(line.text);
  return out;
}

/**
 * Mirrors lib/edits' retry for a hunk whose trailing empty old line stood for the file's final
 * newline (apply.ts `dropTrailingEmptyOldLine`, which is not exported).
 */
function dropTrailingEmptyOldLine(lines: readonly PatchLine[]): PatchLine[] {
  const out = [...lines];
  const lastOld = out.findLastIndex((l) => l.kind !== "add");
  if (out[lastOld]!.kind === "context") out[lastOld] = { kind: "add", text: "" };
  else out.splice(lastOld, 1);
  const lastNew = out.findLastIndex((l) => l.kind !== "remove");
  if (lastNew !== -1 && out[lastNew]!.text === "") {
    if (out[lastNew]!.kind === "add") out.splice(lastNew, 1);
    else out[lastNew] = { kind: "remove", text: "" };
  }
  return out;
}

/**
 * Shows an `apply_patch` as it streams. Each hunk is placed tentatively the moment its first
 * old line arrives, by seeking (lib/edits' LineMatcher, so the matching rules are the
 * engine's) from where the previous hunk ended; context lines then advance, removed lines
 * are marked, added lines are inserted. A line that contradicts the tentative place triggers
 * a re-seek; `hunk_complete` confirms the place or moves the hunk to the resolved range; and
 * `op_complete` checks the view against the operation's result, rebuilding it in the rare
 * cases streaming could not follow (hunks anchored by `@@` lines that matched elsewhere first
 * are only moved at completion, since `@@` lines are not streamed as events).
 */
export class PatchStreamPlanner {
  private readonly options: PatchPlannerOptions;
  private parser: StreamingPatchParser | null = null;
  private partial: PartialLine | null = null;
  private readonly views: OpView[] = [];
  private readonly byOp = new Map<number, OpView>();
  /** Texts as earlier operations of this patch left them (null: deleted or moved away). */
  private readonly overlay = new Map<string, string | null>();
  private pending: PendingMark | null = null;
  private streamProblem: StreamProblem | null = null;
  /** `*** End Patch` arrived; only an error (trailing garbage) can follow. */
  private completed = false;

  constructor(options: PatchPlannerOptions) {
    this.options = options;
  }

  get problem(): StreamProblem | null {
    return this.streamProblem;
  }

  /** The latest view of `path`, settled once its operation completed. */
  view(path: string): MergedLines | null {
    return this.views.findLast((v) => v.live.path === path)?.live.doc ?? null;
  }

  /** Raw patch text; the planner runs lib/edits' StreamingPatchParser over it. */
  push(text: string): void {
    this.pushEvents(this.ownParser().push(text));
  }

  end(): void {
    this.pushEvents(this.ownParser().end());
  }

  /**
   * Events from a parser the caller runs (with the same readFile, so hunk ranges are known).
   * `partial` is its `partialLine`, shown at the next drain.
   */
  pushEvents(events: readonly StreamEvent[], partial: PartialLine | null = null): void {
    this.partial = partial;
    if (this.streamProblem) return;
    this.pending = clearPending(this.pending);
    for (const event of events) {
      this.apply(event);
      if (this.streamProblem) return;
    }
  }

  /** The stream stopped or the call failed: nothing of the patch is applied, so nothing of it stays visible. */
  abort(): void {
    this.fail({ kind: "aborted", message: "the edit was stopped", path: null });
  }

  drain(): EditorBatch[] {
    this.pending = clearPending(this.pending);
    const partial = this.parser ? this.parser.partialLine : this.partial;
    if (!this.completed && !this.streamProblem && partial) this.pending = this.showPartial(partial);
    const batches: EditorBatch[] = [];
    for (const view of this.views) {
      const batch = view.live.batch();
      if (batch) batches.push(batch);
    }
    return batches;
  }

  private ownParser(): StreamingPatchParser {
    this.parser ??= new StreamingPatchParser({ readFile: this.options.readFile, isDirectory: this.options.isDirectory });
    return this.parser;
  }

  private apply(event: StreamEvent): void {
    switch (event.type) {
      case "op_start":
        return this.opStart(event.opIndex, event.kind, event.path, event.moveTo);
      case "hunk_lines":
        return this.hunkLines(event.opIndex, event.hunkIndex, event.lines);
      case "hunk_complete":
        return this.hunkComplete(event.opIndex, event.hunkIndex, event.range);
      case "op_complete":
        return this.opComplete(event.opIndex, event.change);
      case "patch_complete":
        this.completed = true;
        return;
      case "error":
        return this.fail({ kind: "error", message: event.message, path: event.path });
      case "truncated":
        return this.fail({ kind: "truncated", message: "the patch was cut off before *** End Patch", path: event.unfinished?.path ?? null });
    }
  }

  private fail(problem: StreamProblem): void {
    if (this.streamProblem) return;
    this.pending = clearPending(this.pending);
    this.streamProblem = problem;
    // A patch applies all or nothing, so no operation of a failed one stays visible.
    for (const view of this.views) view.live.fail(view.base);
  }

  private readBase(path: string): string | null {
    return this.overlay.has(path) ? this.overlay.get(path)! : this.options.readFile(path);
  }

  private opStart(opIndex: number, kind: PatchOperationKind, path: string, moveTo: string | undefined): void {
    const existing = this.readBase(path);
    // A missing file is the parser's error to report, right after this event.
    if (existing === null && kind !== "add") return;
    const base = existing ?? "";
    const start: ViewStart = { initialText: base, operation: kind };
    if (moveTo !== undefined) start.moveTo = moveTo;
    const live = new LiveView(path, start);
    const lines = splitText(base).texts;
    const view: OpView = { live, kind, base, lines, matcher: new LineMatcher(lines), hunks: [], laid: [], searchFrom: 0 };
    // A delete removes every line; an add over an existing file replaces them.
    if (kind !== "update") live.doc.setKinds(0, lines.length, "removed");
    this.views.push(view);
    this.byOp.set(opIndex, view);
  }

  private hunkLines(opIndex: number, hunkIndex: number, lines: readonly PatchLine[]): void {
    const view = this.byOp.get(opIndex);
    if (!view) return;
    const doc = view.live.doc;
    if (view.kind === "add") {
      doc.splice(
        doc.lineCount,
        0,
        lines.map((l) => l.text),
        "added",
      );
      view.live.reveal = doc.lineCount;
      return;
    }
    let hunk = view.hunks[hunkIndex];
    if (!hunk) {
      hunk = { lines: [], oldCount: 0, placed: false, trusted: false, origStart: 0, origPos: 0, added: 0, laidOut: 0, seeks: 0 };
      view.hunks[hunkIndex] = hunk;
      // Until its first old line says where it goes, a hunk floats where the search would start.
      this.place(view, hunk, view.searchFrom, false);
    }
    for (const line of lines) {
      hunk.lines.push(line);
      if (line.kind !== "add") hunk.oldCount++;
    }
    if (hunk.placed && this.extend(view, hunk)) return;
    if (hunk.placed) this.unplace(view, hunk);
    this.seek(view, hunk);
  }

  private seek(view: OpView, hunk: HunkState): void {
    if (hunk.oldCount === 0) {
      this.place(view, hunk, view.searchFrom, false);
      return;
    }
    if (hunk.seeks >= MAX_SEEKS) return;
    hunk.seeks++;
    const found = view.matcher.seek(oldTexts(hunk.lines), view.searchFrom, false);
    if (found) this.place(view, hunk, found.index, false);
  }

  private hunkComplete(opIndex: number, hunkIndex: number, range: { startLine: number; endLine: number } | null): void {
    const view = this.byOp.get(opIndex);
    const hunk = view?.hunks[hunkIndex];
    if (!view || !hunk) return;
    if (range === null) {
      // No resolver (events from a parser without readFile): the tentative place stands.
      if (hunk.placed) view.searchFrom = hunk.origPos;
      return;
    }
    const start = range.startLine - 1;
    const count = range.endLine - range.startLine + 1;
    let lines: PatchLine[] | null = hunk.lines;
    if (count !== hunk.oldCount) {
      lines = count === hunk.oldCount - 1 && oldTexts(hunk.lines).at(-1) === "" ? dropTrailingEmptyOldLine(hunk.lines) : null;
    }
    const exact = hunk.placed && hunk.origStart === start && lines === hunk.lines && hunk.laidOut === hunk.lines.length;
    if (exact) {
      hunk.trusted = true;
    } else {
      if (hunk.placed) this.unplace(view, hunk);
      // Unknown shapes are left unplaced; op_complete rebuilds the view from the result.
      if (lines) {
        hunk.lines = lines;
        hunk.oldCount = count;
        this.place(view, hunk, start, true);
      }
    }
    // As in UpdateResolver: a pure addition does not move the search start.
    if (count > 0) view.searchFrom = start + count;
  }

  private opComplete(opIndex: number, change: FileChange | null): void {
    const view = this.byOp.get(opIndex);
    if (change) {
      if (change.kind === "delete") {
        this.overlay.set(change.path, null);
      } else if (change.kind === "update" && change.moveTo !== undefined) {
        this.overlay.set(change.path, null);
        this.overlay.set(change.moveTo, change.content);
      } else {
        this.overlay.set(change.path, change.content);
      }
    }
    if (!view) return;
    if (change && change.kind !== "delete") {
      const doc = view.live.doc;
      const after = splitText(change.content).texts;
      if (!sameLines(sideTexts(doc, "after"), after) || !sameLines(sideTexts(doc, "before"), view.lines)) {
        doc.reconcileTo(mergeHunks(view.base, computeHunks(view.base, change.content)));
      }
    }
    view.live.state = "complete";
  }

  /** Lays `hunk` out from original line `origStart`; false (and nothing changed) if it cannot go there. */
  private place(view: OpView, hunk: HunkState, origStart: number, trusted: boolean): boolean {
    const end = origStart + hunk.oldCount;
    for (const other of view.laid) {
      if (other === hunk) continue;
      const otherEnd = other.origPos;
      // Intervals overlap, or an insertion point falls strictly inside the other's lines.
      const overlaps = end > origStart ? other.origStart < end && otherEnd > origStart : other.origStart < origStart && otherEnd > origStart;
      if (overlaps) return false;
    }
    hunk.placed = true;
    hunk.trusted = trusted;
    hunk.origStart = origStart;
    hunk.origPos = origStart;
    hunk.added = 0;
    hunk.laidOut = 0;
    const zeroLength = hunk.oldCount === 0;
    let at = 0;
    while (at < view.laid.length) {
      const other = view.laid[at]!;
      if (other.origStart > origStart || (other.origStart === origStart && zeroLength && other.origPos > other.origStart)) break;
      at++;
    }
    view.laid.splice(at, 0, hunk);
    if (this.extend(view, hunk)) return true;
    this.unplace(view, hunk);
    return false;
  }

  /** Lays out the hunk's lines not laid out yet; false when one contradicts the file. */
  private extend(view: OpView, hunk: HunkState): boolean {
    const doc = view.live.doc;
    const next = view.laid[view.laid.indexOf(hunk) + 1];
    let at = this.docStart(view, hunk) + (hunk.origPos - hunk.origStart) + hunk.added;
    for (; hunk.laidOut < hunk.lines.length; hunk.laidOut++) {
      const line = hunk.lines[hunk.laidOut]!;
      if (line.kind === "add") {
        doc.splice(at++, 0, [line.text], "added");
        hunk.added++;
        continue;
      }
      const fits = hunk.origPos < view.lines.length && (!next || next.origStart > hunk.origPos);
      if (!fits || (!hunk.trusted && !linesMatch(view.lines[hunk.origPos]!, line.text))) {
        // A trailing empty old line often stands for the final newline (see dropTrailingEmptyOldLine):
        // hold it back rather than give up the place; any line after it settles the question.
        const last = hunk.laidOut === hunk.lines.length - 1;
        if (last && line.text === "" && !hunk.trusted) break;
        return false;
      }
      if (line.kind === "remove") doc.setKinds(at, 1, "removed");
      at++;
      hunk.origPos++;
    }
    view.live.reveal = Math.max(1, at);
    return true;
  }

  /** Takes the hunk's lines out of the view: its added lines go, its removed lines are context again. */
  private unplace(view: OpView, hunk: HunkState): void {
    const doc = view.live.doc;
    const start = this.docStart(view, hunk);
    for (let i = start + (hunk.origPos - hunk.origStart) + hunk.added - 1; i >= start; i--) {
      if (doc.kind(i) === "added") doc.splice(i, 1, [], "context");
      else doc.setKinds(i, 1, "context");
    }
    view.laid.splice(view.laid.indexOf(hunk), 1);
    hunk.placed = false;
    hunk.origPos = hunk.origStart;
    hunk.added = 0;
    hunk.laidOut = 0;
  }

  /** Doc index of a placed hunk's first line: its original start plus the lines added above it. */
  private docStart(view: OpView, hunk: HunkState): number {
    let index = hunk.origStart;
    for (const other of view.laid) {
      if (other === hunk) return index;
      index += other.added;
    }
    throw new Error("hunk is not placed");
  }

  /** Shows the line being typed: inserted where an added line would go, or marking the next file line. */
  private showPartial(partial: PartialLine): PendingMark | null {
    const view = this.byOp.get(partial.opIndex);
    if (!view || view.live.state !== "streaming") return null;
    const doc = view.live.doc;
    if (view.kind === "add") return showPending(view.live, doc.lineCount, partial.text, false);
    const hunk = view.hunks[partial.hunkIndex];
    let at: number;
    let origPos: number;
    if (hunk) {
      if (!hunk.placed || hunk.laidOut < hunk.lines.length) return null;
      at = this.docStart(view, hunk) + (hunk.origPos - hunk.origStart) + hunk.added;
      origPos = hunk.origPos;
      const next = view.laid[view.laid.indexOf(hunk) + 1];
      if (next && next.origStart <= origPos) return null;
    } else {
      // A hunk not started yet would float at the search start.
      origPos = view.searchFrom;
      at = origPos;
      for (const other of view.laid) {
        if (other.origStart > origPos || (other.origStart === origPos && other.origPos > origPos)) break;
        if (other.origPos > origPos) return null;
        at += other.added;
      }
    }
    if (partial.kind === "add") return showPending(view.live, at, partial.text, false);
    return hunk && origPos < view.lines.length ? showPending(view.live, at, partial.text, true) : null;
  }
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ── tool calls ────────────────────────────────────────────────────────────────────────────────

export type EditToolName = "apply_patch" | "write_file";

export interface ToolCallPlannerOptions extends PatchPlannerOptions {
  /** write_file's lookahead window (see RewriteStreamPlanner). */
  window?: number;
}

/**
 * One edit tool call, fed the raw JSON text of its arguments as it streams (`tool-delta`):
 * decodes `patch` for apply_patch, `path` and `content` for write_file (content arriving
 * before path is held until the path is known), and drives the matching planner.
 */
export class ToolCallPlanner {
  private readonly decoder = new JsonFieldDecoder();
  private readonly patch: PatchStreamPlanner | null;
  private rewrite: RewriteStreamPlanner | null = null;
  private path = "";
  private pathDone = false;
  private held: string[] = [];
  private contentDone = false;
  private ownProblem: StreamProblem | null = null;

  constructor(
    readonly toolName: EditToolName,
    private readonly options: ToolCallPlannerOptions,
  ) {
    this.patch = toolName === "apply_patch" ? new PatchStreamPlanner(options) : null;
  }

  get problem(): StreamProblem | null {
    return this.ownProblem ?? this.patch?.problem ?? null;
  }

  view(path: string): MergedLines | null {
    if (this.patch) return this.patch.view(path);
    return this.rewrite && this.path === path ? this.rewrite.view : null;
  }

  push(delta: string): void {
    for (const field of this.decoder.push(delta)) {
      if (this.patch) {
        if (field.field !== "patch") continue;
        this.patch.push(field.text);
        if (field.done) this.patch.end();
      } else if (field.field === "path" && !this.pathDone) {
        this.path += field.text;
        if (field.done) this.startRewrite();
      } else if (field.field === "content" && !this.contentDone) {
        if (this.rewrite) this.rewrite.push(field.text);
        else this.held.push(field.text);
        if (field.done) {
          this.contentDone = true;
          this.rewrite?.end();
        }
      }
    }
    const error = this.decoder.error;
    if (error) this.stop({ kind: "error", message: `tool input is not valid JSON: ${error.message}`, path: this.pathDone ? this.path : null });
  }

  /** The tool input is complete (or the stream ended): anything unfinished is shown as failed. */
  end(): void {
    this.decoder.end();
    // A patch cut off mid-line must not have that line read as complete.
    const complete = this.patch ? this.decoder.status === "complete" : this.contentDone && this.pathDone;
    const message = this.decoder.status === "complete" ? "the tool input lacks a path or content" : "the tool input was cut off";
    if (!complete) this.stop({ kind: "truncated", message, path: this.pathDone ? this.path : null });
    else this.patch?.end();
  }

  abort(): void {
    this.stop({ kind: "aborted", message: "the edit was stopped", path: this.pathDone ? this.path : null });
  }

  drain(): EditorBatch[] {
    return this.patch?.drain() ?? this.rewrite?.drain() ?? [];
  }

  private startRewrite(): void {
    this.pathDone = true;
    this.rewrite = new RewriteStreamPlanner({ path: this.path, original: this.options.readFile(this.path), window: this.options.window });
    for (const text of this.held) this.rewrite.push(text);
    this.held = [];
    if (this.contentDone) this.rewrite.end();
  }

  /** The first problem wins: a JSON error after a patch error is a consequence, not news. */
  private stop(problem: StreamProblem): void {
    if (this.problem) return;
    this.ownProblem = problem;
    this.patch?.abort();
    this.rewrite?.abort();
  }
}
