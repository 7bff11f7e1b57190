/**
 * Pure core of the live editor view of AI edits: decode streaming tool-call JSON, plan merged-view
 * edit batches per animation frame, and review the finished proposal hunk by hunk. No React,
 * no Monaco import: edits and ranges are Monaco-compatible plain data.
 */
export { JsonFieldDecoder } from "./json-fields";
export type { FieldDelta, JsonFieldError, JsonFieldStatus } from "./json-fields";

export { decorationsOf, displayText, mergeHunks, MergedDoc, reconcile, sideTexts, TextBuffer } from "./merged-view";
export type { DecorationSet, EditOp, EditRange, HunkMergedLines, LineKind, LineRange, MergedLines } from "./merged-view";

export { PatchStreamPlanner, RewriteStreamPlanner, ToolCallPlanner } from "./planner";
export type {
  EditorBatch,
  EditToolName,
  PatchPlannerOptions,
  RewritePlannerOptions,
  StreamProblem,
  ToolCallPlannerOptions,
  ViewOperation,
  ViewStart,
  ViewState,
} from "./planner";

export { resultFor, ReviewSession, textEdit } from "./review";
export type { ReviewHunkRange, ReviewProposal, ReviewResult } from "./review";
