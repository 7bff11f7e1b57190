import { diffArrays } from "diff";

/** A maximal run of changed lines: `a[aStart, aStart+aCount)` became `b[bStart, bStart+bCount)`. */
export interface EditRegion {
  aStart: number;
  aCount: number;
  bStart: number;
  bCount: number;
}

/**
 * Beyond this many edits jsdiff's Myers search (O((N+M)·D)) is cut short and the
 * changed middle becomes one region: still exact, just coarser, and never slow.
 */
const MAX_EDIT_LENGTH = 1000;

/** Line-level diff via jsdiff; regions are separated by at least one equal line. */
export function diffLineRegions(a: readonly string[], b: readonly string[]): EditRegion[] {
  // Trimming the common ends first keeps jsdiff's work proportional to the change.
  let prefix = 0;
  const minLen = Math.min(a.length, b.length);
  while (prefix < minLen && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < minLen - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const aMid = a.slice(prefix, a.length - suffix);
  const bMid = b.slice(prefix, b.length - suffix);
  if (aMid.length === 0 && bMid.length === 0) return [];
  if (aMid.length === 0 || bMid.length === 0) {
    return [{ aStart: prefix, aCount: aMid.length, bStart: prefix, bCount: bMid.length }];
  }
  const changes = diffArrays(aMid, bMid, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return [{ aStart: prefix, aCount: aMid.length, bStart: prefix, bCount: bMid.length }];

  const regions: EditRegion[] = [];
  let ai = prefix;
  let bi = prefix;
  let open: EditRegion | null = null;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      open = null;
      ai += change.count;
      bi += change.count;
      continue;
    }
    if (!open) {
      open = { aStart: ai, aCount: 0, bStart: bi, bCount: 0 };
      regions.push(open);
    }
    if (change.removed) {
      open.aCount += change.count;
      ai += change.count;
    } else {
      open.bCount += change.count;
      bi += change.count;
    }
  }
  return regions;
}
