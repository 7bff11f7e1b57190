import "server-only";

import { listFilesByProjectId } from "@/db/queries/files";
import { AppError } from "@/lib/errors";
import type { ProjectAccess } from "@/lib/projects/access";

import type { ReplacePreview, SearchOptions, SearchResponse } from "./contract";
import { replaceText, searchTexts, SearchSyntaxError } from "./search";

/** Matches listed per search: enough to scan by eye; a replace-all covers every match in the files listed. */
export const SEARCH_PANEL_MATCH_LIMIT = 2000;

/**
 * Searches the project's saved files; with `replace`, also returns each matching file's replaced
 * text and the version it was read at, for the client's review (nothing is written here).
 */
export async function searchProject(access: ProjectAccess, options: SearchOptions, replace?: string): Promise<SearchResponse> {
  const started = performance.now();
  const rows = await listFilesByProjectId({ projectId: access.projectId });
  const texts = rows.flatMap((row) => (row.kind === "file" ? [[row.path, row.content] as const] : []));
  try {
    const outcome = searchTexts(texts, options, { maxMatches: SEARCH_PANEL_MATCH_LIMIT });
    let replacements: ReplacePreview[] | undefined;
    if (replace !== undefined) {
      const byPath = new Map(rows.map((row) => [row.path, row]));
      replacements = outcome.files.flatMap(({ path }) => {
        const row = byPath.get(path)!;
        const after = replaceText(row.content, options, replace);
        return after === row.content ? [] : [{ path, before: row.content, after, baseVersion: row.version }];
      });
    }
    return { ...outcome, elapsedMs: Math.round(performance.now() - started), ...(replacements ? { replacements } : {}) };
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw new AppError("bad_request:files", { message: `The pattern is not valid: ${error.message}` });
    throw error;
  }
}
