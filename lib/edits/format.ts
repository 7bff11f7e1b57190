/**
 * Serialises file changes as a Codex-format patch that `applyPatch` (and
 * `wafer apply-patch`) applies back exactly.
 */
import { splitText } from "./eol";
import { PatchError } from "./errors";
import { diffLineRegions, type EditRegion } from "./line-diff";
import { ADD_FILE, BEGIN_PATCH, DELETE_FILE, END_OF_FILE, END_PATCH, MOVE_TO, UPDATE_FILE } from "./patch-parser";
import { normalizeRelativePath } from "./paths";
import { LineMatcher } from "./seek";

/** Structurally compatible with `FileChange`, so apply results format directly. */
export type FileEdit =
  | { kind: "add"; path: string; content: string }
  | { kind: "delete"; path: string }
  | { kind: "update"; path: string; moveTo?: string; previous: string; content: string };

export interface FormatPatchOptions {
  /** Unchanged lines around each change (default 3, at least 1). */
  context?: number;
}

/**
 * Builds one patch for all edits, in order. Exact for text that ends with a newline
 * and uses one line-ending style: the format itself cannot say "no final newline" or
 * carry per-line endings (applying keeps the target file's endings). Updates whose
 * text is unchanged are skipped unless they move the file. Throws `empty_patch` when
 * nothing is left.
 */
export function formatPatch(edits: readonly FileEdit[], options: FormatPatchOptions = {}): string {
  const context = Math.max(1, Math.floor(options.context ?? 3));
  const out: string[] = [BEGIN_PATCH];
  let operations = 0;
  for (const edit of edits) {
    const path = normalizeRelativePath(edit.path);
    if (edit.kind === "add") {
      out.push(`${ADD_FILE} ${path}`, ...splitText(edit.content).texts.map((t) => `+${t}`));
    } else if (edit.kind === "delete") {
      out.push(`${DELETE_FILE} ${path}`);
    } else {
      const moveTo = edit.moveTo === undefined ? null : normalizeRelativePath(edit.moveTo);
      const moving = moveTo !== null && moveTo !== path;
      const before = splitText(edit.previous).texts;
      const after = splitText(edit.content).texts;
      const regions = diffLineRegions(before, after);
      if (regions.length === 0 && !moving) continue;
      if (regions.length === 0 && before.length === 0) {
        // A pure rename of an empty file has no line to anchor a chunk on.
        out.push(`${DELETE_FILE} ${path}`, `${ADD_FILE} ${moveTo}`);
        operations += 2;
        continue;
      }
      out.push(`${UPDATE_FILE} ${path}`);
      if (moving) out.push(`${MOVE_TO} ${moveTo}`);
      // A rename alone still needs a chunk: one context line that matches at the top.
      const effective = regions.length > 0 ? regions : [{ aStart: 0, aCount: 0, bStart: 0, bCount: 0 }];
      out.push(...formatChunks(before, after, effective, context));
    }
    operations++;
  }
  if (operations === 0) {
    throw new PatchError({ code: "empty_patch", detail: "no changes to format", line: 1 });
  }
  out.push(END_PATCH);
  return `${out.join("\n")}\n`;
}

function formatChunks(before: string[], after: string[], regions: readonly EditRegion[], context: number): string[] {
  const out: string[] = [];
  const matcher = new LineMatcher(before);
  let lineIndex = 0;
  let i = 0;
  while (i < regions.length) {
    // Regions closer than 2×context share one chunk, as in unified diffs.
    let j = i;
    while (j + 1 < regions.length && regions[j + 1]!.aStart - end(regions[j]!) <= 2 * context) j++;
    let from = Math.max(lineIndex, regions[i]!.aStart - context);
    const to = Math.min(before.length, end(regions[j]!) + context);
    const atEnd = to === before.length && before.length > 0;
    // applyPatch takes the first match at or after the previous chunk; widen the
    // leading context until that first match is this chunk's own position.
    if (to > from) {
      while (from > lineIndex && matcher.seek(before.slice(from, to), lineIndex, atEnd)?.index !== from) from--;
    }
    out.push("@@");
    let a = from;
    for (let k = i; k <= j; k++) {
      const region = regions[k]!;
      for (; a < region.aStart; a++) out.push(...contextLine(before[a]!));
      for (let r = 0; r < region.aCount; r++) out.push(`-${before[a + r]!}`);
      for (let r = 0; r < region.bCount; r++) out.push(`+${after[region.bStart + r]!}`);
      a += region.aCount;
    }
    for (; a < to; a++) out.push(...contextLine(before[a]!));
    if (atEnd) out.push(END_OF_FILE);
    lineIndex = to;
    i = j + 1;
  }
  return out;
}

function end(region: EditRegion): number {
  return region.aStart + region.aCount;
}

/** A context line reading as a marker once trimmed would end the chunk; remove and re-add it instead. */
function contextLine(text: string): string[] {
  const t = text.trim();
  return t === END_PATCH || t === END_OF_FILE ? [`-${text}`, `+${text}`] : [` ${text}`];
}
