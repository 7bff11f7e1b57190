/** The merged view a planner keeps per file, and the batches it hands the editor. */
import type { PatchOperationKind } from "@/lib/edits";

import { MergedDoc, type DecorationSet, type EditOp, type LineKind } from "./merged-view";

export type ViewOperation = PatchOperationKind | "write";
export type ViewState = "streaming" | "complete" | "failed";

export interface ViewStart {
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
  /** Full replacement set for the view (not a delta); ./decoration-delta.ts finds what changed. */
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
export class LiveView {
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
export interface PendingMark {
  view: LiveView;
  index: number;
  inserted: boolean;
  kind: LineKind;
}

export function showPending(view: LiveView, index: number, text: string, onExistingLine: boolean): PendingMark {
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

export function clearPending(mark: PendingMark | null): null {
  if (!mark) return null;
  if (mark.inserted) mark.view.doc.splice(mark.index, 1, [], "context");
  else mark.view.doc.setKinds(mark.index, 1, mark.kind);
  return null;
}

// ── write_file ────────────────────────────────────────────────────────────────────────────────