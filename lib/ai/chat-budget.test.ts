import { randomUUID } from "node:crypto";
import diagnostics from "node:diagnostics_channel";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { listMessagesBySessionId } from "@/db/queries/sessions";
import { getBudgetTokensUsed, getProviderQuota, listModelCallsBySessionId } from "@/db/queries/usage";
import { resetWorkspaceBudgetForTest, setWorkspacePlanForTest } from "@/db/testing";
import { chatRequestSchema, type ChatRequest } from "@/lib/chat/contract";
import { createSession } from "@/lib/chat/service";
import { AppError } from "@/lib/errors";
import { requestTurnStop } from "@/lib/live/stop";
import { budgetMonth } from "@/lib/plans/budget";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { readUiStream } from "@/lib/testing/ui-chunks";
import { startUpstreamServer, type Script, type UpstreamServer } from "@/lib/testing/upstream";

import { streamTurn } from "./chat";

type Chunk = { type: string; delta?: string; data?: unknown };

let upstream: UpstreamServer;
let project: ProjectAccess;
let sessionId: string;

const ledger = () => listModelCallsBySessionId({ sessionId });

const used = () => getBudgetTokensUsed({ workspaceId: project.workspaceId, month: budgetMonth() });

async function turn(script: Script | Script[], extra: Partial<ChatRequest> & { stopAfterText?: boolean } = {}) {
  const { stopAfterText, ...fields } = extra;
  upstream.upstream.enqueue(script);
  const request = chatRequestSchema.parse({ sessionId, message: { id: randomUUID(), text: `q ${randomUUID()}` }, ...fields });
  const response = await streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
  let messageId: string | undefined;
  let stopping: Promise<void> | undefined;
  const chunks = await readUiStream<Chunk>(response.body!, (c) => {
    if (c.type === "start") messageId = (c as { messageId?: string }).messageId;
    // Stop is its own request (lib/live/stop), as the browser sends it.
    if (stopAfterText && c.type === "text-delta" && !stopping && messageId) stopping = requestTurnStop({ sessionId, messageId });
  });
  await stopping;
  return chunks;
}

beforeAll(async () => {
  upstream = await startUpstreamServer({ defaultRate: 0 });
  process.env.AI_BASE_URL = upstream.baseURL;
  process.env.AI_API_KEY = "test-key";
  await prepareTestDatabase();
  project = await createTestProject(await createTestUser("budget"), "typescript");
});

afterAll(async () => {
  await upstream.close();
});

beforeEach(async () => {
  upstream.upstream.reset();
  upstream.upstream.setModels([
    { id: "gpt-oss-120b", owned_by: "test" },
    { id: "zai-glm-4.7", owned_by: "test" },
  ]);
  await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free" });
  await resetWorkspaceBudgetForTest(project.workspaceId);
  sessionId = (await createSession(project, undefined)).id;
});

describe("entitlements on the chat path", () => {
  it("a Free workspace asking for a premium model gets 403 forbidden:model naming the plan that unlocks it", async () => {
    const request = chatRequestSchema.parse({ sessionId, model: "zai-glm-4.7", message: { id: randomUUID(), text: "hi" } });
    const refused = await streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "forbidden:model", status: 403, details: { upgradeTo: "pro" } });
    expect((refused as AppError).message).toMatch(/Pro plan unlocks it/);
    expect(upstream.upstream.requests()).toHaveLength(0);
  });

  it("the same workspace on Pro may use it; a Pro grant that lapsed is Free again", async () => {
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "pro" });
    const chunks = await turn({ steps: [{ type: "text", text: "premium hello" }] }, { model: "zai-glm-4.7" });
    expect(chunks.find((c) => c.type === "data-saved")?.data).toMatchObject({ status: "complete" });
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "pro", planUntil: new Date(Date.now() - 1000) });
    await expect(turn({ steps: [{ type: "text", text: "no" }] }, { model: "zai-glm-4.7" })).rejects.toMatchObject({ code: "forbidden:model" });
  });

  it("maxContextTokens caps what the turn packs", async () => {
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { maxContextTokens: 10_000 } });
    const chunks = await turn({ steps: [{ type: "text", text: "ok" }] });
    const report = chunks.find((c) => c.type === "data-context")?.data as { limit: number; used: number };
    expect(report.used).toBeLessThanOrEqual(10_000 - 8_192);
    // Under the instructions' own size, even the required part cannot fit: refused, and the plan named.
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { maxContextTokens: 8_192 + 100 } });
    const refused = turn({ steps: [{ type: "text", text: "no" }] });
    await expect(refused).rejects.toMatchObject({ code: "payload_too_large:chat", status: 413 });
    await expect(refused).rejects.toThrow(/this workspace's plan packs/);
  });
});

describe("the reservation gates the model call under concurrency", () => {
  it("10 turns at once with budget for one: one is served, nine get 429 with nothing sent, stored or held", async () => {
    await turn({ steps: [{ type: "text", text: "probe" }], usage: { prompt_tokens: 1, completion_tokens: 1 } });
    const reserved = (await ledger())[0]!.reserved;
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { monthlyTokenBudget: Math.floor(reserved * 1.5) } });
    await resetWorkspaceBudgetForTest(project.workspaceId);
    upstream.upstream.reset();
    const sessions = await Promise.all(Array.from({ length: 10 }, async () => (await createSession(project, undefined)).id));
    // The served turn costs all it held, so the budget has no room for another however the turns interleave.
    for (let i = 0; i < sessions.length; i++) upstream.upstream.enqueue({ steps: [{ type: "text", text: "served" }], usage: { prompt_tokens: reserved, completion_tokens: 2 } });
    const outcomes = await Promise.allSettled(
      sessions.map((id) =>
        streamTurn({ userId: project.userId, sessionGeneration: 0, request: chatRequestSchema.parse({ sessionId: id, message: { id: randomUUID(), text: "q" } }), requestStartedAt: Date.now() }),
      ),
    );
    const served = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    expect(served).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const reason of refused) expect(reason).toMatchObject({ code: "rate_limit:budget", status: 429 });
    const chunks = await readUiStream<Chunk>(served[0]!.body!);
    expect(chunks.find((c) => c.type === "data-saved")?.data).toMatchObject({ status: "complete" });
    expect(upstream.upstream.requests()).toHaveLength(1);
    const stored = await Promise.all(sessions.map((id) => listMessagesBySessionId({ sessionId: id })));
    // The served session holds its question and answer; the refused ones hold nothing, not even a failed answer.
    expect(stored.map((m) => m.length).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(await used()).toBe(reserved + 2);
  });
});

describe("the model's request leaves before the turn answers", () => {
  it("its whole body is sent by the time streamTurn returns the response", async () => {
    const order: string[] = [];
    const onBodySent = (message: unknown) => {
      if ((message as { request: { path: string } }).request.path.endsWith("/chat/completions")) order.push("model request sent");
    };
    // undici (Node's fetch) announces each request whose body it has finished writing.
    diagnostics.subscribe("undici:request:bodySent", onBodySent);
    try {
      upstream.upstream.enqueue({ steps: [{ type: "text", text: "first" }] });
      const request = chatRequestSchema.parse({ sessionId, message: { id: randomUUID(), text: "q" } });
      const response = await streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
      order.push("turn answered");
      const chunks = await readUiStream<Chunk>(response.body!);
      expect(chunks.find((c) => c.type === "data-saved")?.data).toMatchObject({ status: "complete" });
    } finally {
      diagnostics.unsubscribe("undici:request:bodySent", onBodySent);
    }
    expect(order).toEqual(["model request sent", "turn answered"]);
  });
});

describe("reserve, then settle, per model call", () => {
  it("finish: settles to the provider's usage, one ledger row with cost and an energy range", async () => {
    await turn({ steps: [{ type: "text", text: " one two three four" }], usage: { prompt_tokens: 1200, completion_tokens: 40 } });
    const rows = await ledger();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "complete", keySource: "wafer", inputTokens: 1200, outputTokens: 40, settled: 1240 });
    expect(rows[0]!.reserved).toBeGreaterThan(8_192);
    expect(rows[0]!.costUsd).toBeCloseTo((1200 * 0.35 + 40 * 0.75) / 1e6, 12);
    expect(rows[0]!.energyWhHigh).toBeGreaterThan(rows[0]!.energyWhLow);
    expect(await used()).toBe(1240);
  });

  it("tool steps: each model call reserves and settles on its own, one row each", async () => {
    await turn([
      { steps: [{ type: "tool_call", name: "list_files", arguments: "{}" }], usage: { prompt_tokens: 1000, completion_tokens: 10 } },
      { steps: [{ type: "text", text: "done" }], usage: { prompt_tokens: 1100, completion_tokens: 5 } },
    ]);
    const rows = await ledger();
    expect(rows.map((r) => [r.status, r.settled])).toEqual([
      ["complete", 1010],
      ["complete", 1105],
    ]);
    expect(await used()).toBe(2115);
  });

  it("a tool step past the budget ends the turn failed with rate_limit:budget, what the first step did kept", async () => {
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { monthlyTokenBudget: 14_000 } });
    const chunks = await turn([
      { steps: [{ type: "tool_call", name: "list_files", arguments: "{}" }], usage: { prompt_tokens: 5_000, completion_tokens: 10 } },
      { steps: [{ type: "text", text: "never sent" }] },
    ]);
    expect(chunks.find((c) => c.type === "data-saved")?.data).toMatchObject({ status: "failed", error: { code: "rate_limit:budget" } });
    expect(upstream.upstream.requests()).toHaveLength(1);
    expect((await ledger()).map((r) => [r.status, r.settled])).toEqual([["complete", 5_010]]);
    expect(await used()).toBe(5_010);
  });

  it("stop: costs what was generated (its prompt and the tokens that arrived)", async () => {
    await turn({ steps: [{ type: "text", text: " a".repeat(400) }], rate: 200 }, { stopAfterText: true });
    await upstream.upstream.waitForAbort(() => true, 2000);
    const rows = await ledger();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("stopped");
    expect(rows[0]!.outputTokens).toBeGreaterThan(0);
    expect(rows[0]!.outputTokens).toBeLessThan(400);
    expect(rows[0]!.settled).toBe(rows[0]!.inputTokens + rows[0]!.outputTokens);
    expect(await used()).toBe(rows[0]!.settled);
  });

  it("error before any output: costs nothing, the reservation is released", async () => {
    const chunks = await turn({ steps: [], fault: { kind: "http", status: 503 } });
    expect(chunks.find((c) => c.type === "data-saved")?.data).toMatchObject({ status: "failed" });
    const rows = await ledger();
    expect(rows).toEqual([expect.objectContaining({ status: "failed", settled: 0, costUsd: 0, energyWhHigh: 0 })]);
    expect(await used()).toBe(0);
  });

  it("error mid-answer: costs what arrived", async () => {
    await turn({ steps: [{ type: "text", text: " x".repeat(50) }], rate: 0, fault: { kind: "reset", afterChunks: 10 } });
    const rows = await ledger();
    expect(rows[0]).toMatchObject({ status: "failed" });
    expect(rows[0]!.settled).toBeGreaterThan(0);
    expect(await used()).toBe(rows[0]!.settled);
  });

  it("records the provider's rate-limit headroom per workspace key in the database", async () => {
    await turn({ steps: [{ type: "text", text: "hi" }] });
    const quota = await getProviderQuota({ workspaceId: project.workspaceId, keySource: "wafer" });
    expect(quota?.remainingRequestsDay).toBeLessThan(14_400);
    expect(quota?.remainingTokensMinute).toBeLessThan(1_000_000);
    expect(quota?.tokensResetAt?.getTime()).toBeGreaterThan(Date.now());
  });
});

