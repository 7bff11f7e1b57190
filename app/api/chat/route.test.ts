import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listMessagesBySessionId } from "@/db/queries/sessions";
import { setWorkspacePlanForTest } from "@/db/testing";
import { createSession } from "@/lib/chat/service";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { sessionCookieFor } from "@/lib/testing/session-cookie";
import { readUiStream } from "@/lib/testing/ui-chunks";
import { startUpstreamServer, type UpstreamServer } from "@/lib/testing/upstream";

import { POST as chatRoute } from "./route";

let upstream: UpstreamServer;
let project: ProjectAccess;

/** The real route, as a signed-in member calls it; the model is the scripted upstream over HTTP. */
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
  project = await createTestProject(await createTestUser("route-budget"), "typescript");
  upstream.upstream.setModels([
    { id: "gpt-oss-120b", owned_by: "test" },
    { id: "zai-glm-4.7", owned_by: "test" },
  ]);
});

afterAll(async () => {
  await upstream.close();
});

describe("POST /api/chat and the workspace's plan", () => {
  it("a Free workspace asking for a premium model: 403 forbidden:model with the plan that unlocks it", async () => {
    const session = await createSession(project, undefined);
    const response = await postChat({ sessionId: session.id, model: "zai-glm-4.7", message: { id: randomUUID(), text: "hi" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "forbidden:model", details: { upgradeTo: "pro" } });
    expect(upstream.upstream.requests()).toHaveLength(0);
  });

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
