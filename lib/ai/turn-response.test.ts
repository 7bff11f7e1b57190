import type { UIMessageStreamWriter } from "ai";
import { describe, expect, it } from "vitest";

import type { WaferUIMessage } from "@/lib/chat/contract";
import type { TurnPublisher } from "@/lib/live/publisher";
import { TURN_MODEL, turnFixture } from "@/lib/testing/turn-fixture";
import { readUiStream } from "@/lib/testing/ui-chunks";
import type { Script } from "@/lib/testing/upstream";

import { TurnSender, turnResponse } from "./turn-response";

type Writer = UIMessageStreamWriter<WaferUIMessage>;
type Chunk = Parameters<Writer["write"]>[0];

function fakes({ failAfter = Infinity }: { failAfter?: number } = {}) {
  const live: unknown[] = [];
  const written: unknown[] = [];
  let closed = 0;
  const publisher: TurnPublisher = {
    push: (chunk) => live.push(chunk),
    close: async () => {
      closed += 1;
    },
  };
  const writer = {
    write: (chunk: Chunk) => {
      if (written.length >= failAfter) throw new Error("the browser left");
      written.push(chunk);
    },
  } as unknown as Writer;
  return { live, written, publisher, writer, closed: () => closed };
}

const delta = (n: number): Chunk => ({ type: "text-delta", id: "t", delta: String(n) });

describe("TurnSender", () => {
  it("copies every chunk to followers and to the owner once the stream is attached", () => {
    const f = fakes();
    const sender = new TurnSender(f.publisher);
    sender.send(delta(0));
    sender.attach(f.writer);
    sender.send(delta(1));
    expect(f.live).toEqual([delta(0), delta(1)]);
    expect(f.written).toEqual([delta(1)]);
  });

  it("keeps feeding followers after the owner's stream breaks, and stops writing to it", () => {
    const f = fakes({ failAfter: 1 });
    const sender = new TurnSender(f.publisher);
    sender.attach(f.writer);
    for (let i = 0; i < 4; i++) sender.send(delta(i));
    expect(f.written).toEqual([delta(0)]);
    expect(f.live).toHaveLength(4);
  });

  it("writes nothing more to an owner who left, and closes the followers' copy", async () => {
    const f = fakes();
    const sender = new TurnSender(f.publisher);
    sender.attach(f.writer);
    sender.send(delta(0));
    sender.clientLeft();
    sender.send(delta(1));
    await sender.close();
    expect(f.written).toEqual([delta(0)]);
    expect(f.live).toEqual([delta(0), delta(1)]);
    expect(f.closed()).toBe(1);
  });
});

/** The whole response of a turn whose model is the scripted upstream, stored on the run's database. */

const turn = turnFixture("turn-response");

type UiChunk = { type: string; delta?: string; data?: Record<string, unknown>; messageId?: string; messageMetadata?: Record<string, unknown>; errorText?: string };

function respond(script: Script, { abort }: { abort?: AbortController } = {}) {
  const started = turn.start(script, { abort });
  const followers: UiChunk[] = [];
  let followersClosed = 0;
  const sender = new TurnSender({
    push: (chunk) => followers.push(chunk as UiChunk),
    close: async () => {
      followersClosed += 1;
    },
  });
  const response = turnResponse({
    result: started.result,
    sender,
    outcome: started.outcome,
    abort: started.abort,
    stopTimers: started.stopLimits,
    report: started.prompt.report,
    modelId: TURN_MODEL.id,
    userMessageId: started.target.userMessageId,
    assistantId: started.assistantId,
    requestStartedAt: started.requestStartedAt,
    clock: started.clock,
  });
  return { ...started, response, followers, followersClosed: () => followersClosed };
}

const textOf = (chunks: UiChunk[]) => chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");

describe("turnResponse", () => {
  it("sends the context report, the answer under the assistant's id, then (once stored) metrics, timing and the saved outcome", async () => {
    const { response, assistantId, target, prompt, followers, followersClosed } = respond({ steps: [{ type: "text", text: "Hello, follower." }] });
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    const chunks = await readUiStream<UiChunk>(response.body!);
    const types = chunks.map((c) => c.type);
    expect(types[0]).toBe("data-context");
    expect(chunks[0]?.data).toEqual(prompt.report);
    expect(chunks.find((c) => c.type === "start")).toMatchObject({ messageId: assistantId, messageMetadata: { model: TURN_MODEL.id, userMessageId: target.userMessageId } });
    expect(textOf(chunks)).toBe("Hello, follower.");
    expect(types.slice(-4)).toEqual(["data-metrics", "data-timing", "data-saved", "finish"]);
    expect(chunks.at(-2)?.data).toEqual({ messageId: assistantId, status: "complete", error: null });
    // "saved" means saved: the row is there when the client hears it.
    expect((await turn.messages()).find((m) => m.id === assistantId)?.status).toBe("complete");
    // Followers get the very same chunks, and their copy is closed.
    expect(followers).toEqual(chunks);
    expect(followersClosed()).toBe(1);
  });

  it("a browser that goes away does not end the turn: it runs on and is stored complete, and followers get all of it", async () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(" ");
    const { response, abort, followers } = respond({ steps: [{ type: "text", text: words }], rate: 2_000 });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel("reload");
    const answer = await turn.storedAnswer();
    expect(answer.status).toBe("complete");
    expect((answer.parts as { text: string }[])[0]?.text).toBe(words);
    expect(abort.signal.aborted).toBe(false);
    await expect.poll(() => followers.at(-1)?.type).toBe("finish");
    expect(textOf(followers)).toBe(words);
  });

  it("a model failure mid-answer reaches the client as an error chunk and is stored failed, with what arrived", async () => {
    const { response } = respond({ steps: [{ type: "text", text: "Some words and then the model breaks down" }], fault: { kind: "error_chunk", afterTokens: 3 } });
    const chunks = await readUiStream<UiChunk>(response.body!);
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    const saved = chunks.find((c) => c.type === "data-saved")?.data;
    expect(saved).toMatchObject({ status: "failed", error: { code: expect.stringMatching(/^upstream:/) } });
    expect((await turn.storedAnswer()).status).toBe("failed");
  });

  it("Stop ends the response with the stored stopped answer", async () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const abort = new AbortController();
    const { response } = respond({ steps: [{ type: "text", text: words }], rate: 200 }, { abort });
    const chunks = await readUiStream<UiChunk>(response.body!, (chunk) => {
      if (chunk.type === "text-delta") abort.abort();
    });
    expect(chunks.find((c) => c.type === "data-saved")?.data).toMatchObject({ status: "stopped" });
    expect(textOf(chunks).length).toBeLessThan(words.length);
    expect((await turn.storedAnswer()).status).toBe("stopped");
  });
});
