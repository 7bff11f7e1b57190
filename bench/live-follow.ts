/**
 * What live follow costs the owner's stream: the real turn (lib/ai/chat streamTurn) against the
 * scripted upstream at 2,000 tok/s on a fresh Postgres database, with 0, 1 and 10 followers
 * (lib/live/follow, in the same process, as on one app instance), interleaved. Prints the owner's
 * time to first text and throughput per configuration, and the followers' lag behind the owner.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:live [-- --rounds 8]
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

import { createFreshDatabase } from "@/db/fresh-database";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "6" }, rate: { type: "string", default: "2000" }, child: { type: "boolean", default: false } } });
const ROUNDS = Number(values.rounds);
const RATE = Number(values.rate);
const TEXT = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(" ");

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN;
};

/** Settings are read once per process: the bench itself runs in a child pointed at the fresh database. */
async function parent() {
  const fresh = await createFreshDatabase(process.env.TEST_DATABASE_URL, "bench_live");
  try {
    execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, "--child", "--rounds", String(ROUNDS), "--rate", String(RATE)], {
      stdio: "inherit",
      env: { ...process.env, ...fresh.env },
    });
  } finally {
    await fresh.drop();
  }
}

async function main() {
  const { startUpstreamServer } = await import("@/lib/testing/upstream");
  const upstream = await startUpstreamServer({ defaultRate: 0 });
  process.env.AI_BASE_URL = upstream.baseURL;
  process.env.AI_API_KEY = "bench";
  const { createTestProject, createTestUser } = await import("@/lib/testing/database");
  const { createSession } = await import("@/lib/chat/service");
  const { streamTurn } = await import("@/lib/ai/chat");
  const { chatRequestSchema } = await import("@/lib/chat/contract");
  const { readUiChunks } = await import("@/lib/chat/sse");
  const { followTurn } = await import("@/lib/live/follow");
  const { liveHub } = await import("@/lib/live/hub");
  const { database } = await import("@/db/client");
  upstream.upstream.setModels([{ id: "gpt-oss-120b", owned_by: "bench" }]);
  const owner = await createTestUser("bench");
  const project = await createTestProject(owner, "blank");
  await liveHub().start();

  const results: Record<number, { ttfb: number[]; tps: number[]; lag: number[] }> = { 0: { ttfb: [], tps: [], lag: [] }, 1: { ttfb: [], tps: [], lag: [] }, 10: { ttfb: [], tps: [], lag: [] } };
  for (let round = -1; round < ROUNDS; round++) {
    for (const viewers of [0, 1, 10]) {
      const sessionId = (await createSession(project, undefined)).id;
      const followers = Array.from({ length: viewers }, async () => {
        const at: number[] = [];
        for await (const chunk of followTurn(sessionId, { waitMs: 10_000 })) if ((chunk as { type: string }).type === "text-delta") at.push(performance.now());
        return at;
      });
      upstream.upstream.enqueue({ steps: [{ type: "text", text: TEXT }], rate: RATE });
      const started = performance.now();
      const request = chatRequestSchema.parse({ sessionId, message: { id: randomUUID(), text: "go" } });
      const response = await streamTurn({ userId: owner.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
      const ownerAt: number[] = [];
      let chars = 0;
      for await (const chunk of readUiChunks<{ type: string; delta?: string }>(response.body!)) {
        if (chunk.type === "text-delta") {
          ownerAt.push(performance.now());
          chars += chunk.delta?.length ?? 0;
        }
      }
      const seen = await Promise.all(followers);
      if (round < 0) continue; // warm-up
      const r = results[viewers]!;
      r.ttfb.push(ownerAt[0]! - started);
      // Output tokens ≈ chars / 4 is enough for a ratio between configurations measured the same way.
      r.tps.push(chars / 4 / ((ownerAt.at(-1)! - ownerAt[0]!) / 1000));
      for (const at of seen) at.forEach((t, i) => ownerAt[i] !== undefined && r.lag.push(t - ownerAt[i]!));
    }
  }
  const base = results[0]!;
  console.log(`live follow bench: ${ROUNDS} rounds, ${RATE} tok/s upstream, ${database().driver}`);
  for (const viewers of [0, 1, 10]) {
    const r = results[viewers]!;
    console.log(
      `viewers=${viewers}: owner TTFB p50 ${pct(r.ttfb, 0.5).toFixed(1)} ms (added vs 0: ${(pct(r.ttfb, 0.5) - pct(base.ttfb, 0.5)).toFixed(1)} ms), ` +
        `throughput p50 ${pct(r.tps, 0.5).toFixed(0)} tok/s (ratio vs 0: ${(pct(r.tps, 0.5) / pct(base.tps, 0.5)).toFixed(3)})` +
        (r.lag.length ? `, viewer lag p50 ${pct(r.lag, 0.5).toFixed(1)} ms p95 ${pct(r.lag, 0.95).toFixed(1)} ms` : ""),
    );
  }
  await upstream.close();
  await database().close();
  process.exit(0);
}

(values.child ? main() : parent()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
