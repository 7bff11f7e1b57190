import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";

import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSession } from "@/lib/chat/service";
import type { Script } from "@/lib/testing/upstream";

import { runTurn, startChatFixture, storedMessages, type ChatFixture } from "./chat-fixture";
import { loopLag, ms, quantile, report, SIZES } from "./support";

/**
 * SIZES.streams concurrent answers on loopback at a fixed rate, first straight from the scripted
 * upstream (D) and then through Wafer's turn (O), in the same process and conditions. Figures:
 * added TTFB (O − D) and inter-chunk delay at p50/p99, peak RSS, event-loop lag p99. Asserted: every
 * stream completes and is stored; the timings are printed, not asserted (this machine is shared).
 */
const RATE = 100;
const CHUNK_TOKENS = 5;
const script: Script = { steps: [{ type: "text", text: Array.from({ length: 150 }, (_, i) => ` t${i}`).join("") }], rate: RATE, chunkTokens: CHUNK_TOKENS };

let fixture: ChatFixture;

beforeAll(async () => {
  fixture = await startChatFixture();
  fixture.upstream.upstream.setDefault(script);
});

afterAll(async () => {
  await fixture.upstream.close();
});

interface StreamTiming {
  ttfbMs: number | null;
  gaps: number[];
}

/** D: the upstream read directly, as a client of the model would. */
async function direct(): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(`${fixture.upstream.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-oss-120b", stream: true, messages: [{ role: "user", content: `direct ${randomUUID()}` }] }),
  });
  let ttfbMs: number | null = null;
  let last: number | null = null;
  const gaps: number[] = [];
  const parser = createParser({
    onEvent: (event) => {
      if (!event.data.includes('"content"')) return;
      const now = performance.now();
      ttfbMs ??= now - started;
      if (last !== null) gaps.push(now - last);
      last = now;
    },
  });
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) parser.feed(decoder.decode(read.value, { stream: true }));
  return { ttfbMs, gaps };
}

function sampleRss() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  return () => {
    clearInterval(timer);
    return peak / 1024 / 1024;
  };
}

describe("load", () => {
  it(`${SIZES.streams} concurrent streams at ${RATE} tok/s each: all complete and stored; figures printed`, async () => {
    const n = SIZES.streams;
    // Warm both paths once so neither side pays for first-use compilation.
    await direct();
    await runTurn(fixture);

    const lagD = loopLag();
    const rssD = sampleRss();
    const d = await Promise.all(Array.from({ length: n }, () => direct()));
    const lagDirect = lagD.stop();
    const rssDirect = rssD();

    const sessions = await Promise.all(Array.from({ length: n }, () => createSession(fixture.project, undefined)));
    const lagO = loopLag();
    const rssO = sampleRss();
    const o = await Promise.all(sessions.map((s) => runTurn(fixture, { sessionId: s.id })));
    const lagOurs = lagO.stop();
    const rssOurs = rssO();

    const want = (script.steps[0] as { text: string }).text;
    const complete = o.filter((t) => t.saved?.status === "complete" && t.text === want).length;
    const stored = (await Promise.all(o.map((t) => storedMessages(t.sessionId)))).filter((m) => m.find((x) => x.role === "assistant")?.status === "complete").length;

    const ttfb = (ts: StreamTiming[]) => ts.map((t) => t.ttfbMs ?? Number.POSITIVE_INFINITY);
    const gaps = (ts: StreamTiming[]) => ts.flatMap((t) => t.gaps);
    const row = (name: string, ts: StreamTiming[], lag: { p99: number }, rss: number) => ({
      path: name,
      streams: ts.length,
      "TTFB p50": ms(quantile(ttfb(ts), 0.5)),
      "TTFB p99": ms(quantile(ttfb(ts), 0.99)),
      "inter-chunk p50": ms(quantile(gaps(ts), 0.5)),
      "inter-chunk p99": ms(quantile(gaps(ts), 0.99)),
      "event-loop lag p99": ms(lag.p99),
      "peak RSS": `${rss.toFixed(0)} MiB`,
    });
    report(`Load: ${n} concurrent streams, ${RATE} tok/s each in ${CHUNK_TOKENS}-token chunks, loopback (machine load average ${loadavg()[0]!.toFixed(1)})`, [
      row("D upstream direct", d, lagDirect, rssDirect),
      row("O Wafer turn", o, lagOurs, rssOurs),
      {
        path: "added (O − D)",
        "TTFB p50": ms(quantile(ttfb(o), 0.5) - quantile(ttfb(d), 0.5)),
        "TTFB p99": ms(quantile(ttfb(o), 0.99) - quantile(ttfb(d), 0.99)),
        "inter-chunk p50": ms(quantile(gaps(o), 0.5) - quantile(gaps(d), 0.5)),
        "inter-chunk p99": ms(quantile(gaps(o), 0.99) - quantile(gaps(d), 0.99)),
      },
    ]);
    expect(complete).toBe(n);
    expect(stored).toBe(n);
  });
});
