import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { createBenchAccount } from "./account";
import { installKeyProbe, keyTimings, newThread, openWorkbench } from "./browser-bench";
import type { DbDriver } from "./harness";
import { createFile, keysWhileEditing, rewriteTurn, typingAlone, type TypingPace } from "./monaco-scenarios";
import { bigFile } from "./shapes";
import { withToolStack } from "./tool-stack";

/**
 * `tsx --conditions=react-server bench/profile-rewrite.ts [--runs N] [--typing [--key-interval MS] [--alone]] [--rate TOK_S] [--profile DIR] [--heap DIR] [--trace DIR] [--db pglite|postgres]`:
 * only the 2,000-line rewrite of `npm run bench` (after its warm-up rewrite), N times, printing each
 * sample and, with --typing, the keys of all runs (the bench's probe: keydown's timestamp to the end
 * of the first frame after it) and the long tasks; with --profile, the page's V8 CPU profile of the measured rewrites (open it in DevTools'
 * Performance panel) to find what the long tasks run; with --trace, a Chrome trace of the same runs
 * (devtools.timeline, blink, v8: style, layout, paint, GC and tasks), the page's keys (the bench's
 * key latency: keydown's timestamp to the end of the first frame after it) and an alignment mark,
 * read by `bench/trace-keys.ts`; with --heap, a sampled heap profile of the same runs that counts
 * collected objects too (DevTools' Memory panel opens it): what the page allocates while the rewrite
 * streams, which its garbage collections then cost; with --alone, the same typing with nothing
 * streaming (the bench's reference). A tool for fixing, not a figure to publish.
 */
const TRACE_CATEGORIES = [
  "toplevel",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "blink",
  "blink.user_timing",
  "v8",
  "v8.execute",
  "disabled-by-default-v8.gc",
  "cc",
  "gpu",
  "input",
  "latencyInfo",
];

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      typing: { type: "boolean", default: false },
      // With --typing: one key every N ms until the turn ends, instead of the bench's burst.
      "key-interval": { type: "string" },
      // With --typing: the same keys with no rewrite streaming.
      alone: { type: "boolean", default: false },
      // Tokens per second of the rewrite: 5,000 as in the bench's rewrite, 2,000 in its typing scenario.
      rate: { type: "string" },
      profile: { type: "string" },
      heap: { type: "string" },
      trace: { type: "string" },
      db: { type: "string", default: "pglite" },
    },
  });
  const runs = Number(values.runs);
  await withToolStack(values.db as DbDriver, async ({ browser, stack }) => {
    const account = await createBenchAccount(browser, stack.appUrl);
    const paths = Array.from({ length: runs + 1 }, (_, i) => `src/bench/rewrite-${i}.ts`);
    for (const p of paths) await createFile(stack, account, p, bigFile(2000).original);
    const page = await account.context.newPage();
    await openWorkbench(page, account);
    await newThread(page);
    await rewriteTurn(page, stack, paths[0]!);
    const traceFile = values.trace ? path.resolve(values.trace, `rewrite-${Date.now()}.trace.json`) : null;
    if (traceFile) await browser.startTracing(page, { path: traceFile, categories: TRACE_CATEGORIES });
    // The sampler costs the page CPU: without --profile or --trace its figures are the bench's.
    const profiling = Boolean(values.profile || traceFile);
    const cdp = await account.context.newCDPSession(page);
    if (values.heap) {
      // Every allocation sampled, the collected ones too: what the page allocates is what its
      // collections cost (see --heap in the usage above).
      await cdp.send("HeapProfiler.enable");
      await cdp.send("HeapProfiler.startSampling", { samplingInterval: 16 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    }
    if (profiling) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    // The keys (written beside a trace), long tasks with their start times, and a marker function
    // whose samples align the profile's clock with the page's: so each long task's window can be read from the profile.
    await installKeyProbe(page);
    const markAt = await page.evaluate(() => {
      const tasks: { start: number; duration: number }[] = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: "longtask" });
      (window as unknown as { __profileTasks: typeof tasks }).__profileTasks = tasks;
      const end = performance.now() + 5;
      (function waferProfileMark() {
        while (performance.now() < end);
      })();
      const at = performance.now();
      performance.mark("wafer-align");
      return at;
    });
    const keys: number[] = [];
    const rate = Number(values.rate ?? (values.typing ? 2_000 : 5_000));
    const pace: TypingPace = values["key-interval"] ? { keyIntervalMs: Number(values["key-interval"]) } : "burst";
    for (let i = 1; i <= runs; i++) {
      await newThread(page);
      if (values.alone) {
        const sample = await typingAlone(page, "src/index.ts", pace);
        console.log(JSON.stringify(sample));
        keys.push(...(await page.evaluate(() => window.__monacoProbe!.keyLatencies)));
        continue;
      }
      console.log(JSON.stringify(await rewriteTurn(page, stack, paths[i]!, values.typing ? { into: "src/index.ts", pace } : undefined, rate)));
      // The bench's own per-key figures of this run (its probe stops before Accept all and the undo).
      const { probe, timeOrigin } = await page.evaluate(() => ({ probe: { ...window.__monacoProbe!, stop: undefined }, timeOrigin: performance.timeOrigin }));
      keys.push(...keysWhileEditing(probe, timeOrigin));
    }
    const profile = profiling ? (await cdp.send("Profiler.stop")).profile : null;
    if (values.heap) {
      const file = path.resolve(values.heap, `rewrite-${Date.now()}.heapprofile`);
      writeFileSync(file, JSON.stringify((await cdp.send("HeapProfiler.stopSampling")).profile));
      console.log(`heap: ${file}`);
    }
    const tasks = await page.evaluate(() => (window as unknown as { __profileTasks: { duration: number }[] }).__profileTasks.map((t) => t.duration));
    if (keys.length) {
      const sorted = [...keys].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
      console.log(
        `keys ${keys.length}: max ${at(100)} p99 ${at(99)} p95 ${at(95)} p50 ${at(50)} ms, > 50 ms: ${keys.filter((k) => k > 50).length}; long tasks > 50 ms: ${tasks.filter((d) => d > 50).length}, > 100 ms: ${tasks.filter((d) => d > 100).length}`,
      );
    }
    if (traceFile) {
      await browser.stopTracing();
      const pageKeys = await keyTimings(page);
      const longTasks = await page.evaluate(() => (window as unknown as { __profileTasks: unknown }).__profileTasks);
      writeFileSync(traceFile.replace(/\.trace\.json$/, ".keys.json"), JSON.stringify({ alignMs: markAt, alignMark: "wafer-align", keys: pageKeys, longTasks }));
      writeFileSync(traceFile.replace(/\.trace\.json$/, ".cpuprofile"), JSON.stringify(profile));
      console.log(`trace: ${traceFile}`);
    }
    if (values.profile) {
      const file = path.resolve(values.profile, `rewrite-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      const longTasks = await page.evaluate(() => (window as unknown as { __profileTasks: unknown }).__profileTasks);
      writeFileSync(file.replace(/\.cpuprofile$/, ".tasks.json"), JSON.stringify({ markEndMs: markAt, markFunction: "waferProfileMark", longTasks }));
      console.log(`profile: ${file}`);
    }
    await account.context.close();
  });
}

main().catch((error: unknown) => {
  console.error("profile-rewrite failed:", error);
  process.exit(1);
});
