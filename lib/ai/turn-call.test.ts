import { randomUUID } from "node:crypto";

import { describe, expect, it, vi } from "vitest";

import type { TurnHistoryMessage } from "@/db/queries/sessions";
import type { EditChannel } from "@/lib/chat/contract";
import { testPrompt as promptWith, turnFixture } from "@/lib/testing/turn-fixture";
import type { Script } from "@/lib/testing/upstream";

import type { ByteClock } from "./provider";
import { limitTurn } from "./turn-call";
import type { TurnOutcome } from "./turn-outcome";
import type { PackedPrompt } from "./turn-prompt";

/**
 * The turn's model call against the scripted upstream over loopback HTTP, with its outcome stored
 * on the run's database. The idle limit is short here (lib/env reads it once per test file).
 */
process.env.CHAT_IDLE_TIMEOUT_S = "0.5";

const turn = turnFixture("turn-call");

/** One model call as the turn makes it; `text` is what its text stream delivered. */
function call(script: Script, options: { prompt?: PackedPrompt; editChannel?: EditChannel; abort?: AbortController } = {}) {
  const started = turn.start(script, options);
  const text = (async () => {
    let all = "";
    try {
      for await (const delta of started.result.textStream) all += delta;
    } catch {
      // An aborted stream ends by throwing; what arrived is what the test reads.
    }
    started.stopLimits();
    return all;
  })();
  return { ...started, text };
}

const storedAnswer = () => turn.storedAnswer();
const lastRequest = () => turn.upstream.requests().at(-1)?.body as Record<string, unknown> & { messages: { role: string; content: unknown }[] };

describe("callModel", () => {
  it("asks with the packed prompt, the output allowance and low reasoning effort; streams the answer; stores it complete", async () => {
    const history: TurnHistoryMessage[] = [
      { id: randomUUID(), seq: 1, role: "user", parts: [{ type: "text", text: "earlier question" }], label: "earlier question", status: "complete", tokenCount: 5 },
      { id: randomUUID(), seq: 2, role: "assistant", parts: [{ type: "text", text: "earlier answer" }], label: null, status: "complete", tokenCount: 5 },
    ];
    const { text, clock } = call({ steps: [{ type: "text", text: "Hello there." }] }, { prompt: promptWith({ history }) });
    expect(await text).toBe("Hello there.");
    const answer = await storedAnswer();
    expect(answer).toMatchObject({ status: "complete", parts: [{ type: "text", text: "Hello there." }] });
    expect(clock.firstByteAt).not.toBeNull();

    const body = lastRequest();
    expect(body.max_completion_tokens).toBe(8_192);
    expect(body.reasoning_effort).toBe("low");
    expect(body.prediction).toBeUndefined();
    expect(body.messages.map((m) => [m.role, m.content])).toEqual([
      ["system", "You are a test model."],
      ["user", "earlier question"],
      ["assistant", "earlier answer"],
      ["user", "Say hello."],
    ]);
  });

  it("a long prompt reaches the model whole, its large strings spliced in from memory (./request-body), on every call", async () => {
    const long = (tag: string) => `${tag} "quoted" back\\slash é — 😀 \u2028\n`.repeat(200);
    const history: TurnHistoryMessage[] = [
      { id: randomUUID(), seq: 1, role: "user", parts: [{ type: "text", text: long("question") }], label: "q", status: "complete", tokenCount: 900 },
      { id: randomUUID(), seq: 2, role: "assistant", parts: [{ type: "text", text: long("answer") }], label: null, status: "complete", tokenCount: 900 },
    ];
    const pieces = [`<file path="a.ts">\n${long("file")}</file>`, "\n\n", "Explain a.ts"];
    const prompt = promptWith({ history, userContent: pieces.join(""), userContentPieces: pieces, activeFileContent: long("active") });
    for (let i = 0; i < 2; i++) {
      const { text } = call({ steps: [{ type: "text", text: "ok" }] }, { prompt, editChannel: "content" });
      expect(await text).toBe("ok");
      const body = lastRequest();
      expect(body.messages.map((m) => m.content)).toEqual(["You are a test model.", long("question"), long("answer"), pieces.join("")]);
      expect(body.prediction).toEqual({ type: "content", content: long("active") });
    }
    await vi.waitFor(async () => expect((await turn.messages()).filter((m) => m.role === "assistant")).toHaveLength(2), { timeout: 10_000 });
  });

  it("on the content channel, a model with Predicted Outputs gets the active file as the prediction", async () => {
    const { text } = call({ steps: [{ type: "text", text: "ok" }] }, { prompt: promptWith({ activeFileContent: "const a = 1;\n" }), editChannel: "content" });
    await text;
    expect(lastRequest().prediction).toEqual({ type: "content", content: "const a = 1;\n" });
    await storedAnswer();
  });

  it("an answer cut off at the output limit is stored failed, naming the limit, with what arrived", async () => {
    const { text } = call({ steps: [{ type: "text", text: "A long answer that" }], finishReason: "length" }, { prompt: promptWith({ maxOutputTokens: 9_000 }) });
    await text;
    const answer = await storedAnswer();
    expect(answer.status).toBe("failed");
    expect(answer.parts).toEqual([{ type: "text", text: "A long answer that" }]);
    expect(JSON.stringify(answer.meta)).toContain("9000-token output limit");
  });

  it("a provider refusal (429) becomes the outcome's error, with the provider's wait; the question stays stored", async () => {
    const { text, outcome } = call({ steps: [{ type: "text", text: "never" }], fault: { kind: "http", status: 429, retryAfter: 7 } });
    expect(await text).toBe("");
    expect(outcome.error).toMatchObject({ code: "rate_limit:model", retryAfterSeconds: 7 });
    expect(outcome.started).toBe(false);
    // The response settles a failed call (turn-response); the error is what it stores.
    expect(await outcome.settle("complete")).toMatchObject({ status: "failed", error: { code: "rate_limit:model", retryAfterSeconds: 7 } });
    expect((await turn.messages()).map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "failed"],
    ]);
  });

  it("Stop (the turn's abort signal) ends it stopped, keeping what arrived", async () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const abort = new AbortController();
    const { result, text } = call({ steps: [{ type: "text", text: words }], rate: 200 }, { abort });
    for await (const delta of result.textStream) {
      if (delta) break;
    }
    abort.abort();
    await text;
    const answer = await storedAnswer();
    expect(answer.status).toBe("stopped");
    const stored = (answer.parts as { text: string }[])[0]?.text ?? "";
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(words.length);
  });
});

describe("limitTurn", () => {
  it("a model that goes silent past the idle limit is aborted, and the outcome says why, with what arrived", async () => {
    const { text, outcome, abort } = call({ steps: [{ type: "text", text: "First words, then nothing at all for a long while" }], fault: { kind: "stall", afterTokens: 2 } });
    expect((await text).length).toBeGreaterThan(0);
    expect(abort.signal.aborted).toBe(true);
    expect(outcome.error).toMatchObject({ code: "upstream:model", message: expect.stringContaining("sent nothing for 0.5 s") });
    const settled = await outcome.settle("stopped");
    expect(settled.status).toBe("failed");
    const answer = await storedAnswer();
    expect(answer.status).toBe("failed");
    expect(((answer.parts as { text: string }[])[0]?.text ?? "").length).toBeGreaterThan(0);
  });

  it("aborts only after the idle limit passes with no byte: bytes keep a turn alive, and its stopper clears both timers", async () => {
    const watch = (clock: ByteClock) => {
      const abort = new AbortController();
      const outcome = { error: null } as unknown as TurnOutcome;
      return { abort, outcome, stop: limitTurn({ clock, requestStartedAt: Date.now(), outcome, abort }) };
    };
    const quiet = watch({ firstByteAt: null, lastByteAt: null });
    const busyClock: ByteClock = { firstByteAt: Date.now(), lastByteAt: Date.now() };
    const busy = watch(busyClock);
    const feeding = setInterval(() => (busyClock.lastByteAt = Date.now()), 50);
    const ended = watch({ firstByteAt: null, lastByteAt: null });
    ended.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(feeding);
    expect(quiet.abort.signal.aborted).toBe(true);
    expect(quiet.outcome.error?.message).toContain("sent nothing for 0.5 s");
    expect(busy.abort.signal.aborted).toBe(false);
    expect(ended.abort.signal.aborted).toBe(false);
    expect(ended.outcome.error).toBeNull();
    quiet.stop();
    busy.stop();
  });
});
