import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { chromium } from "@playwright/test";

import { createBenchAccount } from "./account";
import { runBrowserBench, type BrowserFigures } from "./browser-scenarios";
import { compareResults } from "./compare";
import { ensureBuild, startStack, type DbDriver } from "./harness";
import { describeMachine } from "./machine";
import { runPageLoadBench, type PageLoadFigures } from "./page-load";
import { printTable } from "./report";
import { runServerBench, WARMUP_ROUNDS, type ServerFigures } from "./server-bench";
import { medians, spread } from "./stats";

/**
 * `npm run bench [-- --quick] [--db postgres|pglite|both] [--runs N] [--node PATH] [--compare FILE] [--profile DIR] [--only page-load]`:
 * Wafer's speed against the scripted upstream. Prints a table, writes bench/results/latest.json
 * (every figure with its conditions), and ends with the one-line summary. `--only page-load` measures
 * the IDE's page load alone (on a fresh project, first database only) and writes
 * bench/results/page-load.json unless --out says otherwise.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      db: { type: "string" },
      runs: { type: "string" },
      node: { type: "string" },
      compare: { type: "string" },
      "no-browser": { type: "boolean", default: false },
      profile: { type: "string" },
      out: { type: "string" },
      only: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      "npm run bench -- [--quick] [--db postgres|pglite|both] [--runs N] [--node PATH] [--compare FILE] [--profile DIR] [--no-browser] [--out FILE] [--only page-load]\n" +
        "  --only page-load  only the IDE ÷ bare Monaco page-load figures (default output bench/results/page-load.json)",
    );
    return;
  }
  if (values.only !== undefined && values.only !== "page-load") throw new Error(`--only must be page-load (got ${values.only})`);
  const pageLoadOnly = values.only === "page-load";
  const quick = values.quick ?? false;
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  // Full runs measure both databases when a server is configured; --quick measures the configured one.
  const dbOption = values.db ?? (serverUrl ? (quick ? "postgres" : "both") : "pglite");
  const drivers: DbDriver[] = dbOption === "both" ? ["postgres", "pglite"] : [dbOption as DbDriver];
  if (!drivers.every((d) => d === "postgres" || d === "pglite")) throw new Error(`--db must be postgres, pglite or both (got ${dbOption})`);
  const runs = pageLoadOnly ? 1 : Number(values.runs ?? (quick ? 1 : 2));
  const node = values.node ?? process.execPath;
  const appPort = Number(process.env.BENCH_APP_PORT ?? 3932);
  const upstreamPort = Number(process.env.BENCH_UPSTREAM_PORT ?? 4932);
  const startedAt = Date.now();
  // Read before measuring: a wrong path should fail now, not after the run.
  const earlier = values.compare ? JSON.parse(readFileSync(values.compare, "utf8")) : null;
  const machine = describeMachine();
  await ensureBuild();

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const conditions = {
    quick,
    measuredAt: new Date().toISOString(),
    commit: git(["rev-parse", "--short", "HEAD"]),
    appNode: execFileSync(node, ["-v"], { encoding: "utf8" }).trim(),
    benchNode: process.version,
    cores: os.cpus().length,
    machine,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    chromium: browser.version(),
    dbDrivers: pageLoadOnly ? drivers.slice(0, 1) : drivers,
    only: values.only ?? null,
    browserDb: drivers[0],
    runsPerDb: runs,
    warmupRounds: WARMUP_ROUNDS,
    note: "client, upstream, app, database and Chromium share the same cores",
  };

  const serverRuns: { driver: DbDriver; run: number; figures: ServerFigures }[] = [];
  let browserFigures: BrowserFigures | null = null;
  let pageLoad: PageLoadFigures | null = null;
  try {
    for (let run = 0; run < runs; run++) {
      for (const driver of pageLoadOnly ? drivers.slice(0, 1) : drivers) {
        console.error(`bench: server figures, ${driver}, run ${run + 1} of ${runs}`);
        const stack = await startStack({ appPort, upstreamPort, driver, node, profileDir: values.profile });
        try {
          const account = await createBenchAccount(browser, stack.appUrl);
          if (pageLoadOnly) {
            console.error("bench: page load");
            pageLoad = await runPageLoadBench(browser, stack, account, { quick });
            await account.context.close();
            continue;
          }
          serverRuns.push({ driver, run, figures: await runServerBench(stack, { quick, account }) });
          // The browser figures once, on the first database, after its first server run.
          if (run === 0 && driver === drivers[0] && !values["no-browser"]) {
            console.error("bench: browser figures");
            browserFigures = await runBrowserBench(stack, account, { quick });
            pageLoad = await runPageLoadBench(browser, stack, account, { quick });
          }
          await account.context.close();
        } finally {
          await stack.stop();
        }
      }
    }
  } finally {
    await browser.close();
  }

  const server = Object.fromEntries(
    (pageLoadOnly ? [] : drivers).map((driver) => {
      const mine = serverRuns.filter((r) => r.driver === driver).map((r) => r.figures);
      return [driver, { spread: spread(mine), runs: mine }];
    }),
  );
  const results = { conditions: { ...conditions, durationS: Math.round((Date.now() - startedAt) / 1000) }, server, browser: browserFigures, pageLoad };
  const out = path.resolve(values.out ?? path.join(import.meta.dirname, "results", pageLoadOnly ? "page-load.json" : "latest.json"));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  if (earlier) compareResults(earlier, results);

  const f = (v: number | undefined, digits = 2) => (v === undefined || !Number.isFinite(v) ? "na" : v.toFixed(digits));
  if (pageLoadOnly) {
    console.log(`bench: ide_keystroke_ratio=${f(pageLoad?.ratios.keystrokeCold)} ide_keystroke_ratio_warm=${f(pageLoad?.ratios.keystrokeWarm)}`);
    return;
  }
  // The table's own figure: the median over the first database's runs, not its first run.
  const first = medians<ServerFigures>(server[drivers[0]!]!.spread);
  const peak = first.throughput["5000"];
  const prose2k = browserFigures?.scenarios["prose@2000 1x"];
  const prose5k = browserFigures?.scenarios["prose@5000 1x"];
  const prose10k = browserFigures?.scenarios["prose@10000 1x"];
  const long = Math.max(...Object.entries(first.shapes).filter(([name]) => name !== "fresh").map(([, s]) => s.ratioToFresh));
  console.log(
    `bench: ratio_direct=${f(peak?.ratioOD)} ratio_peer=${f(peak?.ratioOP)} ttfb_added_p50_ms=${f(first.addedTtfbMs.p50, 0)} visible_ratio=${f(prose5k?.visibleRatio)} ttfb_long_session_ratio=${f(long)} visible_ratio_10k=${f(prose10k?.visibleRatio)} longtasks_2k=${prose2k?.longTasks ?? "na"} ide_keystroke_ratio=${f(pageLoad?.ratios.keystrokeCold)} ide_keystroke_ratio_warm=${f(pageLoad?.ratios.keystrokeWarm)} live_ttfb_added_p50_ms_0v_1v_10v=${(["0", "1", "10"] as const).map((n) => f(first.live.byViewers[n].addedTtfbMs.p50, 0)).join("/")} viewer_lag_p50_p95_ms_1v=${f(first.live.byViewers["1"].viewerLagMs?.p50, 0)}/${f(first.live.byViewers["1"].viewerLagMs?.p95, 0)} viewer_lag_p50_p95_ms_10v=${f(first.live.byViewers["10"].viewerLagMs?.p50, 0)}/${f(first.live.byViewers["10"].viewerLagMs?.p95, 0)} calibration_ms=${f(machine.calibrationMs, 1)}`,
  );
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

export type BenchResults = {
  conditions: Record<string, unknown>;
  server: Record<string, { spread: unknown; runs: ServerFigures[] }>;
  browser: BrowserFigures | null;
  pageLoad: PageLoadFigures | null;
};

main().catch((error: unknown) => {
  console.error("bench failed:", error);
  process.exit(1);
});
