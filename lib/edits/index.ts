/**
 * Wafer's edit engine: Codex `apply_patch` parsing and applying, streaming parse,
 * whole-file rewrites, and the hunk model for review. Pure: no I/O, no Wafer imports.
 */
export { PatchError } from "./errors";
export type { PatchOperationKind } from "./errors";

export { checkRelativePath } from "./paths";

export { splitLinesKeepEnds, splitText, stripLineEnding } from "./eol";

export { foldPunctuation, LineMatcher } from "./seek";

export { parsePatch } from "./patch-parser";
export type { PatchLine } from "./patch-parser";

export { applyPatch } from "./apply";
export type { FileChange, FileSource } from "./apply";

export { StreamingPatchParser } from "./stream";
export type { PartialLine, StreamEvent } from "./stream";

export { applyHunks, computeHunks, rebaseHunks } from "./hunks";
export type { Hunk } from "./hunks";

export { formatPatch } from "./format";

