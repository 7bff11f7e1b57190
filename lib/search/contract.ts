import { z } from "zod";

/** One search across a project's saved files, as the search panel and the API share it. */
export const searchQuerySchema = z
  .object({
    q: z.string().min(1).max(1000),
    regex: z.enum(["0", "1"]).default("0"),
    case: z.enum(["0", "1"]).default("0"),
    word: z.enum(["0", "1"]).default("0"),
    /** Comma-separated globs; a file must match one of them (empty: every file). */
    include: z.string().max(1000).default(""),
    exclude: z.string().max(1000).default(""),
    /** Present: also compute each matching file's text with the matches replaced (a preview, nothing is written). */
    replace: z.string().max(10_000).optional(),
  })
  .strict();

export type SearchQuery = z.infer<typeof searchQuerySchema>;

export interface SearchOptions {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  wholeWord: boolean;
  include: string;
  exclude: string;
}

export interface SearchMatch {
  /** 1-based line; columns are 0-based UTF-16 offsets into `text`, as Monaco counts them (minus one). */
  line: number;
  start: number;
  end: number;
  /** The line, cut to a readable length around the match. */
  text: string;
  /** Where `text` starts in the line (0 unless the line was cut). */
  offset: number;
}

export interface FileMatches {
  path: string;
  matches: SearchMatch[];
}

export interface ReplacePreview {
  path: string;
  before: string;
  after: string;
  baseVersion: number;
}

export interface SearchResponse {
  files: FileMatches[];
  /** Matches found (may exceed those listed when a limit was reached). */
  total: number;
  /** Why the search stopped early, in words; null when it saw everything. */
  stopped: string | null;
  elapsedMs: number;
  replacements?: ReplacePreview[];
}

export function searchOptionsOf(query: SearchQuery): SearchOptions {
  return {
    query: query.q,
    regex: query.regex === "1",
    caseSensitive: query.case === "1",
    wholeWord: query.word === "1",
    include: query.include,
    exclude: query.exclude,
  };
}

/** The API's query string for `options` (and a replacement, for the preview). */
export function searchParams(options: SearchOptions, replace?: string): URLSearchParams {
  const params = new URLSearchParams({
    q: options.query,
    regex: options.regex ? "1" : "0",
    case: options.caseSensitive ? "1" : "0",
    word: options.wholeWord ? "1" : "0",
    include: options.include,
    exclude: options.exclude,
  });
  if (replace !== undefined) params.set("replace", replace);
  return params;
}
