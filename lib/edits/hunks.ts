/**
 * Review model: the difference between an original and a proposed text as independent
 * hunks. Lines carry their own terminators, so every subset of accepted hunks is
 * exact: accepting all gives the proposal byte for byte, rejecting all the original.
 */
import { splitLinesKeepEnds } from "./eol";
import { StaleHunkError } from "./errors";
import { diffLineRegions } from "./line-diff";

/** 1-based `start`; `count` 0 means an insertion before line `start`. */
interface LineSpan {
  start: number;
  count: number;
}

export interface Hunk {
  /** Derived from the hunk's content (and its occurrence number), so recomputing keeps ids. */
  id: string;
  /** Lines of the original the hunk replaces. */
  original: LineSpan;
  /** Where the hunk's lines sit in the proposed text. */
  proposed: LineSpan;
  /** Original lines, exactly, each with its own line ending (the last may have none). */
  removed: readonly string[];
  /** Proposed lines, exactly, each with its own line ending (the last may have none). */
  added: readonly string[];
}

/** Hunks turning `original` into `proposed`; separated by at least one unchanged line. */
export function computeHunks(original: string, proposed: string): Hunk[] {
  const a = splitLinesKeepEnds(original);
  const b = splitLinesKeepEnds(proposed);
  const seen = new Map<string, number>();
  return diffLineRegions(a, b).map((region) => {
    const removed = a.slice(region.aStart, region.aStart + region.aCount);
    const added = b.slice(region.bStart, region.bStart + region.bCount);
    const key = hunkKey(removed, added);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return {
      id: occurrence === 0 ? key : `${key}-${occurrence}`,
      original: { start: region.aStart + 1, count: region.aCount },
      proposed: { start: region.bStart + 1, count: region.bCount },
      removed,
      added,
    };
  });
}

/** FNV-1a over removed and added text: short, deterministic, content-derived. */
function hunkKey(removed: readonly string[], added: readonly string[]): string {
  let hash = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      hash ^= s.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  };
  for (const line of removed) mix(line);
  mix("\u0000");
  for (const line of added) mix(line);
  return `h${(hash >>> 0).toString(36)}`;
}

/**
 * `original` with only the accepted hunks applied. Throws StaleHunkError when the hunks
 * do not describe `original` (out of order, overlapping, or its lines differ).
 */
export function applyHunks(original: string, hunks: readonly Hunk[], accepted: Iterable<string>): string {
  const acceptedIds = new Set(accepted);
  const lines = splitLinesKeepEnds(original);
  let out = "";
  let cursor = 0;
  for (const hunk of hunks) {
    const start = hunk.original.start - 1;
    if (start < cursor) throw new StaleHunkError(hunk.id, "hunks overlap or are out of order");
    if (start + hunk.original.count > lines.length) throw new StaleHunkError(hunk.id, "hunk lies beyond the end of the text");
    for (; cursor < start; cursor++) out += lines[cursor];
    for (let k = 0; k < hunk.original.count; k++) {
      if (lines[start + k] !== hunk.removed[k]) throw new StaleHunkError(hunk.id, `line ${start + k + 1} differs from the hunk`);
    }
    out += (acceptedIds.has(hunk.id) ? hunk.added : hunk.removed).join("");
    cursor = start + hunk.original.count;
  }
  for (; cursor < lines.length; cursor++) out += lines[cursor];
  return out;
}

export interface RebaseResult {
  /** Hunks remapped onto `current`, same ids; apply them with `applyHunks(current, …)`. */
  applicable: Hunk[];
  /** Hunks whose lines the user changed too (or touched at the edges); not applicable. */
  conflicts: Hunk[];
}

/**
 * Moves hunks computed against `base` onto `current` (base edited since). A hunk that
 * overlaps or touches a region the user changed is a conflict; the others shift by the
 * lines the user added or removed above them.
 */
export function rebaseHunks(hunks: readonly Hunk[], base: string, current: string): RebaseResult {
  const edits = diffLineRegions(splitLinesKeepEnds(base), splitLinesKeepEnds(current));
  const currentLines = splitLinesKeepEnds(current);
  const applicable: Hunk[] = [];
  const conflicts: Hunk[] = [];
  let editIndex = 0;
  let shift = 0;
  let proposedShift = 0;
  for (const hunk of hunks) {
    const start = hunk.original.start - 1;
    const end = start + hunk.original.count;
    // Edits wholly above this hunk (not even touching it) only shift it.
    while (editIndex < edits.length && edits[editIndex]!.aStart + edits[editIndex]!.aCount < start) {
      shift += edits[editIndex]!.bCount - edits[editIndex]!.aCount;
      editIndex++;
    }
    const next = edits[editIndex];
    // Closed-interval test: adjacent changes conflict too, as in a three-way merge.
    const touches = next !== undefined && next.aStart <= end;
    const newStart = start + shift;
    const matches = hunk.removed.every((line, k) => currentLines[newStart + k] === line);
    if (touches || !matches || newStart + hunk.original.count > currentLines.length) {
      conflicts.push(hunk);
      continue;
    }
    applicable.push({
      ...hunk,
      original: { start: newStart + 1, count: hunk.original.count },
      proposed: { start: newStart + 1 + proposedShift, count: hunk.added.length },
    });
    proposedShift += hunk.added.length - hunk.original.count;
  }
  return { applicable, conflicts };
}
