import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listTree } from "@/lib/files/service";
import type { Script } from "@/lib/testing/upstream";
import { splitTokens } from "@/lib/testing/upstream/tokens";

import { runTurn, startChatFixture, storedMessages, type ChatFixture, type TurnOutcome } from "./chat-fixture";
import { ms, pool, quantile, report, seeded, SIZES } from "./support";

/**
 * Upstream faults, SIZES.runs turns each, through the real turn (lib/ai/chat) against the scripted
 * upstream over loopback. Targets: 0 lost user messages, 0 assistant turns missing, 0 partials stored
 * as complete, 0 partial edits applied, the upstream socket closed within 1 s of an abort.
 */
const TURN_LIMIT_S = 2;
const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);

let fixture: ChatFixture;
/** Each turn's script by a marker in its message: concurrent turns reach the upstream in any order. */
const scripts = new Map<string, Script>();
let filesBefore: string;

const patch = (n: number) =>
  JSON.stringify({
    patch: ["*** Begin Patch", "*** Update File: src/greet.ts", "@@", " export function greet(name: string): string {", `-  return \`Hello, \${name}!\`;`, `+  return \`Hi ${n}, \${name}!\`;`, " }", "*** End Patch"].join("\n"),
  });

interface Kind {
  name: string;
  /** The script for run `i`; `rand` is seeded. */
  script: (i: number, rand: () => number) => Script;
  expected: "complete" | "failed" | "stopped";
  concurrency: number;
  abort?: boolean;
  check?: (outcome: TurnOutcome, script: Script) => string | null;
}

const text = (i: number) => Array.from({ length: 60 }, (_, k) => ` w${i}_${k}`).join("");

const kinds: Kind[] = [
  {
    name: "5xx before first byte",
    script: (i) => ({ steps: [{ type: "text", text: text(i) }], fault: { kind: "http", status: ([500, 502, 503] as const)[i % 3]! } }),
    expected: "failed",
    concurrency: 10,
    check: (o) => (o.saved?.error?.code === "upstream:model" ? null : `error ${o.saved?.error?.code}`),
  },
  {
    name: "429 with Retry-After",
    script: (i) => ({ steps: [{ type: "text", text: text(i) }], fault: { kind: "http", status: 429, retryAfter: 7 } }),
    expected: "failed",
    concurrency: 10,
    check: (o) => (o.saved?.error?.code === "rate_limit:model" && o.saved.error.retryAfterSeconds === 7 ? null : `error ${JSON.stringify(o.saved?.error)}`),
  },
  {
    name: "reset after k chunks",
    // Every other run cuts inside an apply_patch call, whose half-written edit must never apply.
    script: (i, rand) => {
      const steps: Script["steps"] = i % 2 ? [{ type: "text", text: " Editing." }, { type: "tool_call", name: "apply_patch", arguments: patch(i) }] : [{ type: "text", text: text(i) }];
      // Chunks: the role chunk, one per token, and a tool call's header; cut strictly inside.
      const chunks = 1 + steps.reduce((n, step) => n + splitTokens(step.type === "tool_call" ? step.arguments : step.text).length + (step.type === "tool_call" ? 1 : 0), 0);
      return { steps, rate: 4000, fault: { kind: "reset", afterChunks: 1 + Math.floor(rand() * (chunks - 1)) } };
    },
    expected: "failed",
    concurrency: 10,
  },
  {
    name: "30 s stall (turn limit 2 s)",
    script: (i, rand) => ({ steps: [{ type: "text", text: text(i) }], rate: 4000, fault: { kind: "stall", afterTokens: Math.floor(rand() * 50), ms: 30_000 } }),
    expected: "failed",
    concurrency: 20,
    check: (o) => (/longer than 2 s/.test(o.saved?.error?.message ?? "") && o.durationMs < (TURN_LIMIT_S + 2) * 1000 ? null : `ended after ${o.durationMs.toFixed(0)} ms: ${o.saved?.error?.message}`),
  },
  {
    name: "malformed SSE",
    script: (i, rand) => ({ steps: [{ type: "text", text: text(i) }], rate: 4000, fault: { kind: "malformed", afterChunks: 1 + Math.floor(rand() * 50) } }),
    expected: "failed",
    concurrency: 10,
  },
  {
    name: "CRLF framing",
    script: (i) => ({ steps: [{ type: "text", text: text(i) }], rate: 4000, framing: "crlf" }),
    expected: "complete",
    concurrency: 10,
    check: (o, script) => {
      const want = (script.steps[0] as { text: string }).text;
      if (o.text !== want) return "streamed text differs";
      return o.chunks.filter((c) => c.type === "text-delta").length > 1 ? null : "arrived in one piece";
    },
  },
  {
    name: "client abort",
    script: (i) => ({ steps: [{ type: "text", text: text(i).repeat(4) }], rate: 300 }),
    expected: "stopped",
    concurrency: 10,
    abort: true,
  },
];

const figures: Record<string, unknown>[] = [];

beforeAll(async () => {
  fixture = await startChatFixture({ CHAT_TURN_TIMEOUT_S: String(TURN_LIMIT_S) });
  fixture.upstream.upstream.setDefault((body) => {
    const marker = /run [0-9a-f-]{36}/.exec(JSON.stringify(body.messages.at(-1)))?.[0];
    return (marker && scripts.get(marker)) || { steps: [{ type: "text", text: "unscripted" }] };
  });
  filesBefore = JSON.stringify((await listTree(fixture.project)).map((f) => [f.path, f.version]));
  console.log(`upstream faults: ${SIZES.runs} runs per kind, seed ${SEED} (RELIABILITY_SEED to repeat)`);
});

afterAll(async () => {
  report("Upstream faults", figures);
  await fixture.upstream.close();
});

describe("upstream faults", () => {
  it.each(kinds.map((k) => [k.name, k] as const))("%s", async (_name, kind) => {
    const rand = seeded(SEED + kind.name.length);
    const counts = { lostUser: 0, missingAssistant: 0, partialComplete: 0, noSaved: 0, wrongStatus: 0, unexplained: 0, partialEdits: 0, extraCalls: 0, other: 0 };
    const abortLatencies: number[] = [];
    const failures: string[] = [];
    await pool(SIZES.runs, kind.concurrency, async (i) => {
      const script = kind.script(i, rand);
      const marker = `run ${randomUUID()}`;
      scripts.set(marker, script);
      const controller = new AbortController();
      let abortAt = 0;
      if (kind.abort) {
        void fixture.upstream.upstream.waitForRequest((r) => JSON.stringify(r.body.messages.at(-1)).includes(marker), 10_000).then(async (record) => {
          while (record.tokensSent < 5) await new Promise((resolve) => setTimeout(resolve, 5));
          abortAt = performance.now();
          controller.abort();
        });
      }
      const outcome = await runTurn(fixture, { text: marker, signal: controller.signal });
      const calls = fixture.upstream.upstream.requests().filter((r) => JSON.stringify(r.body.messages.at(-1)).includes(marker));
      if (calls.length !== 1) counts.extraCalls++;
      if (kind.abort && calls[0]) {
        const record = await fixture.upstream.upstream.waitForAbort((r) => r === calls[0], 5_000).catch(() => null);
        abortLatencies.push(record?.endedAt ? record.endedAt.mono - abortAt : Number.POSITIVE_INFINITY);
      }
      // A stopped turn is saved after the stream ends; give it a moment.
      let stored = await storedMessages(outcome.sessionId);
      for (let tries = 0; tries < 50 && stored.length < 2; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stored = await storedMessages(outcome.sessionId);
      }
      const user = stored.find((m) => m.role === "user");
      const assistant = stored.find((m) => m.role === "assistant");
      if (!user) counts.lostUser++;
      if (!assistant) counts.missingAssistant++;
      if (!outcome.saved) counts.noSaved++;
      if (assistant && assistant.status === "complete" && kind.expected !== "complete") counts.partialComplete++;
      if (assistant && assistant.status !== kind.expected) {
        counts.wrongStatus++;
        failures.push(`run ${i}: stored ${assistant.status}, expected ${kind.expected}`);
      }
      if (kind.expected === "failed" && !(outcome.saved?.error?.message && outcome.errors.length + (outcome.saved.error ? 1 : 0) > 0)) counts.unexplained++;
      // An edit is only ever a proposal, and only from a tool call that finished.
      const finished = new Set(
        ((assistant?.parts ?? []) as { type: string; toolCallId?: string; state?: string }[]).filter((p) => p.type === "tool" && p.state === "output-available").map((p) => p.toolCallId),
      );
      for (const proposal of (assistant?.proposals ?? []) as { toolCallId: string }[]) if (!finished.has(proposal.toolCallId)) counts.partialEdits++;
      const problem = kind.check?.(outcome, script);
      if (problem) {
        counts.other++;
        failures.push(`run ${i}: ${problem}`);
      }
    });
    const filesAfter = JSON.stringify((await listTree(fixture.project)).map((f) => [f.path, f.version]));
    if (filesAfter !== filesBefore) counts.partialEdits++;
    figures.push({
      fault: kind.name,
      runs: SIZES.runs,
      "lost user msgs": counts.lostUser,
      "assistant missing": counts.missingAssistant,
      "partial as complete": counts.partialComplete,
      "partial edits applied": counts.partialEdits,
      "no data-saved": counts.noSaved,
      "wrong status": counts.wrongStatus,
      unexplained: counts.unexplained,
      "upstream calls ≠ 1": counts.extraCalls,
      "check failed": counts.other,
      ...(kind.abort ? { "abort→socket closed p50/max": `${ms(quantile(abortLatencies, 0.5))} / ${ms(Math.max(...abortLatencies))}` } : {}),
    });
    expect(failures.slice(0, 5)).toEqual([]);
    expect(counts).toEqual({ lostUser: 0, missingAssistant: 0, partialComplete: 0, noSaved: 0, wrongStatus: 0, unexplained: 0, partialEdits: 0, extraCalls: 0, other: 0 });
    if (kind.abort) expect(Math.max(...abortLatencies)).toBeLessThan(1000);
  });
});
