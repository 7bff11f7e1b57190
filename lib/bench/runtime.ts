import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

import { database } from "@/db/client";

/**
 * What the benchmark reads from inside a server instance (bench routes only): statements sent to
 * the database, and the event loop's delay since the last reset.
 */
let histogram: IntervalHistogram | null = null;

export function benchRuntimeStats({ reset }: { reset: boolean }) {
  if (!histogram) {
    histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
  }
  const ns = (value: number) => Math.round(value / 1e4) / 100;
  const stats = {
    statements: database().statementCount(),
    driver: database().driver,
    node: process.version,
    eventLoopDelayMs: { p50: ns(histogram.percentile(50)), p99: ns(histogram.percentile(99)), max: ns(histogram.max), samples: histogram.count },
    rssMb: Math.round(process.memoryUsage.rss() / 1048576),
  };
  if (reset) histogram.reset();
  return stats;
}
