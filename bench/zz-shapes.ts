import { chromium } from "@playwright/test";
import { createBenchAccount } from "./account";
import { streamDirect, streamWafer, ttft } from "./clients";
import { startStack, type DbDriver } from "./harness";
import { prose, seedShapes } from "./shapes";
import { median, percentile } from "./stats";

async function main() {
  const driver = (process.argv[2] ?? "postgres") as DbDriver;
  const rounds = Number(process.argv[3] ?? 30);
  const profileDir = process.argv[4];
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const stack = await startStack({ appPort: 3933, upstreamPort: 4933, driver, profileDir });
  try {
    const account = await createBenchAccount(browser, stack.appUrl);
    const shapes = await seedShapes(stack, account, { quick: true });
    await stack.resetUpstream();
    const text = prose(2);
    const script = { steps: [{ type: "text" as const, text }], rate: 5000, ttftMs: 0 };
    const replay = new Map<string, unknown>();
    for (let w = 0; w < 8; w++) for (const shape of shapes) {
      await stack.enqueue(script);
      await streamWafer(stack.appUrl, account.cookie, { sessionId: shape.sessionId ?? (await account.newSession()), text: "bench", model: "gpt-oss-120b", context: shape.context });
      const body = (await stack.lastRequestBody()) as Record<string, unknown>;
      replay.set(shape.name, { ...body, stream: true, stream_options: { include_usage: true } });
      await stack.resetUpstream();
    }
    const added = new Map(shapes.map((s) => [s.name, [] as number[]]));
    for (let r = 0; r < rounds; r++) {
      for (const shape of shapes) {
        await stack.enqueue(script);
        const d = await streamDirect(stack.upstreamBaseUrl, "gpt-oss-120b", "bench", replay.get(shape.name));
        const sessionId = shape.sessionId ?? (await account.newSession());
        await stack.enqueue(script);
        const o = await streamWafer(stack.appUrl, account.cookie, { sessionId, text: "bench", model: "gpt-oss-120b", context: shape.context });
        added.get(shape.name)!.push(ttft(o) - ttft(d));
        await new Promise((res) => setTimeout(res, 30));
      }
      await stack.resetUpstream();
    }
    const fresh = median(added.get("fresh")!);
    for (const [name, xs] of added) console.log(`${driver} ${name.padEnd(24)} p50 ${median(xs).toFixed(2)} p25 ${percentile(xs, 25).toFixed(2)} p75 ${percentile(xs, 75).toFixed(2)} ×${(median(xs) / fresh).toFixed(2)}`);
    if (process.env.ZZ_PAUSE) { console.log('PAUSED', JSON.stringify(shapes.map((x) => [x.name, x.sessionId]))); const fs = await import('node:fs'); while (!fs.existsSync('/tmp/zz-go')) await new Promise((r) => setTimeout(r, 500)); }
  } finally {
    await stack.stop();
    await browser.close();
  }
}
void main();
