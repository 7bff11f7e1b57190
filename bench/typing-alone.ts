import { parseArgs } from "node:util";

import type { Page } from "@playwright/test";

import { createBenchAccount } from "./account";
import { installKeyProbe, keyTimings, openWorkbench } from "./browser-bench";
import type { DbDriver } from "./harness";
import { percentile } from "./stats";
import { withToolStack } from "./tool-stack";

/**
 * `tsx --conditions=react-server bench/typing-alone.ts [--rounds N] [--keys N] [--editor-options JSON] [--db pglite|postgres]`:
 * typing with nothing streaming, one key every 100 ms, in the IDE (src/index.ts) and in the bench's
 * bare Monaco page of the same build, alternating pages N rounds. Per page: each key's latency
 * (keydown's timestamp to the end of the first frame after it, as the bench's probe, but without its
 * per-frame observer, so an idle page stays idle) and the main thread's time per key (CDP
 * Performance.getMetrics). `--editor-options` applies Monaco options to the IDE's editor first, to
 * try one. A tool for fixing, not a figure to publish.
 */
const TYPED = "const typedWhileStreaming = 42; // wafer bench\n";
const INTERVAL_MS = 100;
const WARM_UP_KEYS = 40;

async function typeKeys(page: Page, count: number): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + i * INTERVAL_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await page.keyboard.type(TYPED[i % TYPED.length]!);
  }
}

async function measure(page: Page, label: string, keys: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const metrics = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  await installKeyProbe(page);
  // A page's first keys compile Monaco's typing path.
  await typeKeys(page, WARM_UP_KEYS);
  await page.waitForTimeout(300);
  await keyTimings(page, { clear: true });
  const before = await metrics();
  await typeKeys(page, keys);
  await page.waitForTimeout(300);
  const after = await metrics();
  const latencies = (await keyTimings(page)).map((key) => key.latency);
  const perKey = (name: string) => (((after[name]! - before[name]!) * 1000) / keys).toFixed(2);
  console.log(
    `${label}: ${latencies.length} keys, p50 ${percentile(latencies, 50).toFixed(1)} p95 ${percentile(latencies, 95).toFixed(1)} max ${Math.max(...latencies).toFixed(1)} ms; ` +
      `main thread per key: tasks ${perKey("TaskDuration")} (on a core ${perKey("ThreadTime")}), script ${perKey("ScriptDuration")}, layout ${perKey("LayoutDuration")}, style ${perKey("RecalcStyleDuration")} ms`,
  );
}

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "2" },
      keys: { type: "string", default: "150" },
      "editor-options": { type: "string" },
      db: { type: "string", default: "pglite" },
    },
  });
  const keys = Number(values.keys);
  await withToolStack(values.db as DbDriver, async ({ browser, stack }) => {
    const account = await createBenchAccount(browser, stack.appUrl);
    for (let round = 1; round <= Number(values.rounds); round++) {
      const ide = await account.context.newPage();
      await openWorkbench(ide, account);
      await ide.evaluate(async (options) => {
        await window.__bench.editor()!.openFile("src/index.ts", { activate: true, focus: true });
        const editor = window.__bench.editor()!.getActiveEditor()!;
        if (options) editor.updateOptions(JSON.parse(options) as Record<string, unknown>);
        editor.setPosition({ lineNumber: 1, column: 1 });
        editor.focus();
      }, values["editor-options"] ?? null);
      await measure(ide, `IDE, round ${round}`, keys);
      await ide.close();

      const bare = await account.context.newPage();
      await bare.goto(`${stack.appUrl}/bench/monaco`);
      const lines = bare.locator(".monaco-editor .view-lines").first();
      await lines.waitFor();
      await lines.click({ position: { x: 40, y: 6 } });
      await measure(bare, `bare Monaco, round ${round}`, keys);
      await bare.close();
    }
    await account.context.close();
  });
}

main().catch((error: unknown) => {
  console.error("typing-alone failed:", error);
  process.exit(1);
});
