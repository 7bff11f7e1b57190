import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";

import { openChatStream, readChatTurn } from "./client";
import type { ChatRequest } from "./contract";
import { TurnFold, type ChatChunk, type FoldedTurn } from "./fold";
import type { EditProposal } from "./proposals";
import { TurnEditBus, type TurnEditEvent } from "./turn-events";

const patchArgs = JSON.stringify({ patch: "*** Begin Patch\n*** Update File: src/a.ts\n@@\n-a\n+b — ünïcode 🌍\n*** End Patch" });
const proposal: EditProposal = { toolCallId: "call_1", toolName: "apply_patch", files: [{ path: "src/a.ts", before: "a\n", after: "b\n", baseVersion: 1 }] };

const turn: ChatChunk[] = [
  { type: "data-context", data: { limit: 1000, reservedForOutput: 100, used: 10, trimmed: false, items: [] } },
  { type: "start", messageId: "m-1", messageMetadata: { model: "gpt-oss-120b", userMessageId: "u-1" } },
  { type: "start-step" },
  { type: "text-start", id: "t" },
  ...["Héllo ", "wörld 🌍, ", "editing now."].map((delta): ChatChunk => ({ type: "text-delta", id: "t", delta })),
  { type: "text-end", id: "t" },
  { type: "tool-input-start", toolCallId: "call_1", toolName: "apply_patch" },
  ...[patchArgs.slice(0, 20), patchArgs.slice(20, 50), patchArgs.slice(50)].map(
    (inputTextDelta): ChatChunk => ({ type: "tool-input-delta", toolCallId: "call_1", inputTextDelta }),
  ),
  { type: "tool-input-available", toolCallId: "call_1", toolName: "apply_patch", input: JSON.parse(patchArgs) },
  { type: "data-proposal", id: "call_1", data: proposal },
  { type: "tool-output-available", toolCallId: "call_1", output: { ok: true, summary: "ok", files: [] } },
  { type: "finish-step" },
  { type: "data-metrics", data: { ttftMs: 5, tokensPerSecond: 3000, inputTokens: 10, outputTokens: 30, generationMs: 10, steps: 1 } },
  { type: "data-saved", data: { messageId: "m-1", status: "complete", error: null } },
  { type: "finish" },
];

const sse = (chunks: ChatChunk[], done = true) => chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("") + (done ? "data: [DONE]\n\n" : "");
const bytes = new TextEncoder().encode(sse(turn));

function bodyOf(data: Uint8Array, cuts: number[], { failAtEnd = false } = {}): ReadableStream<Uint8Array> {
  const bounds = [0, ...cuts, data.length];
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index >= bounds.length - 1) {
        if (failAtEnd) controller.error(new TypeError("network error"));
        else controller.close();
        return;
      }
      controller.enqueue(data.slice(bounds[index], bounds[index + 1]));
      index++;
    },
  });
}

async function read(body: ReadableStream<Uint8Array>, signal?: AbortSignal) {
  const fold = new TurnFold({ id: "pending", createdAt: "2026-01-01T00:00:00.000Z" });
  const bus = new TurnEditBus();
  const events: TurnEditEvent[] = [];
  bus.subscribe((event) => events.push(event));
  let chunks = 0;
  // A real Response, as fetch gives it: the reader must work on exactly that.
  const response = new Response(body, { headers: { "content-type": "text/event-stream" } });
  const end = await readChatTurn(response.body!, { fold, mode: "review", editBus: bus, signal, onChunk: () => chunks++ });
  return { end, turn: fold.snapshot(), events, chunks };
}

let baseline: { turn: FoldedTurn; events: TurnEditEvent[] } | undefined;

describe("readChatTurn", () => {
  it("folds the stream and forwards the turn's edit events in order", async () => {
    const result = await read(bodyOf(bytes, []));
    baseline = result;
    expect(result.end).toEqual({ status: "complete", source: "saved", error: null });
    expect(result.chunks).toBe(turn.length);
    expect(result.turn.message).toMatchObject({
      id: "m-1",
      status: "complete",
      proposals: [proposal],
      parts: [
        { type: "text", text: "Héllo wörld 🌍, editing now." },
        { type: "tool", toolCallId: "call_1", state: "output-available" },
      ],
    });
    expect(result.events.map((e) => e.type)).toEqual(["turn-start", "tool-start", "tool-delta", "tool-delta", "tool-delta", "tool-input", "proposal", "turn-end"]);
    expect(result.events[0]).toEqual({ type: "turn-start", messageId: "m-1", mode: "review" });
    const deltas = result.events.flatMap((e) => (e.type === "tool-delta" ? [e.delta] : []));
    expect(deltas.join("")).toBe(patchArgs);
    expect(result.events.at(-1)).toEqual({ type: "turn-end", messageId: "m-1", status: "complete", mode: "review" });
  });

  it("gives the same message and events for every split of the bytes, including inside UTF-8 characters", async () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const result = await read(bodyOf(bytes, [cut]));
      expect(result.turn).toEqual(baseline!.turn);
      expect(result.events.filter((e) => e.type !== "tool-delta")).toEqual(baseline!.events.filter((e) => e.type !== "tool-delta"));
    }
    for (let a = 1; a < bytes.length; a += 17) {
      for (let b = a; b < bytes.length; b += 61) expect((await read(bodyOf(bytes, [a, b]))).turn).toEqual(baseline!.turn);
    }
    // Byte by byte: the worst case a slow network can produce.
    expect((await read(bodyOf(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)))).turn).toEqual(baseline!.turn);
  });

  it("ends a broken stream as failed, keeps the partial answer and interrupts the unfinished tool call", async () => {
    const partial = new TextEncoder().encode(sse(turn.slice(0, 10), false));
    const result = await read(bodyOf(partial, [], { failAtEnd: true }));
    expect(result.end).toMatchObject({ status: "failed", source: "broken", error: { code: "offline:chat" } });
    expect(result.turn.message.parts).toEqual([
      { type: "text", text: "Héllo wörld 🌍, editing now." },
      { type: "tool", toolCallId: "call_1", toolName: "apply_patch", input: undefined, state: "interrupted" },
    ]);
    expect(result.events.at(-1)).toEqual({ type: "turn-end", messageId: "m-1", status: "failed", mode: "review" });
  });

  it("trusts the saved verdict of a turn that failed upstream", async () => {
    const failed: ChatChunk[] = [
      { type: "start", messageId: "m-9" },
      { type: "error", errorText: "The model provider had an error (500)." },
      { type: "data-saved", data: { messageId: "m-9", status: "failed", error: { code: "upstream:model", message: "The model provider had an error (500)." } } },
      { type: "finish" },
    ];
    const result = await read(bodyOf(new TextEncoder().encode(sse(failed)), []));
    expect(result.end).toEqual({ status: "failed", source: "saved", error: { code: "upstream:model", message: "The model provider had an error (500)." } });
    expect(result.turn.message.parts).toEqual([]);
  });
});

describe("openChatStream", () => {
  const request: ChatRequest = { sessionId: crypto.randomUUID(), message: { id: crypto.randomUUID(), text: "hi" } };

  it("sends the request as JSON and rejects a refusal before streaming with the server's AppError", async () => {
    let sent: { url: string; body: unknown } | undefined;
    const refuse: typeof fetch = async (url, init) => {
      sent = { url: String(url), body: JSON.parse(String(init?.body)) };
      return new AppError("forbidden:model", { message: "GLM 4.7 needs a Pro or Team plan." }).toResponse();
    };
    const error = await openChatStream(request, { fetch: refuse }).catch((e: unknown) => e);
    expect(sent).toEqual({ url: "/api/chat", body: request });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "forbidden:model", status: 403, message: "GLM 4.7 needs a Pro or Team plan." });

    const limited: typeof fetch = async () => new AppError("rate_limit:chat", { retryAfterSeconds: 9 }).toResponse();
    expect(await openChatStream(request, { fetch: limited }).catch((e: unknown) => e)).toMatchObject({ code: "rate_limit:chat", retryAfterSeconds: 9 });
  });

  it("reports an unreachable server as offline, and an abort as the abort", async () => {
    const down: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    expect(await openChatStream(request, { fetch: down }).catch((e: unknown) => e)).toMatchObject({ code: "offline:chat" });

    const controller = new AbortController();
    controller.abort();
    const aborted = await openChatStream(request, { signal: controller.signal, endpoint: "http://127.0.0.1:9/api/chat" }).catch((e: unknown) => e);
    expect((aborted as Error).name).toBe("AbortError");
  });
});

describe("stop over a real connection", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it("aborts the fetch mid-stream: the turn ends as stopped and the server sees the connection close", async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(sse(turn.slice(0, 6), false));
      // …then stalls, as a slow model would.
      res.on("close", closed);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;

    const controller = new AbortController();
    const body = await openChatStream({ sessionId: crypto.randomUUID(), message: { id: crypto.randomUUID(), text: "go" } }, {
      signal: controller.signal,
      endpoint: `http://127.0.0.1:${port}/api/chat`,
    });
    const fold = new TurnFold({ id: "pending" });
    const events: TurnEditEvent[] = [];
    const bus = new TurnEditBus();
    bus.subscribe((e) => events.push(e));
    const ended = readChatTurn(body, {
      fold,
      mode: "auto",
      editBus: bus,
      signal: controller.signal,
      onChunk: (chunk) => {
        if (chunk.type === "text-delta" && chunk.delta.startsWith("wörld")) controller.abort();
      },
    });
    expect(await ended).toEqual({ status: "stopped", source: "stopped", error: null });
    await serverSawClose;
    expect(fold.snapshot().message).toMatchObject({ id: "m-1", status: "stopped", parts: [{ type: "text", text: "Héllo wörld 🌍, " }] });
    expect(events.at(-1)).toEqual({ type: "turn-end", messageId: "m-1", status: "stopped", mode: "auto" });
  });
});
