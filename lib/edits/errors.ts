export const PATCH_ERROR_CODES = [
  "empty_patch",
  "missing_begin",
  "missing_end",
  "trailing_content",
  "unknown_header",
  "invalid_path",
  "empty_update",
  "empty_hunk",
  "invalid_hunk_line",
  "missing_file",
  "is_directory",
  "parent_not_directory",
  "context_not_found",
] as const;
export type PatchErrorCode = (typeof PATCH_ERROR_CODES)[number];

export type PatchOperationKind = "add" | "delete" | "update";

export interface PatchErrorInit {
  code: PatchErrorCode;
  detail: string;
  /** 1-based line of the patch text that failed. */
  line: number;
  operation?: PatchOperationKind | null;
  path?: string | null;
}

const MAX_DETAIL = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Keeps messages on one line (CLI contract) and bounded in size. */
function oneLine(detail: string): string {
  const flat = detail.replace(/\r?\n/g, "\\n");
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
}

/** Any failure to parse or apply a patch. Nothing has been applied when this is thrown. */
export class PatchError extends Error {
  readonly code: PatchErrorCode;
  readonly detail: string;
  readonly line: number;
  readonly operation: PatchOperationKind | null;
  readonly path: string | null;

  constructor(init: PatchErrorInit) {
    const operation = init.operation ?? null;
    const path = init.path ?? null;
    // A path with control characters is quoted so the message stays one safe line.
    const shownPath = path === null ? "?" : CONTROL.test(path) ? JSON.stringify(path) : path;
    const subject = operation ? `${operation} ${shownPath}: ` : "";
    super(`${subject}${oneLine(init.detail)} (patch line ${init.line})`);
    this.name = "PatchError";
    this.code = init.code;
    this.detail = init.detail;
    this.line = init.line;
    this.operation = operation;
    this.path = path;
  }
}

/** Hunks no longer match the text they are applied to (it changed since they were computed). */
export class StaleHunkError extends Error {
  readonly hunkId: string;
  constructor(hunkId: string, detail: string) {
    super(`hunk ${hunkId}: ${detail}`);
    this.name = "StaleHunkError";
    this.hunkId = hunkId;
  }
}
