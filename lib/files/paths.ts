import { checkRelativePath, parentDirectories, type PathCheck } from "@/lib/edits/paths";
import { AppError } from "@/lib/errors";

/**
 * The patch engine's path rules plus NFC: macOS zips and keyboards produce NFD names, which would
 * otherwise make two entries of one file.
 */
export function normalizeProjectPath(raw: string): PathCheck {
  return checkRelativePath(raw.normalize("NFC"));
}

export function parseProjectPath(raw: string): string {
  const result = normalizeProjectPath(raw);
  if (!result.ok) {
    throw new AppError("bad_request:files", { message: `Invalid path ${JSON.stringify(raw.slice(0, 80))}: ${result.reason}.` });
  }
  return result.path;
}

/** `a/b/c` → [`a`, `a/b`]. */
export const ancestorsOf = parentDirectories;
