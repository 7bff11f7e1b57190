import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * Sizes of the reliability suite. CI runs the reduced default (a few minutes); RELIABILITY_SCALE=full
 * is the run the README quotes. Each figure can also be set on its own.
 */
const full = process.env.RELIABILITY_SCALE === "full";
const int = (name: string, ci: number, fullSize: number) => {
  const raw = process.env[name];
  return raw ? Number.parseInt(raw, 10) : full ? fullSize : ci;
};
export const SIZES = {
  /** Turns per upstream fault kind. */
  runs: int("RELIABILITY_RUNS", 12, 100),
  /** Rounds of killed backends, and of server restarts, under a steady write load. */
  dbRounds: int("RELIABILITY_DB_ROUNDS", 4, 20),
  /** Concurrent streams in the load test. */
  streams: int("RELIABILITY_STREAMS", 50, 200),
  /** Repetitions of each idempotency case. */
  idempotency: int("RELIABILITY_IDEMPOTENCY", 5, 20),
};

export function quantile(values: number[], q: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "n/a");

/** Prints one figure table; the suite's output is these tables. */
export function report(title: string, rows: Record<string, unknown>[]): void {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => String(value ?? "");
  const widths = keys.map((key) => Math.max(key.length, ...rows.map((row) => cell(row[key]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join("  ");
  console.log([`\n== ${title}`, line(keys), line(widths.map((w) => "-".repeat(w))), ...rows.map((row) => line(keys.map((k) => cell(row[k]))))].join("\n"));
}

/** Runs `tasks` with at most `limit` at once. */
export async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

/** Event-loop delay over a window, in ms. */
export function loopLag() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop: () => {
      histogram.disable();
      return { p50: histogram.percentile(50) / 1e6, p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
    },
  };
}

/** A deterministic generator, so a failing run can be repeated from its printed seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
