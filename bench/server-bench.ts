import type { Script } from "@/lib/testing/upstream";

import type { BenchAccount } from "./account";
import { runLiveViewerBench } from "./live-viewers";
import { streamDirect, streamPeer, streamWafer, tokensPerSecond, ttft, type StreamSample, type WaferContext } from "./clients";
import { rssMb, type Stack } from "./harness";
import { prose, seedShapes, type Shape } from "./shapes";
import { mean, median, percentile, round } from "./stats";

export const MODEL = "gpt-oss-120b";
/** The same in --quick and full runs, so a quick figure is not a cold one. */
export const WARMUP_ROUNDS = 6;

type Config = "D" | "P" | "O";
/** Turns per session shape (D and O each), in --quick and full runs. */
export const SHAPE_ROUNDS_QUICK = 6;
export const SHAPE_ROUNDS = 12;
/** 180 paragraphs ≈ 7,200 tokens. */
const MAX_PARAGRAPHS = 180;

/** A failure of the harness itself (not a slow figure): the only thing that fails a --quick run. */
export class HarnessError extends Error {}

export interface ServerBenchOptions {
  quick: boolean;
  account: BenchAccount;
}

/** Every response's content-encoding, per configuration; the run fails when they differ. */
class EncodingCheck {
  readonly seen: Record<string, Set<string>> = {};
  record(config: string, sample: StreamSample) {
    (this.seen[config] ??= new Set()).add(sample.headers.get("content-encoding") ?? "none");
  }
  verify(): Record<string, string> {
    const all = new Set(Object.values(this.seen).flatMap((s) => [...s]));
    const summary = Object.fromEntries(Object.entries(this.seen).map(([k, v]) => [k, [...v].join("+")]));
    if (all.size !== 1) throw new HarnessError(`responses differ in content-encoding: ${JSON.stringify(summary)}`);
    return summary;
  }
}

/**
 * A turn's time to first token in three legs, on the upstream's stamps (wall clocks of two
 * processes on one machine): until the upstream holds the whole request, until it answers, and
 * until the client has the first token. D and O pay the same upstream for the same prompt, so the
 * legs say whether a long shape's added TTFB is the app's or the upstream's.
 */
class Legs {
  private readonly request: number[] = [];
  private readonly upstream: number[] = [];
  private readonly back: number[] = [];
  add(sample: StreamSample, timing: { bodyAt: { wall: number }; firstByteAt: { wall: number } | null }) {
    if (!timing.firstByteAt) throw new HarnessError("shapes: an upstream request sent nothing");
    const wall = (mono: number) => performance.timeOrigin + mono;
    this.request.push(timing.bodyAt.wall - wall(sample.startedAt));
    this.upstream.push(timing.firstByteAt.wall - timing.bodyAt.wall);
    this.back.push(wall(sample.firstTokenAt) - timing.firstByteAt.wall);
  }
  medians() {
    return { request: round(median(this.request), 2), upstream: round(median(this.upstream), 2), back: round(median(this.back), 2) };
  }
}

const expectedText = (script: Script) => script.steps.map((s) => (s.type === "text" ? s.text : "")).join("");

/**
 * Server-side figures, Node client, configurations interleaved (D P O D P O …) after a warm-up so
 * drift on this shared machine hits all of them alike.
 */
export async function runServerBench(stack: Stack, options: ServerBenchOptions) {
  const { account } = options;
  const encodings = new EncodingCheck();

  async function tokensOf(text: string): Promise<number> {
    await stack.enqueue({ steps: [{ type: "text", text }], rate: 0 });
    const sample = await streamDirect(stack.upstreamBaseUrl, MODEL, "count");
    return sample.tokens;
  }

  interface Run {
    sample: StreamSample;
    cpuApp: number;
    cpuDb: number;
  }

  async function once(
    config: Config,
    script: Script,
    expectedTokens: number,
    o: { sessionId?: string; projectId?: string; context?: WaferContext; directBody?: unknown } = {},
  ): Promise<Run> {
    await stack.enqueue(script);
    const sessionId = config === "O" ? (o.sessionId ?? (await account.newSession(o.projectId))) : "";
    const before = await stack.cpu();
    const sample =
      config === "D"
        ? await streamDirect(stack.upstreamBaseUrl, MODEL, "bench", o.directBody)
        : config === "P"
          ? await streamPeer(stack.appUrl, MODEL, "bench", expectedTokens)
          : await streamWafer(stack.appUrl, account.cookie, { sessionId, text: "bench", model: MODEL, context: o.context });
    // Let the server finish its tail work (the final write) before reading its CPU.
    await new Promise((r) => setTimeout(r, config === "O" ? 30 : 5));
    if (sample.text !== expectedText(script)) throw new HarnessError(`${config} returned different text than the upstream sent`);
    encodings.record(config, sample);
    sample.tokens = expectedTokens;
    const after = await stack.cpu();
    return { sample, cpuApp: after.app - before.app, cpuDb: after.db - before.db };
  }

  // Warm-up: first fetches in a fresh process cost 40–160 ms; JIT and caches settle.
  const warmText = prose(3);
  const warmTokens = await tokensOf(warmText);
  for (let i = 0; i < WARMUP_ROUNDS; i++) {
    for (const config of ["D", "P", "O"] as const) await once(config, { steps: [{ type: "text", text: warmText }], rate: 0 }, warmTokens);
  }

  // Throughput at each rate (0 = unpaced), and time to first token, about one second per run.
  const rates = options.quick ? [5000, 0] : [500, 2000, 5000, 10000, 20000, 0];
  const rounds = options.quick ? 3 : 4;
  const throughput: Record<string, { D: number; P: number; O: number; ratioOD: number; ratioOP: number }> = {};
  const ttfts: Record<Config, number[]> = { D: [], P: [], O: [] };
  const cpu = { P: { app: 0, db: 0, tokens: 0 }, O: { app: 0, db: 0, tokens: 0 } };
  for (const rate of rates) {
    // About one second per run, but under the model's 8,192 output tokens (the upstream stops there,
    // for O only, which asks for a maximum): ~7k tokens at 10k tok/s and up, and unpaced.
    const text = prose(rate === 0 ? MAX_PARAGRAPHS : Math.min(MAX_PARAGRAPHS, Math.max(2, Math.round(rate / 40))));
    const tokens = await tokensOf(text);
    const script: Script = { steps: [{ type: "text", text }], rate, ttftMs: 0 };
    const tps: Record<Config, number[]> = { D: [], P: [], O: [] };
    for (let r = 0; r < rounds; r++) {
      for (const config of ["D", "P", "O"] as const) {
        const result = await once(config, script, tokens);
        tps[config].push(tokensPerSecond(result.sample));
        ttfts[config].push(ttft(result.sample));
        if (config !== "D") {
          cpu[config].app += result.cpuApp;
          cpu[config].db += result.cpuDb;
          cpu[config].tokens += tokens;
        }
      }
    }
    const [d, p, o] = [median(tps.D), median(tps.P), median(tps.O)];
    throughput[rate === 0 ? "unpaced" : String(rate)] = { D: round(d, 0), P: round(p, 0), O: round(o, 0), ratioOD: round(o / d), ratioOP: round(o / p) };
  }
  const added = (a: number[], b: number[]) => a.map((x, i) => x - (b[i] ?? 0));
  const addedO = added(ttfts.O, ttfts.D);
  const addedP = added(ttfts.P, ttfts.D);
  const per1k = (c: { app: number; db: number; tokens: number }, withDb: boolean) => ((c.app + (withDb ? c.db : 0)) / c.tokens) * 1000;

  const shapes = await runShapeBench();
  const concurrency = await runConcurrency();
  const live = await runLiveViewerBench(stack, account, { quick: options.quick });

  // Memory: RSS growth over 50 Wafer streams.
  const rssBefore = rssMb(stack.appPid);
  const memText = prose(10);
  const memTokens = await tokensOf(memText);
  for (let i = 0; i < (options.quick ? 20 : 50); i++) await once("O", { steps: [{ type: "text", text: memText }], rate: 0 }, memTokens);
  const rssGrowthMb = rssMb(stack.appPid) - rssBefore;

  // Database statements per assistant message, counted at the driver inside the server.
  const statements = async () => ((await (await fetch(`${stack.appUrl}/api/bench/stats`)).json()) as { statements: number }).statements;
  const dbSession = await account.newSession();
  await stack.enqueue({ steps: [{ type: "text", text: warmText }], rate: 0 });
  const statementsBefore = await statements();
  await streamWafer(stack.appUrl, account.cookie, { sessionId: dbSession, text: "db", model: MODEL });
  await new Promise((r) => setTimeout(r, 50));
  const dbStatementsPerMessage = (await statements()) - statementsBefore;

  // Headers: the stream must not be compressed or buffered on the way out, even when br is offered.
  await stack.enqueue({ steps: [{ type: "text", text: warmText }], rate: 0 });
  const headerSample = await streamWafer(stack.appUrl, account.cookie, { sessionId: await account.newSession(), text: "h", model: MODEL }, { acceptEncoding: "gzip, br" });
  const headers = {
    contentEncoding: headerSample.headers.get("content-encoding") ?? "none",
    cacheControl: headerSample.headers.get("cache-control") ?? "",
    noTransform: (headerSample.headers.get("cache-control") ?? "").includes("no-transform"),
    perConfig: encodings.verify(),
  };

  return {
    rounds,
    warmupRounds: WARMUP_ROUNDS,
    throughput,
    addedTtfbMs: { p50: round(percentile(addedO, 50), 1), p95: round(percentile(addedO, 95), 1) },
    addedTtfbPeerMs: { p50: round(percentile(addedP, 50), 1), p95: round(percentile(addedP, 95), 1) },
    ttftMs: { D: round(median(ttfts.D), 1), P: round(median(ttfts.P), 1), O: round(median(ttfts.O), 1) },
    cpuMsPer1kTokens: {
      P: round(per1k(cpu.P, true), 1),
      O: round(per1k(cpu.O, true), 1),
      OAppOnly: round(per1k(cpu.O, false), 1),
      ODbOnly: round((cpu.O.db / cpu.O.tokens) * 1000, 1),
      ratioOP: round(per1k(cpu.O, true) / per1k(cpu.P, true)),
    },
    shapes,
    concurrency,
    rssGrowthMb: round(rssGrowthMb, 1),
    dbStatementsPerMessage,
    headers,
    live,
  };

  /**
   * Added TTFB and throughput by session shape, interleaved O/D per shape. D replays the exact
   * request Wafer sent for that shape in the same round (a long session grows by each turn), so both
   * sides pay for the same prompt at the upstream.
   */
  async function runShapeBench() {
    const seeded: Shape[] = await seedShapes(stack, account, { quick: options.quick });
    await stack.resetUpstream();
    const text = prose(40);
    const tokens = await tokensOf(text);
    const script: Script = { steps: [{ type: "text", text }], rate: 5000, ttftMs: 0 };
    const promptBytes = new Map<string, number>();
    // One unmeasured O turn per shape: a shape's first turn on this instance reads what later turns hold.
    for (const shape of seeded) await once("O", script, tokens, { sessionId: shape.sessionId ?? undefined, projectId: shape.projectId, context: shape.context });
    await stack.resetUpstream();
    const samples = new Map(
      seeded.map((s) => [s.name, { added: [] as number[], d: [] as number[], o: [] as number[], used: [] as number[], dropped: [] as number[], legs: { D: new Legs(), O: new Legs() } }]),
    );
    // A shape's ratio is a quotient of two medians: with 3-4 turns each, one slow turn swung it from
    // ×0.86 to ×2.56 between runs of the same commit, so shapes get more turns than the rates do.
    for (let r = 0; r < (options.quick ? SHAPE_ROUNDS_QUICK : SHAPE_ROUNDS); r++) {
      const turns: { shape: string; config: "D" | "O"; sample: StreamSample }[] = [];
      for (const shape of seeded) {
        const o = await once("O", script, tokens, { sessionId: shape.sessionId ?? undefined, projectId: shape.projectId, context: shape.context });
        const body = (await stack.lastRequestBody()) as Record<string, unknown>;
        const directBody = { ...body, stream: true, stream_options: { include_usage: true } };
        if (r === 0) promptBytes.set(shape.name, JSON.stringify(directBody).length);
        const d = await once("D", script, tokens, { directBody });
        const entry = samples.get(shape.name)!;
        entry.added.push(ttft(o.sample) - ttft(d.sample));
        entry.d.push(tokensPerSecond(d.sample));
        entry.o.push(tokensPerSecond(o.sample));
        entry.used.push(o.sample.context?.used ?? 0);
        entry.dropped.push(o.sample.context?.items.filter((i) => !i.included).length ?? 0);
        turns.push({ shape: shape.name, config: "O", sample: o.sample }, { shape: shape.name, config: "D", sample: d.sample });
      }
      // Each turn made exactly one upstream request, in order: its stamps split the turn's TTFB.
      const timings = await stack.requestTimings();
      if (timings.length !== turns.length) throw new HarnessError(`shapes: ${turns.length} turns made ${timings.length} upstream requests`);
      turns.forEach((turn, i) => samples.get(turn.shape)!.legs[turn.config].add(turn.sample, timings[i]!));
      await stack.resetUpstream();
    }
    const fresh = median(samples.get("fresh")!.added);
    return Object.fromEntries(
      seeded.map((shape) => {
        const s = samples.get(shape.name)!;
        const p50 = median(s.added);
        return [
          shape.name,
          {
            describe: shape.describe,
            promptKb: round(promptBytes.get(shape.name)! / 1024, 0),
            contextTokens: median(s.used),
            itemsLeftOut: median(s.dropped),
            turns: s.added.length,
            addedTtfbMs: { p50: round(p50, 1), p95: round(percentile(s.added, 95), 1) },
            ratioToFresh: round(p50 / fresh),
            ratioOD: round(median(s.o) / median(s.d)),
            legsMs: { D: s.legs.D.medians(), O: s.legs.O.medians() },
          },
        ];
      }),
    );
  }

  /** k streams at 2,000 tok/s at once, D and O interleaved; RSS and event-loop delay inside the app. */
  async function runConcurrency() {
    const levels = options.quick ? [10] : [1, 10, 50];
    const text = prose(50);
    const tokens = await tokensOf(text);
    const script: Script = { steps: [{ type: "text", text }], rate: 2000, ttftMs: 0 };
    const stats = async (reset: boolean) =>
      (await (await fetch(`${stack.appUrl}/api/bench/stats${reset ? "?reset=1" : ""}`)).json()) as { eventLoopDelayMs: { p99: number; max: number } };
    const results: Record<string, { ratioOD: number; D: number; O: number; rssPerStreamMb: number; eventLoopDelayP99Ms: number; eventLoopDelayMaxMs: number }> = {};
    for (const k of levels) {
      const d: number[] = [];
      const o: number[] = [];
      const rss: number[] = [];
      const lagP99: number[] = [];
      const lagMax: number[] = [];
      for (let r = 0; r < (options.quick ? 1 : 2); r++) {
        for (const config of ["D", "O"] as const) {
          const sessions = await Promise.all(Array.from({ length: k }, () => (config === "O" ? account.newSession() : Promise.resolve(""))));
          for (let i = 0; i < k; i++) await stack.enqueue(script);
          const rssBefore = rssMb(stack.appPid);
          let rssPeak = rssBefore;
          const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(stack.appPid))), 50);
          if (config === "O") await stats(true);
          const streams = await Promise.all(
            sessions.map((sessionId) =>
              config === "D" ? streamDirect(stack.upstreamBaseUrl, MODEL, "c") : streamWafer(stack.appUrl, account.cookie, { sessionId, text: "c", model: MODEL }),
            ),
          );
          clearInterval(sampler);
          for (const s of streams) {
            if (s.text !== text) throw new HarnessError(`${config} × ${k}: a stream returned different text than the upstream sent`);
            encodings.record(config, s);
          }
          const tps = mean(streams.map((s) => ((s.tokens = tokens), tokensPerSecond(s))));
          if (config === "D") d.push(tps);
          else {
            o.push(tps);
            rss.push((rssPeak - rssBefore) / k);
            const lag = (await stats(false)).eventLoopDelayMs;
            lagP99.push(lag.p99);
            lagMax.push(lag.max);
          }
        }
      }
      results[String(k)] = {
        D: round(median(d), 0),
        O: round(median(o), 0),
        ratioOD: round(median(o) / median(d)),
        rssPerStreamMb: round(median(rss), 2),
        eventLoopDelayP99Ms: round(Math.max(...lagP99), 1),
        eventLoopDelayMaxMs: round(Math.max(...lagMax), 1),
      };
    }
    const breaksAt = levels.find((k) => (results[String(k)]?.ratioOD ?? 1) < 0.9) ?? null;
    return { rateTokPerS: 2000, levels: results, breaksAt };
  }
}

export type ServerFigures = Awaited<ReturnType<typeof runServerBench>>;
