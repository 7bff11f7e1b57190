export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

export const round = (value: number, digits = 2) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/**
 * A page's main thread summed over runs: its tasks' wall time, its time on a core, and the share of
 * the busy time it ran (1: it never waited for a core).
 */
export function mainThreadFigures(samples: readonly { mainThreadBusyMs?: unknown; mainThreadOnCoreMs?: unknown }[]): Record<string, number> {
  const busy = samples.reduce((n, s) => n + Number(s.mainThreadBusyMs ?? 0), 0);
  const onCore = samples.reduce((n, s) => n + Number(s.mainThreadOnCoreMs ?? 0), 0);
  return { mainThreadBusyMs: busy, mainThreadOnCoreMs: onCore, mainThreadOnCoreShare: busy > 0 ? round(onCore / busy, 2) : 0 };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export const isSpread = (v: unknown): v is Spread =>
  typeof v === "object" && v !== null && "median" in v && "min" in v && "max" in v && Object.keys(v).length === 3;

/**
 * The same shape as one run's figures, every number replaced by its median and range over the runs
 * (other values from the first run).
 */
export function spread(runs: readonly unknown[]): unknown {
  const [first] = runs;
  if (typeof first === "number") {
    const values = runs.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    if (values.length === 0) return { median: first, min: first, max: first };
    const mid = [...values].sort((a, b) => a - b);
    const median = mid.length % 2 ? mid[(mid.length - 1) / 2]! : (mid[mid.length / 2 - 1]! + mid[mid.length / 2]!) / 2;
    return { median: round(median, 2), min: Math.min(...values), max: Math.max(...values) };
  }
  if (Array.isArray(first) || typeof first !== "object" || first === null) return first;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(first)) out[key] = spread(runs.map((r) => (r as Record<string, unknown> | null)?.[key]));
  return out;
}

/** A spread() read back as one run: each {median, min, max} leaf becomes its median. */
export function medians<T>(spreadOf: unknown): T {
  if (isSpread(spreadOf)) return spreadOf.median as T;
  if (Array.isArray(spreadOf) || typeof spreadOf !== "object" || spreadOf === null) return spreadOf as T;
  return Object.fromEntries(Object.entries(spreadOf).map(([key, value]) => [key, medians(value)])) as T;
}

/** "1.00" for one run or an exact agreement, "1.00 (0.98–1.01)" otherwise. */
export function formatSpread(v: unknown, digits = 2): string {
  if (typeof v === "number") return v.toFixed(digits);
  if (!isSpread(v)) return String(v);
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
  return v.min === v.max ? f(v.median) : `${f(v.median)} (${f(v.min)}–${f(v.max)})`;
}
