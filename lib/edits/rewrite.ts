/**
 * Whole-file rewrites (`write_file(path, content)`) reviewed with the same hunk model
 * as patches.
 */
import { detectLineEndings, joinText, splitText, type LineTerminator } from "./eol";
import { computeHunks, type Hunk } from "./hunks";
import { diffLineRegions } from "./line-diff";

export type RewriteLineEndings =
  /** Keep the file's endings: unchanged lines keep theirs, new lines take the file's dominant one. */
  | "adapt"
  /** Write the content byte for byte. */
  | "exact";

export interface RewritePlan {
  /** Text to write; accepting every hunk of `hunks` on the original gives exactly this. */
  content: string;
  hunks: Hunk[];
}

/**
 * Plans a rewrite of `original` (null for a new file). Models emit LF; with "adapt"
 * (default) a CRLF or mixed file is not flipped line by line, so only lines whose text
 * changed become hunks. Whether the file ends with a newline follows `content`.
 */
export function planRewrite(
  original: string | null,
  content: string,
  options: { lineEndings?: RewriteLineEndings } = {},
): RewritePlan {
  const base = original ?? "";
  const target = original === null || options.lineEndings === "exact" ? content : adaptLineEndings(base, content);
  return { content: target, hunks: computeHunks(base, target) };
}

function adaptLineEndings(original: string, content: string): string {
  const before = splitText(original);
  const { style, dominant } = detectLineEndings(before.endings);
  // Nothing to preserve, or nothing that could differ.
  if (style === "none" || (style === "lf" && !content.includes("\r"))) return content;
  const after = splitText(content);
  const endings: LineTerminator[] = after.endings.map((e) => (e === "" ? "" : dominant));
  // Lines whose text is unchanged keep the original's ending (when both have one).
  let ai = 0;
  let bi = 0;
  const keep = (count: number) => {
    for (let k = 0; k < count; k++, ai++, bi++) {
      const ending = before.endings[ai];
      if (after.endings[bi] !== "" && ending) endings[bi] = ending;
    }
  };
  for (const region of diffLineRegions(before.texts, after.texts)) {
    keep(region.bStart - bi);
    ai += region.aCount;
    bi += region.bCount;
  }
  keep(after.texts.length - bi);
  return joinText(after.texts, endings);
}
