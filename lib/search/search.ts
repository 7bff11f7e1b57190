import picomatch from "picomatch";
import { RE2JS } from "re2js";

import type { FileMatches, SearchMatch, SearchOptions } from "./contract";

/** Work one search may do: text scanned and wall-clock time, checked between lines. */
export const SEARCH_LIMIT_BYTES = 32 * 1024 * 1024;
export const SEARCH_LIMIT_MS = 1000;
const LINE_CONTEXT = 80;

export class SearchSyntaxError extends Error {}

/**
 * Patterns run on RE2's linear-time engine: `^(a+)+$` cannot backtrack for seconds and block the
 * event loop the way it does in a backtracking engine. Plain text is quoted into a pattern, so the
 * toggles (case, whole word) mean the same in both modes.
 */
export function compilePattern(options: Pick<SearchOptions, "query" | "regex" | "caseSensitive" | "wholeWord">, flags = 0): RE2JS {
  let source = options.regex ? options.query : RE2JS.quote(options.query);
  if (options.wholeWord) source = `\\b(?:${source})\\b`;
  try {
    return RE2JS.compile(source, flags | (options.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE));
  } catch (error) {
    throw new SearchSyntaxError(`${(error as Error).message} (RE2 syntax: no lookaround or backreferences)`);
  }
}

function globList(globs: string): string[] {
  return globs
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean)
    // `src` or `*.ts` mean "anywhere below" as in editors' search boxes; `src/**` is taken as written.
    .flatMap((g) => (g.includes("/") ? [g, `${g.replace(/\/+$/, "")}/**`] : [`**/${g}`, `**/${g}/**`]));
}

/** Include/exclude globs (comma-separated) as one path test. */
export function pathFilter(include: string, exclude: string): (path: string) => boolean {
  const includes = globList(include);
  const excludes = globList(exclude);
  const included = includes.length ? picomatch(includes, { dot: true }) : () => true;
  const excluded = excludes.length ? picomatch(excludes, { dot: true }) : () => false;
  return (path) => included(path) && !excluded(path);
}

export interface SearchLimits {
  maxMatches: number;
  maxBytes?: number;
  maxMs?: number;
}

export interface SearchOutcome {
  files: FileMatches[];
  total: number;
  stopped: string | null;
}

function excerpt(line: string, start: number, end: number): { text: string; offset: number } {
  if (line.length <= LINE_CONTEXT * 3) return { text: line, offset: 0 };
  const offset = Math.max(0, start - LINE_CONTEXT);
  return { text: line.slice(offset, Math.max(end, offset) + LINE_CONTEXT * 2), offset };
}

/** Searches `texts` (path → text) line by line, within `limits`; files in the order given. */
export function searchTexts(texts: Iterable<readonly [string, string]>, options: SearchOptions, limits: SearchLimits): SearchOutcome {
  const pattern = compilePattern(options);
  const wanted = pathFilter(options.include, options.exclude);
  // A literal case-insensitive query can skip whole files cheaply before the line-by-line pass.
  const literal = !options.regex ? (options.caseSensitive ? options.query : options.query.toLowerCase()) : null;
  // A pattern gets the same cheap pass: one scan of the whole file (^ and $ at line breaks) before
  // the per-line one, which only files with a match pay for. \A and \z mean line ends per line but
  // text ends here, so those patterns skip the pass rather than miss a match.
  const wholeFile = options.regex && !/\\[Az]/.test(options.query) ? compilePattern(options, RE2JS.MULTILINE) : null;
  const maxBytes = limits.maxBytes ?? SEARCH_LIMIT_BYTES;
  const maxMs = limits.maxMs ?? SEARCH_LIMIT_MS;
  const started = performance.now();
  const files: FileMatches[] = [];
  let total = 0;
  let scanned = 0;
  for (const [path, text] of texts) {
    if (!wanted(path)) continue;
    if (literal !== null && !(options.caseSensitive ? text : text.toLowerCase()).includes(literal)) {
      scanned += text.length;
      continue;
    }
    if (wholeFile && !wholeFile.matcher(text).find()) {
      scanned += text.length;
      continue;
    }
    const lines = text.split("\n");
    const matches: SearchMatch[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      scanned += line.length + 1;
      if (scanned > maxBytes || performance.now() - started > maxMs) {
        if (matches.length) files.push({ path, matches });
        return {
          files,
          total,
          stopped: `Search stopped at ${path}:${i + 1}: it reached its limit (${maxBytes / 1024 / 1024} MiB or ${maxMs} ms).`,
        };
      }
      const matcher = pattern.matcher(line);
      while (matcher.find()) {
        const start = matcher.start();
        const end = matcher.end();
        if (end === start) continue; // empty matches (`^`, `a*`) have nothing to show or replace
        total++;
        if (total > limits.maxMatches) {
          if (matches.length) files.push({ path, matches });
          return { files, total: total - 1, stopped: `Showing the first ${limits.maxMatches} matches; narrow the search to see the rest.` };
        }
        matches.push({ line: i + 1, start, end, ...excerpt(line, start, end) });
      }
    }
    if (matches.length) files.push({ path, matches });
  }
  return { files, total, stopped: null };
}

/**
 * `text` with every match replaced, line by line as the search found them. Regex mode expands
 * `$1` and `${name}` groups; plain text is inserted as written.
 */
export function replaceText(text: string, options: SearchOptions, replacement: string): string {
  const pattern = compilePattern(options);
  const literal = options.regex ? replacement : RE2JS.quoteReplacement(replacement);
  return text
    .split("\n")
    .map((line) => pattern.matcher(line).replaceAll(literal))
    .join("\n");
}
