/**
 * Tolerant search for a run of lines, after Codex's `seek_sequence`: each pass is
 * looser than the last (exact → ignore trailing whitespace → ignore surrounding
 * whitespace → also fold Unicode punctuation look-alikes to ASCII), and the first
 * pass with any match wins, so a looser pass never beats an exact match further on.
 */

export const MATCH_LEVELS = ["exact", "trim_end", "trim", "unicode"] as const;
export type MatchLevel = (typeof MATCH_LEVELS)[number];

export interface SeekMatch {
  /** 0-based index of the first matched line. */
  index: number;
  level: MatchLevel;
}

const DASHES = /[\u2010-\u2015\u2212]/g;
const SINGLE_QUOTES = /[\u2018-\u201b]/g;
const DOUBLE_QUOTES = /[\u201c-\u201f]/g;
const ODD_SPACES = /[\u00a0\u2002-\u200a\u202f\u205f\u3000]/g;
const NEEDS_FOLDING = /[\u2010-\u2015\u2212\u2018-\u201f\u00a0\u2002-\u200a\u202f\u205f\u3000]/;

/** Codex's punctuation folding: typographic dashes, quotes and spaces become ASCII. */
export function foldPunctuation(line: string): string {
  const trimmed = line.trim();
  if (!NEEDS_FOLDING.test(trimmed)) return trimmed;
  return trimmed
    .replace(DASHES, "-")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(ODD_SPACES, " ");
}

const LENIENT_LEVELS = ["trim_end", "trim", "unicode"] as const;
type LenientLevel = (typeof LENIENT_LEVELS)[number];

const TRANSFORMS: Record<LenientLevel, (line: string) => string> = {
  trim_end: (line) => line.trimEnd(),
  trim: (line) => line.trim(),
  unicode: foldPunctuation,
};

/**
 * Searches one file's lines. Transformed copies are built lazily, once per level, so
 * repeated seeks (one per hunk) stay cheap on large files.
 */
export class LineMatcher {
  private readonly lines: readonly string[];
  private readonly views = new Map<MatchLevel, readonly string[]>();

  constructor(lines: readonly string[]) {
    this.lines = lines;
  }

  private view(level: LenientLevel): readonly string[] {
    let view = this.views.get(level);
    if (!view) {
      view = this.lines.map(TRANSFORMS[level]);
      this.views.set(level, view);
    }
    return view;
  }

  /**
   * First index ≥ `start` where `pattern` matches. With `eof` the match must end at
   * the last line. Codex starts an EOF search at `len - pattern.length` even when that
   * is before `start`; we clamp to `start` so an anchored hunk can never overlap the
   * hunk before it.
   */
  seek(pattern: readonly string[], start: number, eof: boolean): SeekMatch | null {
    if (pattern.length === 0) return { index: start, level: "exact" };
    const last = this.lines.length - pattern.length;
    if (last < 0) return null;
    const from = eof ? Math.max(start, last) : start;
    if (from > last) return null;
    const exact = findRun(this.lines, pattern, from, last);
    if (exact !== -1) return { index: exact, level: "exact" };
    for (const level of LENIENT_LEVELS) {
      const index = findRun(this.view(level), pattern.map(TRANSFORMS[level]), from, last);
      if (index !== -1) return { index, level };
    }
    return null;
  }
}

function findRun(lines: readonly string[], pattern: readonly string[], from: number, last: number): number {
  const head = pattern[0];
  outer: for (let i = from; i <= last; i++) {
    if (lines[i] !== head) continue;
    for (let k = 1; k < pattern.length; k++) {
      if (lines[i + k] !== pattern[k]) continue outer;
    }
    return i;
  }
  return -1;
}

/** One-off convenience over {@link LineMatcher}. */
export function seekSequence(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  eof = false,
): SeekMatch | null {
  return new LineMatcher(lines).seek(pattern, start, eof);
}
