import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { listMessagesBySessionId } from "@/db/queries/sessions";
import type { ChatRequest } from "@/lib/chat/contract";
import { startTurn, chatFixture } from "@/lib/testing/chat-fixture";
import { readUiStream } from "@/lib/testing/ui-chunks";
import type { Script } from "@/lib/testing/upstream";


type Chunk = { type: string; delta?: string; data?: unknown; errorText?: string };
type Saved = { messageId: string; status: string; error: { code: string; message: string } | null };


async function turn(script: Script | Script[], text = `q ${randomUUID()}`, extra: Partial<ChatRequest> = {}) {
  chat.upstream.enqueue(script);
  const response = await startTurn(chat.project, { sessionId: chat.sessionId, message: { id: randomUUID(), text }, ...extra });
  const chunks = await readUiStream<Chunk>(response.body!);
  const streamed = chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");
  const saved = chunks.find((c) => c.type === "data-saved")?.data as Saved | undefined;
  const errors = chunks.filter((c) => c.type === "error").map((c) => c.errorText);
  const stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
  return { chunks, streamed, saved, errors, stored };
}

// Read once per process (lib/env): set before the first turn.
const chat = chatFixture("faults", { env: { CHAT_TURN_TIMEOUT_S: "3", CHAT_IDLE_TIMEOUT_S: "1" } });

describe("a turn ends stored, whatever the upstream does", () => {
  it("a connection reset mid-answer stores what was received as failed and tells the client", async () => {
    const result = await turn({ steps: [{ type: "text", text: " one two three four five six seven eight" }], rate: 400, fault: { kind: "reset", afterChunks: 4 } });
    expect(result.streamed.length).toBeGreaterThan(0);
    expect(result.saved).toMatchObject({ status: "failed", error: { code: "upstream:model" } });
    expect(result.saved?.error?.message).toMatch(/broke mid-answer/);
    expect(result.stored.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "failed"],
    ]);
    expect((result.stored[1]?.parts as { text: string }[])[0]?.text).toBe(result.streamed);
  });

  it("a model that goes silent is cut off after the idle limit and stored as failed with the reason", async () => {
    const started = Date.now();
    const result = await turn({ steps: [{ type: "text", text: " a b c d e f" }], rate: 1000, fault: { kind: "stall", afterTokens: 3 } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.saved).toMatchObject({ status: "failed", error: { code: "upstream:model" } });
    expect(result.saved?.error?.message).toMatch(/sent nothing for 1 s/);
    expect(result.stored[1]).toMatchObject({ role: "assistant", status: "failed" });
    expect((result.stored[1]?.parts as { text: string }[])[0]?.text).toBe(result.streamed);
    expect(result.streamed).toBe(" a b c");
    await chat.upstream.waitForAbort(() => true, 1000);
  });

  it("a turn longer than the wall-clock limit is ended and stored as failed with the reason", async () => {
    const started = Date.now();
    // 40 tokens at 10 tok/s is 4 s, past the 3 s limit, while never idle for 1 s.
    const result = await turn({ steps: [{ type: "text", text: " w".repeat(40) }], rate: 10 });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.saved).toMatchObject({ status: "failed" });
    expect(result.saved?.error?.message).toMatch(/longer than 3 s/);
    expect(result.stored[1]).toMatchObject({ status: "failed" });
    expect(result.streamed.length).toBeGreaterThan(0);
  });

  it.each(["crlf", "cr"] as const)("streams an answer framed with %s as it arrives and stores it complete", async (framing) => {
    const result = await turn({ steps: [{ type: "text", text: "Hello over a different line end." }], framing });
    expect(result.streamed).toBe("Hello over a different line end.");
    expect(result.chunks.filter((c) => c.type === "text-delta").length).toBeGreaterThan(0);
    expect(result.saved).toMatchObject({ status: "complete", error: null });
  });

  it("a malformed event fails the turn with what arrived, never stores it complete", async () => {
    const result = await turn({ steps: [{ type: "text", text: " one two three four" }], fault: { kind: "malformed", afterChunks: 2 } });
    expect(result.saved?.status).toBe("failed");
    expect(result.stored[1]).toMatchObject({ role: "assistant", status: "failed" });
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it("an upstream 500 before the first byte releases the turn and stores it failed", async () => {
    const result = await turn({ steps: [{ type: "text", text: "never" }], fault: { kind: "http", status: 503 } });
    expect(result.saved).toMatchObject({ status: "failed", error: { code: "upstream:model" } });
    expect(result.stored.map((m) => m.status)).toEqual(["complete", "failed"]);
  });

  it("an answer cut at max_completion_tokens is stored as failed, naming the limit", async () => {
    const result = await turn({ steps: [{ type: "text", text: " w".repeat(8_300) }] }, undefined, { model: "llama3.1-8b" });
    expect(chat.upstream.requests()[0]?.body.max_completion_tokens).toBe(8_192);
    expect(result.saved).toMatchObject({ status: "failed" });
    expect(result.saved?.error?.message).toMatch(/8192-token output limit/);
    expect(result.stored[1]?.status).toBe("failed");
  });

  it("a turn that uses every tool step without an answer is stored as failed, naming the limit", async () => {
    const call = { steps: [{ type: "tool_call" as const, name: "list_files", arguments: "{}" }] };
    const result = await turn(Array.from({ length: 12 }, () => call));
    expect(chat.upstream.requests()).toHaveLength(8);
    expect(result.saved).toMatchObject({ status: "failed" });
    expect(result.saved?.error?.message).toMatch(/all 8 tool steps/);
  });
});
