import type { CDPSession } from "@playwright/test";

import type { BenchAccount } from "./account";
import { MARKDOWN, newThread, openWorkbench, PROSE, summarize, visibleTurn, type VisibleSample } from "./browser-bench";
import type { Stack } from "./harness";
import { runMonacoScenarios } from "./monaco-scenarios";

/** About two seconds of output at each rate, capped under the model's 8,192 output tokens (~7k tokens). */
const prose = (rate: number) => PROSE.repeat(Math.min(240, Math.max(4, Math.round(rate / 60))));
const markdown = (rate: number) => MARKDOWN.repeat(Math.max(2, Math.round(rate / 220)));

export async function runBrowserBench(stack: Stack, account: BenchAccount, { quick }: { quick: boolean }) {
  const page = await account.context.newPage();
  await openWorkbench(page, account);
  const cdp: CDPSession = await account.context.newCDPSession(page);
  // Warm-up, not measured: a page's first answer also compiles the chat pane's code paths.
  await newThread(page);
  await visibleTurn(page, stack, { steps: [{ type: "text", text: MARKDOWN }], rate: 2000, ttftMs: 0 }, "warm up");
  const scenarios: Record<string, ReturnType<typeof summarize>> = {};
  const runs = quick ? 1 : 3;

  const throttles = quick ? [1] : [1, 4];
  for (const throttle of throttles) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
    const rates = quick ? [2000, 5000, 10000] : throttle === 1 ? [500, 2000, 5000, 10000, 20000] : [500, 2000, 5000];
    const cases: { name: string; text: string; rate: number }[] = rates.map((rate) => ({ name: `prose@${rate}`, text: prose(rate), rate }));
    if (!quick) cases.push({ name: "markdown@5000", text: markdown(5000), rate: 5000 });
    for (const c of cases) {
      const samples: VisibleSample[] = [];
      for (let i = 0; i < runs; i++) {
        await newThread(page);
        samples.push(await visibleTurn(page, stack, { steps: [{ type: "text", text: c.text }], rate: c.rate, ttftMs: 0 }, "bench"));
      }
      scenarios[`${c.name} ${throttle}x`] = summarize(samples);
    }
  }
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  const monaco = await runMonacoScenarios(page, stack, account, cdp, { quick });
  await page.close();
  return { runsPerScenario: runs, scenarios, monaco };
}

export type BrowserFigures = Awaited<ReturnType<typeof runBrowserBench>>;
