import { splitLinesKeepEnds, type Hunk } from "@/lib/edits";
import { diffLineRegions } from "@/lib/edits/line-diff";

interface Region {
  /** Base lines `[lo, hi)`: the hunks' lines plus the user's edits touching them. */
  lo: number;
  hi: number;
  /** Lines the user added (minus removed) above the region. */
  shift: number;
  /** Lines the user added (minus removed) inside it. */
  delta: number;
  hunks: Hunk[];
}

/**
 * Resolves conflicts "theirs" like a merge tool's "accept incoming": each hunk (computed against
 * `base`) that overlaps the user's own edits in `current` takes over its region — the hunk's
 * lines plus the user's edits touching them (closed intervals, as lib/edits' rebaseHunks counts
 * a conflict) — which becomes the AI's version of those base lines. The rest of `current` stays.
 */
export function takeTheirs(base: string, current: string, hunks: readonly Hunk[]): string {
  const baseLines = splitLinesKeepEnds(base);
  const currentLines = splitLinesKeepEnds(current);
  const edits = diffLineRegions(baseLines, currentLines);
  const regions: Region[] = [];
  let next = 0;
  let shift = 0;
  for (const hunk of [...hunks].sort((a, b) => a.original.start - b.original.start)) {
    const start = hunk.original.start - 1;
    const end = start + hunk.original.count;
    let region = regions.at(-1);
    if (region && start <= region.hi) {
      // An edit absorbed by the previous region reaches this hunk too: one region for both.
      region.hunks.push(hunk);
      region.hi = Math.max(region.hi, end);
    } else {
      while (next < edits.length && edits[next]!.aStart + edits[next]!.aCount < start) {
        shift += edits[next]!.bCount - edits[next]!.aCount;
        next++;
      }
      region = { lo: start, hi: end, shift, delta: 0, hunks: [hunk] };
      regions.push(region);
    }
    while (next < edits.length && edits[next]!.aStart <= region.hi) {
      const edit = edits[next]!;
      region.lo = Math.min(region.lo, edit.aStart);
      region.hi = Math.max(region.hi, edit.aStart + edit.aCount);
      region.delta += edit.bCount - edit.aCount;
      shift += edit.bCount - edit.aCount;
      next++;
    }
  }
  const out: string[] = [];
  let cursor = 0;
  for (const region of regions) {
    const from = region.lo + region.shift;
    for (; cursor < from; cursor++) out.push(currentLines[cursor]!);
    let at = region.lo;
    for (const hunk of region.hunks) {
      const start = hunk.original.start - 1;
      for (; at < start; at++) out.push(baseLines[at]!);
      out.push(...hunk.added);
      at = start + hunk.original.count;
    }
    for (; at < region.hi; at++) out.push(baseLines[at]!);
    cursor = region.hi + region.shift + region.delta;
  }
  for (; cursor < currentLines.length; cursor++) out.push(currentLines[cursor]!);
  return out.join("");
}
