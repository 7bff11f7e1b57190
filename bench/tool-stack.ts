import { chromium, type Browser } from "@playwright/test";

import { ensureBuild, startStack, type DbDriver, type Stack } from "./harness";
import { cpuLabel, describeMachine } from "./machine";

/**
 * What the one-scenario tools (profile-rewrite.ts, typing-alone.ts) run on: the production build,
 * Chromium, and the app with its scripted upstream on the bench's ports; all stopped after `run`.
 * Prints the machine first, as the bench does: the tools' figures are quoted between machines too.
 */
export async function withToolStack(db: DbDriver, run: (tools: { browser: Browser; stack: Stack }) => Promise<void>): Promise<void> {
  const machine = describeMachine();
  console.log(`machine: ${cpuLabel(machine)}, calibration ${machine.calibrationMs} ms`);
  await ensureBuild();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const stack = await startStack({
      appPort: Number(process.env.BENCH_APP_PORT ?? 3932),
      upstreamPort: Number(process.env.BENCH_UPSTREAM_PORT ?? 4932),
      driver: db,
    });
    try {
      await run({ browser, stack });
    } finally {
      await stack.stop();
    }
  } finally {
    await browser.close();
  }
}
