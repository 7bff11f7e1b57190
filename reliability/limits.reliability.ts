import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as chatRoute } from "@/app/api/chat/route";
import { createEntry } from "@/lib/files/service";
import { toAppError } from "@/lib/errors";
import { sessionCookieFor } from "@/lib/testing/session-cookie";

import { runTurn, startChatFixture, storedMessages, type ChatFixture, type TurnOutcome } from "./chat-fixture";
import { loopLag, report } from "./support";

/**
 * Every limit answers with a 4xx, or ends the turn stored as failed with the limit named: never a 5xx.
 * Bodies go through the real chat route handler (its body limit and schema run before sign-in).
 */
const TURN_LIMIT_S = 2;
let fixture: ChatFixture;
const figures: Record<string, unknown>[] = [];

beforeAll(async () => {
  fixture = await startChatFixture({ CHAT_TURN_TIMEOUT_S: String(TURN_LIMIT_S) });
  fixture.upstream.upstream.setModels([
    { id: "gpt-oss-120b", owned_by: "test" },
    { id: "llama3.1-8b", owned_by: "test" },
  ]);
});

afterAll(async () => {
  report("Limits", figures);
  await fixture.upstream.close();
});

/** The chat route as a signed-in member calls it: identity is read before the body. */
async function routeStatus(body: string): Promise<number> {
  const cookie = await sessionCookieFor({ userId: fixture.project.userId, email: "member@example.test" });
  const request = new Request("http://localhost/api/chat", { method: "POST", headers: { "content-type": "application/json", cookie }, body });
  return (await chatRoute(request, { params: Promise.resolve({}) })).status;
}

const statusOf = (promise: Promise<unknown>) => promise.then(() => 200, (error: unknown) => toAppError(error).status);

async function storedTurn(script: Parameters<ChatFixture["upstream"]["upstream"]["enqueue"]>[0], extra: Parameters<typeof runTurn>[1] = {}): Promise<{ outcome: TurnOutcome; status: string | undefined }> {
  fixture.upstream.upstream.reset();
  fixture.upstream.upstream.setModels([
    { id: "gpt-oss-120b", owned_by: "test" },
    { id: "llama3.1-8b", owned_by: "test" },
  ]);
  fixture.upstream.upstream.enqueue(script);
  const outcome = await runTurn(fixture, extra);
  const stored = await storedMessages(outcome.sessionId);
  return { outcome, status: stored.find((m) => m.role === "assistant")?.status };
}

describe("limits", () => {
  it("request body over 256 KiB: 413", async () => {
    const status = await routeStatus(JSON.stringify({ sessionId: randomUUID(), message: { id: randomUUID(), text: "x".repeat(300 * 1024) } }));
    figures.push({ limit: "chat body 256 KiB", answer: status });
    expect(status).toBe(413);
  });

  it("message over 32,000 characters: 400", async () => {
    const status = await routeStatus(JSON.stringify({ sessionId: randomUUID(), message: { id: randomUUID(), text: "x".repeat(32_001) } }));
    figures.push({ limit: "message 32,000 chars", answer: status });
    expect(status).toBe(400);
  });

  it("file over 1 MiB: 413", async () => {
    const status = await statusOf(createEntry(fixture.project, { path: "huge.txt", kind: "file", content: "x".repeat(1024 * 1024 + 1) }));
    figures.push({ limit: "file 1 MiB", answer: status });
    expect(status).toBe(413);
  });

  it("tool steps (8 per turn): stored as failed, limit named", async () => {
    const call = { steps: [{ type: "tool_call" as const, name: "list_files", arguments: "{}" }] };
    const { outcome, status } = await storedTurn(Array.from({ length: 12 }, () => call));
    figures.push({ limit: "tool steps 8", answer: `stored ${status}: ${outcome.saved?.error?.message}` });
    expect(status).toBe("failed");
    expect(outcome.saved?.error?.message).toMatch(/all 8 tool steps/);
    expect(fixture.upstream.upstream.requests()).toHaveLength(8);
  });

  it("regex time: a catastrophic pattern from the model runs in linear time", async () => {
    await createEntry(fixture.project, { path: "redos.txt", kind: "file", content: `${"a".repeat(30)}!\n`.repeat(200) });
    const lag = loopLag();
    const { outcome, status } = await storedTurn([
      { steps: [{ type: "tool_call", name: "search_files", arguments: JSON.stringify({ query: "^(a+)+$", regex: true }) }] },
      { steps: [{ type: "text", text: "No matches." }] },
    ]);
    const { max } = lag.stop();
    figures.push({ limit: "regex time", answer: `stored ${status} in ${outcome.durationMs.toFixed(0)} ms, event-loop lag max ${max.toFixed(0)} ms` });
    expect(status).toBe("complete");
    expect(JSON.stringify(fixture.upstream.upstream.requests()[1]?.body)).toContain("No matches.");
    expect(max).toBeLessThan(500);
  });

  it("max_completion_tokens: sent, and an answer cut by it is stored as failed, limit named", async () => {
    const { outcome, status } = await storedTurn({ steps: [{ type: "text", text: " w".repeat(8_300) }] }, { extra: { model: "llama3.1-8b" } });
    figures.push({ limit: "max_completion_tokens 8192", answer: `stored ${status}: ${outcome.saved?.error?.message}` });
    expect(fixture.upstream.upstream.requests()[0]?.body.max_completion_tokens).toBe(8_192);
    expect(status).toBe("failed");
    expect(outcome.saved?.error?.message).toMatch(/output limit/);
  });

  it(`wall-clock time per turn (${TURN_LIMIT_S} s here, CHAT_TURN_TIMEOUT_S): stored as failed, limit named`, async () => {
    const { outcome, status } = await storedTurn({ steps: [{ type: "text", text: " w".repeat(100) }], rate: 20 });
    figures.push({ limit: `turn time ${TURN_LIMIT_S} s`, answer: `stored ${status} after ${outcome.durationMs.toFixed(0)} ms: ${outcome.saved?.error?.message}` });
    expect(status).toBe("failed");
    expect(outcome.durationMs).toBeLessThan((TURN_LIMIT_S + 1.5) * 1000);
    expect(outcome.saved?.error?.message).toMatch(/longer than 2 s/);
  });
});
