/**
 * Project-relative path rules shared by the patch engine and the app's file API.
 * A path names a file inside one project root, always with `/` separators.
 */

export const MAX_PATH_LENGTH = 255;

type PathProblem =
  | "empty"
  | "absolute"
  | "backslash"
  | "control_character"
  | "parent_segment"
  | "too_long";

export type PathCheck = { ok: true; path: string } | { ok: false; problem: PathProblem; reason: string };

const REASONS: Record<PathProblem, string> = {
  empty: "path is empty",
  absolute: "path must be relative",
  backslash: "path must use '/' separators, not '\\'",
  control_character: "path contains a control character",
  parent_segment: "path must not contain '..'",
  too_long: `path is longer than ${MAX_PATH_LENGTH} characters`,
};

function problem(p: PathProblem): PathCheck {
  return { ok: false, problem: p, reason: REASONS[p] };
}

// NUL and the other C0 controls break patch lines, terminals and some file systems.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Validates a relative path and returns its canonical form: `./` segments and
 * repeated or trailing `/` removed. Never touches a file system.
 */
export function checkRelativePath(input: string): PathCheck {
  if (CONTROL_CHARACTER.test(input)) return problem("control_character");
  if (input.includes("\\")) return problem("backslash");
  // Windows drive letters are absolute even with forward slashes (`C:/x`).
  if (input.startsWith("/") || /^[A-Za-z]:/.test(input)) return problem("absolute");
  const segments: string[] = [];
  for (const segment of input.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") return problem("parent_segment");
    segments.push(segment);
  }
  if (segments.length === 0) return problem("empty");
  const path = segments.join("/");
  if (path.length > MAX_PATH_LENGTH) return problem("too_long");
  return { ok: true, path };
}

/** Canonical form of a relative path; throws a RangeError naming the problem. */
export function normalizeRelativePath(input: string): string {
  const checked = checkRelativePath(input);
  if (!checked.ok) throw new RangeError(`${checked.reason}: ${JSON.stringify(input)}`);
  return checked.path;
}

/** Every proper ancestor directory of a canonical relative path, outermost first. */
export function parentDirectories(path: string): string[] {
  const parents: string[] = [];
  for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
    parents.push(path.slice(0, slash));
  }
  return parents;
}
