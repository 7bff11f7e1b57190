/**
 * Wafer's edit engine: Codex `apply_patch` parsing and applying, streaming parse,
 * whole-file rewrites, and the hunk model for review. Pure: no I/O, no Wafer imports.
 */
export { PATCH_ERROR_CODES, PatchError, StaleHunkError } from "./errors";
export type { PatchErrorCode, PatchErrorInit, PatchOperationKind } from "./errors";

export { checkRelativePath, normalizeRelativePath, parentDirectories, MAX_PATH_LENGTH } from "./paths";
export type { PathCheck, PathProblem } from "./paths";

export {
  detectLineEndings,
  detectTextLineEndings,
  joinText,
  splitLinesKeepEnds,
  splitText,
  stripLineEnding,
} from "./eol";
export type { LineEnding, LineEndingReport, LineEndingStyle, LineTerminator, SplitText } from "./eol";

export { foldPunctuation, LineMatcher, MATCH_LEVELS, seekSequence } from "./seek";
export type { MatchLevel, SeekMatch } from "./seek";

export { addedFileContent, chunkSides, parsePatch } from "./patch-parser";
export type {
  AddOperation,
  DeleteOperation,
  OpenOperation,
  Patch,
  PatchLine,
  PatchLineKind,
  PatchOperation,
  UpdateChunk,
  UpdateOperation,
} from "./patch-parser";

export { applyPatch, fileSourceFromMap, PatchApplier, UpdateResolver } from "./apply";
export type { ApplyResult, FileChange, FileSource, ResolvedChunk } from "./apply";

export { coalesceEvents, streamEvents, StreamingPatchParser } from "./stream";
export type {
  LineRange,
  PartialLine,
  StreamEvent,
  StreamingParserOptions,
  StreamResult,
  StreamStats,
  StreamStatus,
} from "./stream";

export { applyHunks, computeHunks, rebaseHunks } from "./hunks";
export type { Hunk, LineSpan, RebaseResult } from "./hunks";

export { planRewrite } from "./rewrite";
export type { RewriteLineEndings, RewritePlan } from "./rewrite";

export { formatPatch } from "./format";
export type { FileEdit, FormatPatchOptions } from "./format";
