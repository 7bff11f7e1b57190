import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { chromium } from "@playwright/test";

import { createBenchAccount } from "./account";
import { runBrowserBench } from "./browser-scenarios";
import { ensureBuild, startStack } from "./harness";
import { runServerBench } from "./server-bench";

/**
 * `npm run bench [-- --quick]`: Wafer's speed against the scripted upstream, all figures from one
 * run. Prints a table, writes bench/results/latest.json, and ends with the one-line summary.
 */
async function main() {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
  const quick = values.quick ?? false;
  const startedAt = Date.now();
  await ensureBuild();
  const stack = await startStack({ appPort: 3950, upstreamPort: 4950 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const account = await createBenchAccount(browser, stack.appUrl);
    const server = await runServerBench(stack, { quick, cookie: account.cookie, newSession: account.newSession });
    const browserFigures = await runBrowserBench(stack, account, { quick });
    const results = { quick, measuredAt: new Date().toISOString(), durationS: Math.round((Date.now() - startedAt) / 1000), server, browser: browserFigures };
    const out = path.resolve(import.meta.dirname, "results", "latest.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    printTable(results);
    const peak = server.throughput["5000"];
    const prose5k = browserFigures.scenarios["prose@5000 1x"];
    const prose2k = browserFigures.scenarios["prose@2000 1x"];
    console.log(
      `bench: ratio_direct=${peak?.ratioOD.toFixed(2)} ratio_peer=${peak?.ratioOP.toFixed(2)} ttfb_added_p50_ms=${Math.round(server.addedTtfbMs.p50)} visible_ratio=${prose5k?.visibleRatio.toFixed(2)} longtasks_2k=${prose2k?.longTasks}`,
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

function printTable(results: { server: Awaited<ReturnType<typeof runServerBench>>; browser: Awaited<ReturnType<typeof runBrowserBench>> }) {
  const s = results.server;
  const rows: [string, string][] = [];
  for (const [name, v] of Object.entries(results.browser.scenarios)) {
    rows.push([
      `browser ${name}`,
      `visible/upstream ${v.visibleRatio}; first +${v.firstVisibleMsP50} ms; last +${v.lastVisibleMsP50} ms (p95 ${v.lastVisibleMsP95}); long tasks ${v.longTasks} (max ${v.longestTaskMs} ms); dropped frames ${v.droppedFrames}`,
    ]);
  }
  for (const [name, v] of Object.entries(results.browser.monaco)) rows.push([`monaco ${name}`, JSON.stringify(v)]);
  for (const [rate, t] of Object.entries(s.throughput)) {
    rows.push([`throughput @${rate} tok/s  D / P / O`, `${t.D} / ${t.P} / ${t.O} tok/s  (O/D ${t.ratioOD}, O/P ${t.ratioOP})`]);
  }
  rows.push(["added TTFB O−D p50 / p95", `${s.addedTtfbMs.p50} / ${s.addedTtfbMs.p95} ms`]);
  rows.push(["CPU per 1k tokens P / O", `${s.cpuMsPer1kTokens.P} / ${s.cpuMsPer1kTokens.O} ms (O/P ${s.cpuMsPer1kTokens.ratioOP})`]);
  for (const [k, r] of Object.entries(s.concurrencyRatioOD)) rows.push([`${k} streams × 2,000 tok/s, O/D`, String(r)]);
  rows.push(["RSS growth over the memory run", `${s.rssGrowthMb} MB`]);
  rows.push(["DB statements per assistant message", String(s.dbStatementsPerMessage)]);
  rows.push(["stream headers", `content-encoding ${s.headers.contentEncoding}; cache-control ${s.headers.cacheControl}`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((error: unknown) => {
  console.error("bench failed:", error);
  process.exit(1);
});
