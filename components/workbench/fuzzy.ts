export interface FuzzyMatch {
  score: number;
  /** Indexes into the target of the matched characters, ascending. */
  positions: number[];
}

const MATCH = 16;
const CONSECUTIVE = 12;
const BOUNDARY = 10;
const FIRST_CHAR = 8;
const CASE_EXACT = 1;
const GAP_START = 3;
const GAP_EXTEND = 1;

function isSeparator(char: string | undefined): boolean {
  return char === "/" || char === "." || char === "_" || char === "-" || char === " ";
}

function boundaryBonus(target: string, index: number): number {
  if (index === 0) return FIRST_CHAR + BOUNDARY;
  const previous = target[index - 1];
  const current = target[index] ?? "";
  if (isSeparator(previous)) return previous === "/" ? BOUNDARY + 2 : BOUNDARY;
  // camelCase: a capital after a lowercase letter starts a word.
  if (previous && previous === previous.toLowerCase() && current !== current.toLowerCase()) return BOUNDARY - 2;
  return 0;
}

/**
 * Optimal-alignment subsequence match (a small Smith-Waterman, as fzf does): rewards consecutive
 * runs and word starts, penalises gaps, so "ts" prefers the ".ts" in `tests/index.ts`.
 */
export function fuzzyMatch(query: string, target: string): FuzzyMatch | null {
  const q = query.replace(/\s+/g, "");
  if (!q) return { score: 0, positions: [] };
  const n = q.length;
  const m = target.length;
  if (n > m) return null;
  const ql = q.toLowerCase();
  const tl = target.toLowerCase();

  // Cheap rejection before the O(n·m) table.
  let probe = 0;
  for (let j = 0; j < m && probe < n; j++) if (tl[j] === ql[probe]) probe++;
  if (probe < n) return null;

  const NONE = Number.NEGATIVE_INFINITY;
  // score[i*m + j]: best score with query[i] matched at target[j]; from[...]: where query[i-1] matched.
  const score = new Float64Array(n * m).fill(NONE);
  const from = new Int32Array(n * m).fill(-1);

  for (let i = 0; i < n; i++) {
    let bestPrev = NONE;
    let bestPrevIndex = -1;
    for (let j = 0; j < m; j++) {
      if (i > 0 && j >= 2) {
        // Extend the gap for the running best, then consider ending a run at j-2 (a gap of >= 1).
        bestPrev -= GAP_EXTEND;
        const candidate = score[(i - 1) * m + (j - 2)]! - GAP_START;
        if (candidate > bestPrev) {
          bestPrev = candidate;
          bestPrevIndex = j - 2;
        }
      }
      if (tl[j] !== ql[i]) continue;
      const own = MATCH + boundaryBonus(target, j) + (target[j] === q[i] ? CASE_EXACT : 0);
      if (i === 0) {
        // Leading unmatched characters cost a little, so earlier matches win ties.
        score[j] = own - Math.min(j, 8) * 0.5;
        continue;
      }
      const consecutive = j >= 1 ? score[(i - 1) * m + (j - 1)]! + CONSECUTIVE : NONE;
      if (consecutive === NONE && bestPrev === NONE) continue;
      if (consecutive >= bestPrev) {
        score[i * m + j] = own + consecutive;
        from[i * m + j] = j - 1;
      } else {
        score[i * m + j] = own + bestPrev;
        from[i * m + j] = bestPrevIndex;
      }
    }
  }

  let bestScore = NONE;
  let bestEnd = -1;
  for (let j = 0; j < m; j++) {
    const value = score[(n - 1) * m + j]!;
    if (value > bestScore) {
      bestScore = value;
      bestEnd = j;
    }
  }
  if (bestEnd === -1) return null;

  const positions = new Array<number>(n);
  let j = bestEnd;
  for (let i = n - 1; i >= 0; i--) {
    positions[i] = j;
    j = from[i * m + j]!;
  }
  return { score: bestScore, positions };
}

export interface RankedPath {
  path: string;
  score: number;
  positions: number[];
}

/** Ranks file paths for quick-open: matches inside the file name beat matches spread over folders. */
export function rankPaths(query: string, paths: readonly string[], limit = 50): RankedPath[] {
  const trimmed = query.trim();
  if (!trimmed) return [...paths].sort().slice(0, limit).map((path) => ({ path, score: 0, positions: [] }));
  const ranked: RankedPath[] = [];
  for (const path of paths) {
    const match = fuzzyMatch(trimmed, path);
    if (!match) continue;
    const baseStart = path.lastIndexOf("/") + 1;
    const inBaseName = match.positions.every((position) => position >= baseStart);
    // A match that ends a word ("index" in index.ts, not in indexer.ts) is what people usually mean.
    const next = path[(match.positions.at(-1) ?? -1) + 1];
    const endsWord = next === undefined || isSeparator(next);
    const score = match.score + (inBaseName ? 24 : 0) + (endsWord ? 10 : 0) - path.length * 0.05;
    ranked.push({ path, score, positions: match.positions });
  }
  ranked.sort((a, b) => b.score - a.score || a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
  return ranked.slice(0, limit);
}
