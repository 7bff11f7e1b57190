/** apply_patch → editor: each hunk is placed on the file as it streams (see planner.ts). */
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

import { mergeHunks, sideTexts, type MergedLines } from "./merged-view";
import { clearPending, LiveView, showPending, type EditorBatch, type PendingMark, type StreamProblem, type ViewStart } from "./planner-view";

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
