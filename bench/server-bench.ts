import type { Script } from "@/lib/testing/upstream";

import { streamDirect, streamPeer, streamWafer, tokensPerSecond, ttft, type StreamSample } from "./clients";
import { cpuMs, rssMb, type Stack } from "./harness";
import { mean, median, percentile, round } from "./stats";

export interface ServerBenchOptions {
  quick: boolean;
  cookie: string;
  /** A fresh chat session per Wafer run, so history never grows across measurements. */
  newSession: () => Promise<string>;
}

const MODEL = "gpt-oss-120b";
const PARAGRAPH =
  "Wafer streams what the model writes straight into the editor. Every token that leaves the upstream should reach the user without waiting on a database write, a re-render or a buffer. ";

function prose(repeats: number): string {
  return PARAGRAPH.repeat(repeats);
}

type Config = "D" | "P" | "O";

interface RunResult {
  config: Config;
  sample: StreamSample;
  serverCpuMs: number;
}

/**
 * Server-side figures, Node client, configurations interleaved (D P O D P O …) after a warm-up so
 * drift on this shared machine hits all three alike.
 */
export async function runServerBench(stack: Stack, options: ServerBenchOptions) {
  async function once(config: Config, script: Script, text: string, expectedTokens: number): Promise<RunResult> {
    await stack.enqueue(script);
    const sessionId = config === "O" ? await options.newSession() : "";
    const before = cpuMs(stack.appPid);
    const sample =
      config === "D"
        ? await streamDirect(stack.upstreamBaseUrl, MODEL, text)
        : config === "P"
          ? await streamPeer(stack.appUrl, MODEL, text, expectedTokens)
          : await streamWafer(stack.appUrl, options.cookie, { sessionId, text, model: MODEL });
    // Let the server finish its tail work (the final write) before reading its CPU.
    await new Promise((r) => setTimeout(r, config === "O" ? 30 : 5));
    if (sample.text !== expectedText(script)) throw new Error(`${config} returned different text than the upstream sent`);
    sample.tokens = expectedTokens;
    return { config, sample, serverCpuMs: cpuMs(stack.appPid) - before };
  }

  const expectedText = (script: Script) => script.steps.map((s) => (s.type === "text" ? s.text : "")).join("");

  async function tokensOf(text: string): Promise<number> {
    await stack.enqueue({ steps: [{ type: "text", text }], rate: 0 });
    const sample = await streamDirect(stack.upstreamBaseUrl, MODEL, "count");
    return sample.tokens;
  }

  // Warm-up: first fetches in a fresh process cost 40–160 ms; JIT and caches settle.
  const warmText = prose(3);
  const warmTokens = await tokensOf(warmText);
  for (let i = 0; i < (options.quick ? 3 : 6); i++) {
    for (const config of ["D", "P", "O"] as const) await once(config, { steps: [{ type: "text", text: warmText }], rate: 0 }, "warm up", warmTokens);
  }

  // Throughput at several rates, and time to first token.
  const rates = options.quick ? [5000, 0] : [500, 2000, 5000, 0];
  const rounds = options.quick ? 3 : 6;
  const throughput: Record<string, { D: number; P: number; O: number; ratioOD: number; ratioOP: number }> = {};
  const ttfts: Record<Config, number[]> = { D: [], P: [], O: [] };
  const cpu: Record<Config, { ms: number; tokens: number }> = { D: { ms: 0, tokens: 0 }, P: { ms: 0, tokens: 0 }, O: { ms: 0, tokens: 0 } };
  for (const rate of rates) {
    // About one second of streaming per run at the paced rates.
    const text = prose(rate === 0 ? 60 : Math.max(2, Math.round(rate / 40)));
    const tokens = await tokensOf(text);
    const script: Script = { steps: [{ type: "text", text }], rate, ttftMs: 0 };
    const tps: Record<Config, number[]> = { D: [], P: [], O: [] };
    for (let r = 0; r < rounds; r++) {
      for (const config of ["D", "P", "O"] as const) {
        const result = await once(config, script, "bench", tokens);
        tps[config].push(tokensPerSecond(result.sample));
        ttfts[config].push(ttft(result.sample));
        cpu[config].ms += result.serverCpuMs;
        cpu[config].tokens += tokens;
      }
    }
    const [d, p, o] = [median(tps.D), median(tps.P), median(tps.O)];
    throughput[rate === 0 ? "unpaced" : String(rate)] = { D: round(d, 0), P: round(p, 0), O: round(o, 0), ratioOD: round(o / d), ratioOP: round(o / p) };
  }

  const addedTtfb = ttfts.O.map((o, i) => o - (ttfts.D[i] ?? 0));
  const cpuPer1k = (c: Config) => (cpu[c].ms / cpu[c].tokens) * 1000;

  // Concurrency: k streams at 2,000 tok/s at once, O against D.
  const concurrency: Record<string, number> = {};
  for (const k of options.quick ? [4] : [1, 2, 4]) {
    const text = prose(50);
    const tokens = await tokensOf(text);
    const script: Script = { steps: [{ type: "text", text }], rate: 2000, ttftMs: 0 };
    const measure = async (config: "D" | "O") => {
      const sessions = await Promise.all(Array.from({ length: k }, () => (config === "O" ? options.newSession() : Promise.resolve(""))));
      for (let i = 0; i < k; i++) await stack.enqueue(script);
      const samples = await Promise.all(
        sessions.map((sessionId) =>
          config === "D"
            ? streamDirect(stack.upstreamBaseUrl, MODEL, "c")
            : streamWafer(stack.appUrl, options.cookie, { sessionId, text: "c", model: MODEL }),
        ),
      );
      return mean(samples.map((s) => ((s.tokens = tokens), tokensPerSecond(s))));
    };
    const d = await measure("D");
    const o = await measure("O");
    concurrency[String(k)] = round(o / d);
  }

  // Memory: RSS growth over 50 Wafer streams.
  const rssBefore = rssMb(stack.appPid);
  const memText = prose(10);
  const memTokens = await tokensOf(memText);
  for (let i = 0; i < (options.quick ? 20 : 50); i++) await once("O", { steps: [{ type: "text", text: memText }], rate: 0 }, "m", memTokens);
  const rssGrowthMb = rssMb(stack.appPid) - rssBefore;

  // Database statements per assistant message, counted at the driver inside the server.
  const statements = async () => ((await (await fetch(`${stack.appUrl}/api/bench/stats`)).json()) as { statements: number }).statements;
  const dbSession = await options.newSession();
  await stack.enqueue({ steps: [{ type: "text", text: warmText }], rate: 0 });
  const statementsBefore = await statements();
  await streamWafer(stack.appUrl, options.cookie, { sessionId: dbSession, text: "db", model: MODEL });
  await new Promise((r) => setTimeout(r, 50));
  const dbStatementsPerMessage = (await statements()) - statementsBefore;

  // Headers: the stream must not be compressed or buffered on the way out.
  await stack.enqueue({ steps: [{ type: "text", text: warmText }], rate: 0 });
  const headerSample = await streamWafer(stack.appUrl, options.cookie, { sessionId: await options.newSession(), text: "h", model: MODEL }, { acceptEncoding: "gzip, br" });
  const headers = {
    contentEncoding: headerSample.headers.get("content-encoding") ?? "none",
    cacheControl: headerSample.headers.get("cache-control") ?? "",
    noTransform: (headerSample.headers.get("cache-control") ?? "").includes("no-transform"),
  };

  return {
    throughput,
    addedTtfbMs: { p50: round(percentile(addedTtfb, 50), 1), p95: round(percentile(addedTtfb, 95), 1) },
    ttftMs: { D: round(median(ttfts.D), 1), P: round(median(ttfts.P), 1), O: round(median(ttfts.O), 1) },
    cpuMsPer1kTokens: { P: round(cpuPer1k("P"), 1), O: round(cpuPer1k("O"), 1), ratioOP: round(cpuPer1k("O") / cpuPer1k("P")) },
    concurrencyRatioOD: concurrency,
    rssGrowthMb: round(rssGrowthMb, 1),
    dbStatementsPerMessage,
    headers,
  };
}
