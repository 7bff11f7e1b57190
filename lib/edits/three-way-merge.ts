import { diff3Merge } from "node-diff3";

export type ThreeWayMerge = { kind: "merged"; text: string } | { kind: "conflict" };

/**
 * Merges two edits of the same starting text, line by line (diff3, as git does): changes to
 * different lines are combined; the same lines changed differently on both sides is a conflict,
 * left for a person. Lines keep their own "\r", so CRLF files merge too.
 */
export function mergeThreeWay({ base, mine, theirs }: { base: string; mine: string; theirs: string }): ThreeWayMerge {
  if (mine === theirs || theirs === base) return { kind: "merged", text: mine };
  if (mine === base) return { kind: "merged", text: theirs };
  const regions = diff3Merge(mine.split("\n"), base.split("\n"), theirs.split("\n"), { excludeFalseConflicts: true });
  const lines: string[] = [];
  for (const region of regions) {
    if (region.conflict) return { kind: "conflict" };
    lines.push(...(region.ok ?? []));
  }
  return { kind: "merged", text: lines.join("\n") };
}
