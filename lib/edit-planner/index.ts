/**
 * Pure core of the live editor view of AI edits: decode streaming tool-call JSON, plan merged-view
 * edit batches per animation frame, and review the finished proposal hunk by hunk. No React,
 * no Monaco import: edits and ranges are Monaco-compatible plain data.
 */
export { JsonFieldDecoder } from "./json-fields";

export { displayText, MergedDoc, reconcile, TextBuffer } from "./merged-view";
export type { DecorationSet, EditOp, LineRange, MergedLines } from "./merged-view";

export { ToolCallPlanner } from "./planner";
export type { EditorBatch, EditToolName } from "./planner";

export { resultFor, ReviewSession, textEdit } from "./review";


export { firstEditedLine, isHeld, planDecorations } from "./decoration-delta";
export type { DecorationKind, HeldDecoration, ShownDecoration, WantedDecoration } from "./decoration-delta";
