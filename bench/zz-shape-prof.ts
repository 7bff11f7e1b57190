// scratch: O turns on one shape under --cpu-prof
import { chromium } from "@playwright/test";
import { createBenchAccount } from "./account";
import { startStack } from "./harness";
import { streamWafer } from "./clients";
import { prose, seedShapes } from "./shapes";

const shapeName = process.argv[2] ?? "2,000 files + 30 open";
const turns = Number(process.argv[3] ?? 40);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const stack = await startStack({ appPort: 3932, upstreamPort: 4932, driver: "postgres", profileDir: process.env.PROF });
try {
  const account = await createBenchAccount(browser, stack.appUrl);
  const shapes = await seedShapes(stack, account, { quick: true });
  const text = prose(40);
  for (let i = 0; i < turns; i++) {
    for (const shape of shapes.filter((s) => s.name === shapeName || process.argv[4] === "all")) {
      await stack.enqueue({ steps: [{ type: "text", text }], rate: 5000, ttftMs: 0 });
      const sessionId = shape.sessionId ?? (await account.newSession());
      await streamWafer(stack.appUrl, account.cookie, { sessionId, text: "bench", model: "gpt-oss-120b", context: shape.context });
      await new Promise((r) => setTimeout(r, 30));
    }
    if (i % 10 === 9) await stack.resetUpstream();
  }
  await account.context.close();
} finally {
  await stack.stop();
  await browser.close();
}
