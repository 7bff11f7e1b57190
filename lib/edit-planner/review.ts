/**
 * Review of a finished proposal in the editor: the same merged view the stream showed, now
 * laid out from lib/edits' hunks, with per-hunk accept/reject as minimal edits on that view,
 * and the file text (plus the one batch of edits producing it) for the accepted hunks on top
 * of whatever the user's file holds now.
 */
import type { HunkDecision } from "@/lib/chat/review";
import { applyHunks, computeHunks, rebaseHunks, splitLinesKeepEnds, type Hunk } from "@/lib/edits";

import { displayText, mergeHunks, MergedDoc, reconcile, type EditOp, type LineRange, type MergedLines } from "./merged-view";
import type { EditorBatch, ViewOperation } from "./planner-view";

export interface ReviewHunkRange {
  id: string;
  /** All of the hunk's lines in the merged view: removed lines, then added ones. */
  range: LineRange;
  removed: LineRange | null;
  added: LineRange | null;
}

export interface ReviewProposal {
  path: string;
  moveTo?: string;
  /** null: the file is new. */
  before: string | null;
  /** null: the file is deleted. */
  after: string | null;
}

export class ReviewSession {
  readonly path: string;
  /** The text the hunks were computed against (`before`, "" for a new file). */
  readonly base: string;
  readonly hunks: readonly Hunk[];
  private readonly proposal: ReviewProposal;
  private readonly doc: MergedDoc;
  /** Current merged-view index of each hunk's first line, parallel to `hunks`. */
  private readonly starts: number[];
  private readonly decided = new Map<string, HunkDecision>();

  constructor(proposal: ReviewProposal) {
    this.proposal = proposal;
    this.path = proposal.path;
    this.base = proposal.before ?? "";
    this.hunks = computeHunks(this.base, proposal.after ?? "");
    const merged = mergeHunks(this.base, this.hunks);
    this.starts = merged.hunkStarts;
    this.doc = MergedDoc.from(merged);
  }

  get view(): MergedLines {
    return this.doc;
  }

  get decisions(): Readonly<Record<string, HunkDecision>> {
    return Object.fromEntries(this.decided);
  }

  /**
   * The batch that turns the live view (the streamed proposal model, settled) into this review
   * view with minimal edits, or, without a live view, starts a model showing it.
   */
  open(live: MergedLines | null): EditorBatch {
    const batch: EditorBatch = {
      path: this.path,
      edits: live ? reconcile(live, this.doc) : [],
      decorations: this.doc.decorations(),
      state: "complete",
    };
    this.doc.takeEdits();
    if (!live) {
      const operation: ViewOperation = this.proposal.before === null ? "add" : this.proposal.after === null ? "delete" : "update";
      batch.start = { initialText: displayText(this.doc), operation };
      if (this.proposal.moveTo !== undefined) batch.start.moveTo = this.proposal.moveTo;
    }
    return batch;
  }

  /** Where each undecided hunk sits in the merged view now, for accept/reject widgets. */
  ranges(): ReviewHunkRange[] {
    const out: ReviewHunkRange[] = [];
    this.hunks.forEach((hunk, k) => {
      if (this.decided.has(hunk.id)) return;
      const first = this.starts[k]! + 1;
      const removed = hunk.removed.length;
      const added = hunk.added.length;
      out.push({
        id: hunk.id,
        range: { startLineNumber: first, endLineNumber: first + removed + added - 1 },
        removed: removed > 0 ? { startLineNumber: first, endLineNumber: first + removed - 1 } : null,
        added: added > 0 ? { startLineNumber: first + removed, endLineNumber: first + removed + added - 1 } : null,
      });
    });
    return out;
  }

  /** Drops the hunk's removed lines; its added lines become context. Null if unknown or already decided. */
  accept(hunkId: string): EditorBatch | null {
    return this.decide([hunkId], "accepted");
  }

  /** Drops the hunk's added lines; its removed lines become context. */
  reject(hunkId: string): EditorBatch | null {
    return this.decide([hunkId], "rejected");
  }

  acceptAll(): EditorBatch | null {
    return this.decide(
      this.hunks.map((h) => h.id),
      "accepted",
    );
  }

  rejectAll(): EditorBatch | null {
    return this.decide(
      this.hunks.map((h) => h.id),
      "rejected",
    );
  }

  private decide(ids: readonly string[], decision: HunkDecision): EditorBatch | null {
    let changed = false;
    for (const id of ids) {
      const k = this.hunks.findIndex((h) => h.id === id);
      if (k === -1 || this.decided.has(id)) continue;
      const hunk = this.hunks[k]!;
      const start = this.starts[k]!;
      const removed = hunk.removed.length;
      const added = hunk.added.length;
      if (decision === "accepted") {
        this.doc.splice(start, removed, [], "context");
        this.doc.setKinds(start, added, "context");
      } else {
        this.doc.splice(start + removed, added, [], "context");
        this.doc.setKinds(start, removed, "context");
      }
      const dropped = decision === "accepted" ? removed : added;
      for (let j = k + 1; j < this.starts.length; j++) this.starts[j]! -= dropped;
      this.decided.set(id, decision);
      changed = true;
    }
    if (!changed) return null;
    return { path: this.path, edits: this.doc.takeEdits(), decorations: this.doc.decorations(), state: "complete" };
  }
}

export interface ReviewResult {
  /** The file after applying the accepted hunks to `current`, byte for byte. */
  text: string;
  /** Accepted hunks that overlap the user's own changes since `base`; not applied. */
  conflicts: string[];
  /** One pushEditOperations batch turning a model holding `current` into `text` (one undo step). */
  edits: EditOp[];
}

/**
 * Applies the hunks `decisions` accepts (computed against `base`) on top of `current`, the file
 * as it is now: hunks away from the user's own edits since `base` shift past them, the others
 * are conflicts. Pass the decisions being written now: hunks already written into `current`
 * show up as changes there and must not be applied again.
 */
export function resultFor(input: {
  hunks: readonly Hunk[];
  decisions: Readonly<Record<string, HunkDecision>>;
  current: string;
  base: string;
}): ReviewResult {
  const accepted = input.hunks.filter((h) => input.decisions[h.id] === "accepted");
  const { applicable, conflicts } = rebaseHunks(accepted, input.base, input.current);
  const text = applyHunks(
    input.current,
    applicable,
    applicable.map((h) => h.id),
  );
  return { text, conflicts: conflicts.map((h) => h.id), edits: hunkEdits(input.current, applicable) };
}

/** One edit per hunk, trimmed to the characters that differ, in Monaco positions of `text`. */
function hunkEdits(text: string, hunks: readonly Hunk[]): EditOp[] {
  const lines = splitLinesKeepEnds(text);
  const ops: EditOp[] = [];
  for (const hunk of hunks) {
    const start = hunk.original.start - 1;
    const before = lines.slice(start, start + hunk.original.count).join("");
    const op = textEdit(before, hunk.added.join(""), hunk.original.start);
    if (op) ops.push(op);
  }
  return ops;
}

/**
 * The one edit replacing raw text `before` (which starts at column 1 of `line`) by `after`, trimmed
 * to the middle that differs; null when they are equal. Raw text carries CRLF, CR and LF breaks,
 * each one break to Monaco; trimming never splits a CRLF or a surrogate pair.
 */
export function textEdit(before: string, after: string, line = 1): EditOp | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Either side counts: "\r" + "\n" would pair up across the edit's boundary just the same.
  while (prefix > 0 && (splitsPair(before, prefix) || splitsPair(after, prefix))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  while (suffix > 0 && (splitsPair(before, before.length - suffix) || splitsPair(after, after.length - suffix))) suffix--;
  const start = position(before, prefix, line);
  const end = position(before, before.length - suffix, line);
  return {
    range: { startLineNumber: start.line, startColumn: start.column, endLineNumber: end.line, endColumn: end.column },
    text: after.slice(prefix, after.length - suffix),
  };
}

/** Whether offset `at` falls inside a CRLF or a surrogate pair of `text`. */
function splitsPair(text: string, at: number): boolean {
  const prev = text.charCodeAt(at - 1);
  const next = text.charCodeAt(at);
  return (prev === 13 && next === 10) || (prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
}

function position(text: string, offset: number, firstLine: number): { line: number; column: number } {
  let line = firstLine;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (code === 10 || code === 13) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
