import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { ChatChunk } from "@/lib/chat/fold";
import { TurnEditBus, type TurnEditEvent } from "@/lib/chat/turn-events";
import { AppError } from "@/lib/errors";

import { ChatController } from "./chat-controller";
import { PROGRESS_INTERVAL_MS } from "./thread";

const session = { id: "s1", projectId: "p1", title: "Session", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };

function sse(chunks: ChatChunk[]): Response {
  const text = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + "data: [DONE]\n\n";
  return new Response(text, { headers: { "content-type": "text/event-stream" } });
}

const answer: ChatChunk[] = [
  { type: "start", messageId: "a1", messageMetadata: { model: "m", userMessageId: "u" } },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "Hello " },
  { type: "text-delta", id: "t", delta: "there." },
  { type: "text-end", id: "t" },
  { type: "data-saved", data: { messageId: "a1", status: "complete", error: null } },
  { type: "finish" },
];

/** An SSE body the test writes chunk by chunk (`null` ends it). */
function pushedStream(): { body: ReadableStream<Uint8Array>; push: (chunk: ChatChunk | null) => void } {
  const encoder = new TextEncoder();
  let push!: (chunk: ChatChunk | null) => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (chunk) => (chunk ? controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`)) : controller.close());
    },
  });
  return { body, push };
}

/** The real controller against a scripted fetch (the API routes' answers), without a browser. */
function setup(chat: () => Response | Promise<Response>) {
  const requests: { url: string; method: string; body: unknown }[] = [];
  vi.stubGlobal("fetch", async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    requests.push({ url: input, method, body: init.body ? JSON.parse(String(init.body)) : undefined });
    if (input.startsWith("/api/models")) return Response.json({ models: [{ id: "m" }], defaultModel: "m", endpoint: "custom" });
    if (input.endsWith("/sessions") && method === "GET") return Response.json({ sessions: [session] });
    if (input === "/api/sessions/s1") return Response.json({ ...session, messages: [], checkpoints: [] });
    if (input === "/api/chat") return chat();
    if (input.endsWith("/stop") && method === "POST") return Response.json({ stopping: true }, { status: 202 });
    return new Response(null, { status: 404 });
  });
  const bus = new TurnEditBus();
  const events: TurnEditEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const controller = new ChatController({ projectId: "p1", canWrite: true, editBus: bus });
  return { controller, requests, events };
}

describe("ChatController and its TurnRunner", () => {
  beforeEach(() => {
    vi.stubGlobal("requestAnimationFrame", (callback: () => void) => setTimeout(callback, 0) as unknown as number);
    vi.stubGlobal("cancelAnimationFrame", (handle: number) => clearTimeout(handle));
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends a composer message, streams the answer under the server's id, and clears the composer", async () => {
    const { controller, requests, events } = setup(() => sse(answer));
    await controller.init();
    expect(controller.state).toMatchObject({ phase: "ready", sessionId: "s1", model: "m" });
    controller.setDraft("Say hello");
    const result = await controller.send({ text: "Say hello", origin: "composer" });
    expect(result).toMatchObject({ ok: true, messageId: "a1", end: { status: "complete", source: "saved" } });
    const { order, messages, live, draft } = controller.state;
    expect(live).toBeNull();
    expect(draft).toBe("");
    expect(order).toHaveLength(2);
    expect(messages[order[0]!]).toMatchObject({ role: "user", parts: [{ type: "text", text: "Say hello" }] });
    expect(messages.a1).toMatchObject({ role: "assistant", status: "complete", parts: [{ type: "text", text: "Hello there." }] });
    expect(requests.find((r) => r.url === "/api/chat")?.body).toMatchObject({ sessionId: "s1", model: "m", mode: "review", message: { text: "Say hello" } });
    expect(events.map((e) => e.type)).toEqual(["turn-start", "turn-end"]);
    controller.dispose();
  });

  it("takes a refused message back and returns its text to the composer, with the refusal as a notice", async () => {
    const { controller } = setup(() => new AppError("rate_limit:chat", { message: "Slow down.", retryAfterSeconds: 5 }).toResponse());
    await controller.init();
    const result = await controller.send({ text: "Too fast", origin: "composer" });
    expect(result).toMatchObject({ ok: false, error: { code: "rate_limit:chat" } });
    expect(controller.state).toMatchObject({ order: [], live: null, draft: "Too fast", notice: { code: "rate_limit:chat", message: "Slow down." } });
    expect(controller.state.notice?.retryAt).toBeGreaterThan(Date.now());
    // The countdown refuses the next send before any request.
    expect(await controller.send({ text: "again" })).toMatchObject({ ok: false, error: { code: "rate_limit:chat" } });
    controller.dispose();
  });

  it("Stop is its own request for the answer's id; the pane reads on until the server's stored outcome", async () => {
    const { body, push } = pushedStream();
    const { controller, requests } = setup(() => new Response(body, { headers: { "content-type": "text/event-stream" } }));
    await controller.init();
    const sending = controller.send({ text: "Talk", origin: "composer" });
    for (const chunk of answer.slice(0, 3)) push(chunk);
    await vi.waitFor(() => expect(controller.state.messages.a1?.parts).toEqual([{ type: "text", text: "Hello " }]));
    controller.stop();
    await vi.waitFor(() => expect(requests.some((r) => r.method === "POST" && r.url === "/api/sessions/s1/turns/a1/stop")).toBe(true));
    // The reading goes on: what the server sent before it heard the Stop still arrives, then its verdict.
    push({ type: "text-delta", id: "t", delta: "and" });
    push({ type: "data-saved", data: { messageId: "a1", status: "stopped", error: null } });
    push({ type: "finish" });
    push(null);
    expect(await sending).toMatchObject({ ok: true, messageId: "a1", end: { status: "stopped", source: "saved" } });
    expect(controller.state.messages.a1).toMatchObject({ status: "stopped", parts: [{ type: "text", text: "Hello and" }] });
    controller.dispose();
  });

  it("shows a tool call's progress every PROGRESS_INTERVAL_MS, not every frame, and catches up when the stream stalls", async () => {
    const { body, push } = pushedStream();
    const { controller } = setup(() => new Response(body, { headers: { "content-type": "text/event-stream" } }));
    await controller.init();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const shown: number[] = [];
      controller.store.subscribe((state, previous) => {
        const chars = state.live?.toolProgress.c?.chars;
        if (chars !== undefined && chars !== previous.live?.toolProgress.c?.chars) shown.push(chars);
      });
      const sending = controller.send({ text: "Rewrite", origin: "composer" });
      push({ type: "start", messageId: "a1", messageMetadata: { model: "m", userMessageId: "u" } });
      push({ type: "tool-input-start", toolCallId: "c", toolName: "write_file" });
      await vi.waitFor(() => expect(controller.state.messages.a1?.parts).toHaveLength(1));
      // One delta a frame for a second: ten publishes of the progress, not sixty.
      for (let i = 0; i < 60; i++) {
        push({ type: "tool-input-delta", toolCallId: "c", inputTextDelta: "x".repeat(10) });
        await vi.advanceTimersByTimeAsync(1000 / 60);
      }
      expect(shown.length).toBeGreaterThanOrEqual(9);
      expect(shown.length).toBeLessThanOrEqual(11);
      // The stream stalls after a delta that came too soon: it is still shown, PROGRESS_INTERVAL_MS later.
      await vi.advanceTimersByTimeAsync(2 * PROGRESS_INTERVAL_MS);
      expect(controller.state.live?.toolProgress.c?.chars).toBe(600);
      push({ type: "tool-input-delta", toolCallId: "c", inputTextDelta: "y" });
      await vi.advanceTimersByTimeAsync(1);
      expect(controller.state.live?.toolProgress.c?.chars).toBe(601);
      push({ type: "tool-input-delta", toolCallId: "c", inputTextDelta: "z" });
      await vi.advanceTimersByTimeAsync(1);
      expect(controller.state.live?.toolProgress.c?.chars).toBe(601);
      await vi.advanceTimersByTimeAsync(PROGRESS_INTERVAL_MS);
      expect(controller.state.live?.toolProgress.c?.chars).toBe(602);
      // A change to the message itself is shown at the next frame.
      push({ type: "tool-input-available", toolCallId: "c", toolName: "write_file", input: { path: "a.ts", content: "x" } });
      await vi.advanceTimersByTimeAsync(1);
      expect(controller.state.messages.a1?.parts[0]).toMatchObject({ type: "tool", state: "input-available" });
      push({ type: "data-saved", data: { messageId: "a1", status: "complete", error: null } });
      push({ type: "finish" });
      push(null);
      await vi.advanceTimersByTimeAsync(1);
      expect(await sending).toMatchObject({ ok: true, messageId: "a1" });
    } finally {
      vi.useRealTimers();
      controller.dispose();
    }
  });

  it("refuses to chat with view-only access, and an empty or oversized message, before any request", async () => {
    const { controller, requests } = setup(() => sse(answer));
    const viewer = new ChatController({ projectId: "p1", canWrite: false, editBus: new TurnEditBus() });
    expect(await viewer.send({ text: "hi" })).toMatchObject({ ok: false, error: { code: "forbidden:chat" } });
    expect(await controller.send({ text: "   " })).toMatchObject({ ok: false, error: { code: "bad_request:chat" } });
    expect(await controller.send({ text: "x".repeat(32_001) })).toMatchObject({ ok: false, error: { code: "payload_too_large:chat" } });
    expect(requests).toEqual([]);
  });
});
