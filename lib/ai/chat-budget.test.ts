import { randomUUID } from "node:crypto";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { POST as chatRoute } from "@/app/api/chat/route";
import { db } from "@/db/client";
import { listMessagesBySessionId } from "@/db/queries/sessions";
import { getBudgetTokensUsed, getProviderQuota } from "@/db/queries/usage";
import { setWorkspacePlanForTest } from "@/db/testing";
import { chatRequestSchema, type ChatRequest } from "@/lib/chat/contract";
import { createSession } from "@/lib/chat/service";
import { AppError } from "@/lib/errors";
import { budgetMonth } from "@/lib/plans/budget";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { sessionCookieFor } from "@/lib/testing/session-cookie";
import { readUiStream } from "@/lib/testing/ui-chunks";
import { startUpstreamServer, type Script, type UpstreamServer } from "@/lib/testing/upstream";

import { streamTurn } from "./chat";

type Chunk = { type: string; delta?: string; data?: unknown };

let upstream: UpstreamServer;
let project: ProjectAccess;
let sessionId: string;

interface LedgerRow {
  status: string;
  key_source: string;
  input_tokens: number;
  output_tokens: number;
  reserved: number;
  settled: number;
  cost_usd: number;
  energy_wh_low: number;
  energy_wh_high: number;
}

async function ledger(session = sessionId): Promise<LedgerRow[]> {
  const result = await db().execute(sql`select * from model_calls where session_id = ${session} order by created_at`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as LedgerRow[];
}

const used = () => getBudgetTokensUsed({ workspaceId: project.workspaceId, month: budgetMonth() });

async function turn(script: Script | Script[], extra: Partial<ChatRequest> & { keySource?: "wafer" | "workspace"; stopAfterText?: boolean } = {}) {
  const { keySource, stopAfterText, ...fields } = extra;
  upstream.upstream.enqueue(script);
  const request = chatRequestSchema.parse({ sessionId, message: { id: randomUUID(), text: `q ${randomUUID()}` }, ...fields });
  const abort = new AbortController();
  const response = await streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now(), signal: abort.signal, keySource });
  const chunks = await readUiStream<Chunk>(response.body!, (c) => {
    if (stopAfterText && c.type === "text-delta") abort.abort();
  });
  return chunks;
}

/** The real route, as a signed-in member calls it. */
async function postChat(body: unknown): Promise<Response> {
  const cookie = await sessionCookieFor({ userId: project.userId, email: "budget@example.test" });
  const request = new Request("http://localhost/api/chat", { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(body) });
  return chatRoute(request, { params: Promise.resolve({}) });
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
  await db().execute(sql`delete from token_budgets where workspace_id = ${project.workspaceId}`);
  sessionId = (await createSession(project, undefined)).id;
});

describe("entitlements on the chat path", () => {
  it("a Free workspace asking for a premium model gets 403 forbidden:model naming the plan that unlocks it", async () => {
    const request = chatRequestSchema.parse({ sessionId, model: "zai-glm-4.7", message: { id: randomUUID(), text: "hi" } });
    const refused = await streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now(), signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "forbidden:model", status: 403, details: { upgradeTo: "pro" } });
    expect((refused as AppError).message).toMatch(/Pro plan unlocks it/);
    const response = await postChat({ sessionId, model: "zai-glm-4.7", message: { id: randomUUID(), text: "hi" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "forbidden:model" });
    expect(upstream.upstream.requests()).toHaveLength(0);
  });

  it("the same workspace on Pro may use it; a Pro grant that lapsed is Free again", async () => {
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "pro" });
    const chunks = await turn({ steps: [{ type: "text", text: "premium hello" }] }, { model: "zai-glm-4.7" });
    expect(chunks.find((c) => c.type === "data-saved")?.data).toMatchObject({ status: "complete" });
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "pro", planUntil: new Date(Date.now() - 1000) });
    const response = await postChat({ sessionId, model: "zai-glm-4.7", message: { id: randomUUID(), text: "hi" } });
    expect(response.status).toBe(403);
  });

  it("maxContextTokens caps what the turn packs", async () => {
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { maxContextTokens: 10_000 } });
    const chunks = await turn({ steps: [{ type: "text", text: "ok" }] });
    const report = chunks.find((c) => c.type === "data-context")?.data as { limit: number; used: number };
    expect(report.used).toBeLessThanOrEqual(10_000 - 8_192);
    // Under the instructions' own size, even the required part cannot fit: refused, and the plan named.
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { maxContextTokens: 8_192 + 100 } });
    const response = await postChat({ sessionId, message: { id: randomUUID(), text: "hi" } });
    expect(response.status).toBe(413);
    expect((await response.json()).message).toMatch(/this workspace's plan packs/);
  });
});

describe("reserve, then settle, per model call", () => {
  it("finish: settles to the provider's usage, one ledger row with cost and an energy range", async () => {
    await turn({ steps: [{ type: "text", text: " one two three four" }], usage: { prompt_tokens: 1200, completion_tokens: 40 } });
    const rows = await ledger();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "complete", key_source: "wafer", input_tokens: 1200, output_tokens: 40, settled: 1240 });
    expect(rows[0]!.reserved).toBeGreaterThan(8_192);
    expect(rows[0]!.cost_usd).toBeCloseTo((1200 * 0.35 + 40 * 0.75) / 1e6, 12);
    expect(rows[0]!.energy_wh_high).toBeGreaterThan(rows[0]!.energy_wh_low);
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

  it("stop: costs what was generated (its prompt and the tokens that arrived)", async () => {
    await turn({ steps: [{ type: "text", text: " a".repeat(400) }], rate: 200 }, { stopAfterText: true });
    await upstream.upstream.waitForAbort(() => true, 2000);
    const rows = await ledger();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("stopped");
    expect(rows[0]!.output_tokens).toBeGreaterThan(0);
    expect(rows[0]!.output_tokens).toBeLessThan(400);
    expect(rows[0]!.settled).toBe(rows[0]!.input_tokens + rows[0]!.output_tokens);
    expect(await used()).toBe(rows[0]!.settled);
  });

  it("error before any output: costs nothing, the reservation is released", async () => {
    const chunks = await turn({ steps: [], fault: { kind: "http", status: 503 } });
    expect(chunks.find((c) => c.type === "data-saved")?.data).toMatchObject({ status: "failed" });
    const rows = await ledger();
    expect(rows).toEqual([expect.objectContaining({ status: "failed", settled: 0, cost_usd: 0, energy_wh_high: 0 })]);
    expect(await used()).toBe(0);
  });

  it("error mid-answer: costs what arrived", async () => {
    await turn({ steps: [{ type: "text", text: " x".repeat(50) }], rate: 0, fault: { kind: "reset", afterChunks: 10 } });
    const rows = await ledger();
    expect(rows[0]).toMatchObject({ status: "failed" });
    expect(rows[0]!.settled).toBeGreaterThan(0);
    expect(await used()).toBe(rows[0]!.settled);
  });

  it("the workspace's own key: recorded in the ledger, never counted against the budget", async () => {
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { monthlyTokenBudget: 10 } });
    await turn({ steps: [{ type: "text", text: "byok" }], usage: { prompt_tokens: 900, completion_tokens: 3 } }, { keySource: "workspace" });
    expect(await ledger()).toEqual([expect.objectContaining({ key_source: "workspace", reserved: 0, settled: 0, input_tokens: 900 })]);
    expect(await used()).toBe(0);
  });

  it("records the provider's rate-limit headroom per workspace key in the database", async () => {
    await turn({ steps: [{ type: "text", text: "hi" }] });
    const quota = await getProviderQuota({ workspaceId: project.workspaceId, keySource: "wafer" });
    expect(quota?.remainingRequestsDay).toBeLessThan(14_400);
    expect(quota?.remainingTokensMinute).toBeLessThan(1_000_000);
    expect(quota?.tokensResetAt?.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("budget exhausted, through the real /api/chat route", () => {
  it("50 concurrent turns with budget for one: exactly 1 served, the others 429 rate_limit:budget with the reset, and no orphan question", async () => {
    await setWorkspacePlanForTest({ workspaceId: project.workspaceId, plan: "free", entitlementOverrides: { monthlyTokenBudget: 8_192 + 6_000 } });
    // The served turn's real cost leaves less than one more reservation, however late the others arrive.
    upstream.upstream.setDefault({ steps: [{ type: "text", text: "the one answer" }], usage: { prompt_tokens: 6_000, completion_tokens: 3_000 } });
    const sessions = await Promise.all(Array.from({ length: 50 }, () => createSession(project, undefined)));
    const responses = await Promise.all(sessions.map((s) => postChat({ sessionId: s.id, message: { id: randomUUID(), text: "race" } })));
    const served = responses.filter((r) => r.status === 200);
    console.info(`[quota race via /api/chat] 50 concurrent turns, budget for one: ${served.length} served`);
    expect(served).toHaveLength(1);
    await readUiStream(served[0]!.body!);
    for (const r of responses.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(429);
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = (await r.json()) as { code: string; message: string; details: { resetsAt: string } };
      expect(body.code).toBe("rate_limit:budget");
      expect(body.message).toMatch(/resets on 1 \w+ \d{4} at 00:00 UTC/);
      expect(new Date(body.details.resetsAt).getUTCDate()).toBe(1);
    }
    const stored = (await Promise.all(sessions.map((s) => listMessagesBySessionId({ sessionId: s.id })))).flat();
    expect(stored.filter((m) => m.role === "user")).toHaveLength(1);
    expect(upstream.upstream.requests()).toHaveLength(1);
  });
});
