import type { FileProposal } from "@/lib/chat/proposals";
import type { ReplacePreview, SearchMatch, SearchResponse } from "@/lib/search/contract";

/** A result line split around its match, for a <mark>. */
export function highlightParts(match: SearchMatch): { before: string; hit: string; after: string } {
  const from = match.start - match.offset;
  const to = match.end - match.offset;
  return { before: match.text.slice(0, from).trimStart(), hit: match.text.slice(from, to), after: match.text.slice(to) };
}

export function summary(result: SearchResponse): string {
  const files = result.files.length;
  if (result.total === 0) return "No results.";
  return `${result.total} result${result.total === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}`;
}

/** A replace-all preview as edit proposals, so it is reviewed like the AI's. */
export function replaceProposals(replacements: readonly ReplacePreview[]): FileProposal[] {
  return replacements.map(({ path, before, after, baseVersion }) => ({ path, before, after, baseVersion }));
}

/** Comma-separated globs as the user typed them, for the API. */
export function normalizeGlobs(value: string): string {
  return value
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean)
    .join(",");
}
