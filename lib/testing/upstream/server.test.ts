import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startUpstreamServer, type UpstreamServer } from "./node";
import type { Script } from "./schema";
import { countPromptTokens, splitTokens } from "./tokens";
import type { ChatCompletion, ChatCompletionChunk, WireError } from "./wire";

let server: UpstreamServer;

beforeAll(async () => {
  server = await startUpstreamServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.upstream.reset();
});

const MESSAGES = [
  { role: "system", content: "You are Wafer." },
  { role: "user", content: "Say hello." },
];

function chatBody(extra: Record<string, unknown> = {}) {
  return { model: "gpt-oss-120b", messages: MESSAGES, stream: true, stream_options: { include_usage: true }, ...extra };
}

function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...init,
  });
}

const chat = (body: unknown, init?: RequestInit) => post("/v1/chat/completions", body, init);

type SseEvent = ChatCompletionChunk | WireError;

/** Splits a complete SSE body; a stream cut short simply has no `[DONE]`. */
function parseSse(text: string): { events: SseEvent[]; done: boolean } {
  const events: SseEvent[] = [];
  let done = false;
  for (const block of text.split("\n\n")) {
    if (!block.startsWith("data: ")) continue;
    const data = block.slice("data: ".length);
    if (data === "[DONE]") done = true;
    else events.push(JSON.parse(data) as SseEvent);
  }
  return { events, done };
}

const isChunk = (event: SseEvent): event is ChatCompletionChunk => !("error" in event);

function chunksOf(events: SseEvent[]): ChatCompletionChunk[] {
  return events.filter(isChunk);
}

function contentOf(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
}

function tokenTotal(text: string): number {
  return splitTokens(text).reduce((sum, piece) => sum + piece.tokens, 0);
}

async function streamScript(script: Script, extra: Record<string, unknown> = {}) {
  server.upstream.enqueue(script);
  const response = await chat(chatBody(extra));
  expect(response.status).toBe(200);
  return { response, ...parseSse(await response.text()) };
}

/** Reads until `stop` says enough, returning what arrived; rejects if the body errors first. */
async function readUntil(response: Response, stop: (text: string) => boolean): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!stop(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

describe("streaming", () => {
  it("reassembles text deltas exactly, multi-byte UTF-8 and emoji included", async () => {
    const text = "Grüße aus Köln! 日本語のテキスト 🚀🎉 👩‍💻 done.\n  indented\tline ∑ x² — ok";
    const { response, events, done } = await streamScript({ steps: [{ type: "text", text }] });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toContain("no-transform");
    expect(response.headers.get("content-encoding")).toBeNull();
    const chunks = chunksOf(events);
    expect(chunks).toHaveLength(events.length);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant" });
    expect(contentOf(chunks)).toBe(text);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk" && chunk.model === "gpt-oss-120b")).toBe(true);
    // One token per chunk: more content chunks than characters would mean broken splitting, fewer means merging.
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content !== undefined);
    expect(contentChunks).toHaveLength(splitTokens(text).length);
    expect(done).toBe(true);
  });

  it("streams reasoning as delta.reasoning by default and delta.reasoning_content on request", async () => {
    const steps: Script["steps"] = [
      { type: "reasoning", text: "Let me think about it." },
      { type: "text", text: "Answer." },
    ];
    const byDefault = chunksOf((await streamScript({ steps })).events);
    expect(byDefault.map((chunk) => chunk.choices[0]?.delta.reasoning ?? "").join("")).toBe("Let me think about it.");
    expect(byDefault.some((chunk) => chunk.choices[0]?.delta.reasoning_content !== undefined)).toBe(false);

    const alt = chunksOf((await streamScript({ steps, reasoningField: "reasoning_content" })).events);
    expect(alt.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? "").join("")).toBe("Let me think about it.");
    const last = alt.at(-1)!;
    expect(last.usage?.completion_tokens_details.reasoning_tokens).toBe(tokenTotal("Let me think about it."));
  });

  it("streams tool-call arguments token by token; only the first delta carries id, type and name", async () => {
    const first = JSON.stringify({ patch: "*** Begin Patch\n*** Update File: a.ts\n@@\n-x\n+y\n*** End Patch\n" });
    const second = '{"path":"src/ü.ts"}';
    const { events } = await streamScript({
      steps: [
        { type: "text", text: "Editing." },
        { type: "tool_call", id: "call_fixed", name: "apply_patch", arguments: first },
        { type: "tool_call", name: "read_file", arguments: second },
      ],
    });
    const deltas = chunksOf(events).flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    for (const [index, expected] of [first, second].entries()) {
      const forCall = deltas.filter((delta) => delta.index === index);
      expect(forCall[0]).toMatchObject({ index, type: "function", function: { arguments: "" } });
      expect(forCall[0]!.id).toBeTruthy();
      expect(forCall.slice(1).every((delta) => delta.id === undefined && delta.type === undefined && delta.function.name === undefined)).toBe(true);
      expect(forCall.map((delta) => delta.function.arguments).join("")).toBe(expected);
      expect(forCall.length - 1).toBe(splitTokens(expected).length);
    }
    expect(deltas.find((delta) => delta.index === 0)).toMatchObject({ id: "call_fixed", function: { name: "apply_patch" } });
    expect(deltas.find((delta) => delta.index === 1)?.function.name).toBe("read_file");
    expect(chunksOf(events).at(-1)!.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("ends with finish_reason, usage and time_info on the last chunk (Cerebras style)", async () => {
    const text = "Hello there, this is a short reply.";
    const { events, done } = await streamScript({ steps: [{ type: "text", text }], ttftMs: 30 });
    const chunks = chunksOf(events);
    const last = chunks.at(-1)!;
    expect(done).toBe(true);
    expect(last.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === undefined && chunk.choices[0]?.finish_reason === undefined)).toBe(true);
    const promptTokens = countPromptTokens({ model: "gpt-oss-120b", messages: MESSAGES });
    expect(last.usage).toMatchObject({
      prompt_tokens: promptTokens,
      completion_tokens: tokenTotal(text),
      total_tokens: promptTokens + tokenTotal(text),
    });
    const timeInfo = last.time_info!;
    expect(timeInfo.prompt_time).toBeGreaterThanOrEqual(0.025);
    expect(timeInfo.completion_time).toBeGreaterThanOrEqual(0);
    expect(timeInfo.total_time).toBeGreaterThanOrEqual(timeInfo.prompt_time + timeInfo.completion_time);
    expect(timeInfo.created).toBeGreaterThan(1_600_000_000);
  });

  it("sends OpenAI's separate usage chunk when asked, and no usage without include_usage", async () => {
    const steps: Script["steps"] = [{ type: "text", text: "Hi." }];
    const separate = chunksOf((await streamScript({ steps, usageChunk: "separate", timeInfo: false })).events);
    expect(separate.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(separate.at(-2)!.usage).toBeUndefined();
    expect(separate.at(-1)!.choices).toEqual([]);
    expect(separate.at(-1)!.usage?.completion_tokens).toBe(tokenTotal("Hi."));
    expect(separate.every((chunk) => chunk.time_info === undefined)).toBe(true);

    const without = chunksOf((await streamScript({ steps }, { stream_options: undefined })).events);
    expect(without.every((chunk) => chunk.usage === undefined)).toBe(true);
    expect(without.at(-1)!.time_info).toBeDefined();
  });

  it("groups chunkTokens tokens per chunk and applies usage overrides", async () => {
    const text = "one two three four five six seven eight nine ten";
    const { events } = await streamScript({
      steps: [{ type: "text", text }],
      chunkTokens: 3,
      usage: { prompt_tokens: 1234, accepted_prediction_tokens: 7 },
    });
    const chunks = chunksOf(events);
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content !== undefined);
    expect(contentChunks).toHaveLength(Math.ceil(splitTokens(text).length / 3));
    expect(contentOf(chunks)).toBe(text);
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 1234, total_tokens: 1234 + tokenTotal(text) });
    expect(chunks.at(-1)!.usage?.completion_tokens_details.accepted_prediction_tokens).toBe(7);
  });

  it("cuts the reply at max_completion_tokens with finish_reason length", async () => {
    const text = " alpha".repeat(50);
    const { events } = await streamScript(
      { steps: [{ type: "text", text }, { type: "tool_call", name: "write_file", arguments: "{}" }] },
      { max_completion_tokens: 10 },
    );
    const chunks = chunksOf(events);
    expect(contentOf(chunks)).toBe(" alpha".repeat(10));
    expect(chunks.some((chunk) => chunk.choices[0]?.delta.tool_calls)).toBe(false);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("length");
    expect(chunks.at(-1)!.usage?.completion_tokens).toBe(10);
  });
});

describe("non-streaming", () => {
  it("answers one chat.completion with content, reasoning, tool calls, usage and time_info", async () => {
    server.upstream.enqueue({
      steps: [
        { type: "reasoning", text: "Plan." },
        { type: "text", text: "Héllo 👋" },
        { type: "tool_call", id: "call_1", name: "read_file", arguments: '{"path":"a.ts"}' },
      ],
    });
    const response = await chat(chatBody({ stream: false, stream_options: undefined }));
    expect(response.status).toBe(200);
    const completion = (await response.json()) as ChatCompletion;
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]).toMatchObject({
      finish_reason: "tool_calls",
      message: {
        role: "assistant",
        content: "Héllo 👋",
        reasoning: "Plan.",
        tool_calls: [{ id: "call_1", type: "function", function: { name: "read_file", arguments: '{"path":"a.ts"}' } }],
      },
    });
    expect(completion.usage.completion_tokens).toBe(tokenTotal("Plan.") + tokenTotal("Héllo 👋") + tokenTotal('{"path":"a.ts"}'));
    expect(completion.time_info?.total_time).toBeGreaterThanOrEqual(0);
    expect(server.upstream.requests()[0]).toMatchObject({ stream: false, outcome: "complete", chunks: 0 });
  });

  it("maps stream faults onto the single response: error → 500, reset → body read fails", async () => {
    const nonStream = chatBody({ stream: false, stream_options: undefined });
    server.upstream.enqueue([
      { steps: [{ type: "text", text: "x" }], fault: { kind: "error_chunk", afterTokens: 0, message: "boom" } },
      { steps: [{ type: "text", text: "x" }], fault: { kind: "reset", afterChunks: 0 } },
    ]);
    const failed = await chat(nonStream);
    expect(failed.status).toBe(500);
    expect(((await failed.json()) as WireError).error.message).toBe("boom");
    const reset = await chat(nonStream);
    await expect(reset.json()).rejects.toThrow();
    expect(server.upstream.requests().map((request) => request.outcome)).toEqual(["error_chunk", "reset"]);
  });
});

describe("models", () => {
  it("lists the configured models and follows /__control/models", async () => {
    const before = (await (await fetch(`${server.baseURL}/models`)).json()) as { object: string; data: { id: string; owned_by: string; object: string }[] };
    expect(before.object).toBe("list");
    expect(before.data.map((model) => model.id)).toEqual(["gpt-oss-120b", "wafer-demo"]);
    expect(before.data.every((model) => model.object === "model" && model.owned_by.length > 0)).toBe(true);

    expect((await post("/__control/models", { models: [{ id: "zai-glm-4.6", owned_by: "Zhipu" }] })).status).toBe(200);
    const after = (await (await fetch(`${server.baseURL}/models`)).json()) as { data: { id: string }[] };
    expect(after.data.map((model) => model.id)).toEqual(["zai-glm-4.6"]);
  });
  it("refuses prediction with tools (400, OpenAI error body) once /__control/prediction-with-tools says so, without taking a script", async () => {
    const tools = [{ type: "function", function: { name: "read_file", parameters: { type: "object" } } }];
    const prediction = { type: "content", content: "const a = 1;" };
    server.upstream.enqueue({ steps: [{ type: "text", text: "ok" }] });
    expect((await post("/__control/prediction-with-tools", { refuse: true })).status).toBe(200);
    const refused = await chat({ ...chatBody(), tools, prediction });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as WireError).error).toMatchObject({ type: "invalid_request_error", code: "unsupported_parameter" });
    // Either alone is served, by the script the refusal left queued.
    const served = await chat({ ...chatBody(), tools });
    expect(served.status).toBe(200);
    await served.text();
    expect(server.upstream.requests().map((r) => [r.status, r.scriptSource])).toEqual([
      [400, "refused"],
      [200, "queue"],
    ]);
    expect((await post("/__control/prediction-with-tools", { refuse: null })).status).toBe(200);
    const allowed = await chat({ ...chatBody(), tools, prediction });
    expect(allowed.status).toBe(200);
    await allowed.text();
  });
});

describe("faults", () => {
  it("answers 401 with an OpenAI error body", async () => {
    server.upstream.enqueue({ steps: [], fault: { kind: "http", status: 401 } });
    const response = await chat(chatBody());
    expect(response.status).toBe(401);
    const body = (await response.json()) as WireError;
    expect(body.error).toMatchObject({ message: "Wrong API Key", type: "authentication_error", code: "wrong_api_key" });
    expect(server.upstream.requests()[0]).toMatchObject({ status: 401, outcome: "http_error", firstByteAt: null });
  });

  it("answers 429 with a Retry-After header", async () => {
    server.upstream.enqueue({ steps: [], fault: { kind: "http", status: 429, retryAfter: 17, message: "Slow down" } });
    const response = await chat(chatBody());
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("17");
    expect(((await response.json()) as WireError).error.message).toBe("Slow down");
  });

  it("answers 500, then serves the next request normally", async () => {
    server.upstream.enqueue([{ steps: [], fault: { kind: "http", status: 500 } }, { steps: [{ type: "text", text: "ok" }] }]);
    expect((await chat(chatBody())).status).toBe(500);
    const second = await chat(chatBody());
    expect(contentOf(chunksOf(parseSse(await second.text()).events))).toBe("ok");
  });

  it("sends an error object mid-stream after N tokens, then closes without [DONE]", async () => {
    const text = " one two three four five six seven eight";
    const { events, done } = await streamScript({
      steps: [{ type: "text", text }],
      fault: { kind: "error_chunk", afterTokens: 3, message: "Model crashed" },
    });
    const last = events.at(-1)!;
    expect(last).toEqual({ error: { message: "Model crashed", type: "server_error", param: null, code: "internal_error" } });
    expect(contentOf(chunksOf(events))).toBe(" one two three");
    expect(done).toBe(false);
    expect(server.upstream.requests()[0]).toMatchObject({ outcome: "error_chunk", tokensSent: 3, aborted: false });
  });

  it("resets the connection after N chunks: the body read rejects", async () => {
    server.upstream.enqueue({ steps: [{ type: "text", text: " a b c d e f g h i j" }], rate: 200, fault: { kind: "reset", afterChunks: 4 } });
    const response = await chat(chatBody());
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let failure: unknown = null;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    const received = parseSse(text);
    expect(received.done).toBe(false);
    expect(chunksOf(received.events)).toHaveLength(4);
    expect(contentOf(chunksOf(received.events))).toBe(" a b c");
    const record = server.upstream.requests()[0]!;
    expect(record).toMatchObject({ outcome: "reset", chunks: 4, tokensSent: 3, aborted: false });
  });

  it.each([
    ["crlf", "\r\n"],
    ["cr", "\r"],
  ] as const)("frames events with %s line ends when asked, the same events otherwise", async (framing, eol) => {
    server.upstream.enqueue([{ steps: [{ type: "text", text: "one two" }] }, { steps: [{ type: "text", text: "one two" }], framing }]);
    const lf = await (await chat(chatBody())).text();
    const framed = await (await chat(chatBody())).text();
    expect(framed).not.toMatch(eol === "\r" ? /\n/ : /(^|[^\r])\n/);
    expect(framed.split(eol + eol).length).toBe(lf.split("\n\n").length);
  });

  it("sends one event whose data is not JSON, then goes on", async () => {
    server.upstream.enqueue({ steps: [{ type: "text", text: "a b c" }], fault: { kind: "malformed", afterChunks: 2 } });
    const text = await (await chat(chatBody())).text();
    const blocks = text.split("\n\n").filter(Boolean);
    expect(blocks[2]).toMatch(/^data: \{"id":"broken"/);
    expect(() => JSON.parse(blocks[2]!.slice(6))).toThrow();
    expect(blocks.at(-1)).toBe("data: [DONE]");
  });

  it("stalls for the scripted time and then finishes", async () => {
    const text = " one two three four five six";
    const started = performance.now();
    const { events, done } = await streamScript({ steps: [{ type: "text", text }], fault: { kind: "stall", afterTokens: 2, ms: 300 } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(contentOf(chunksOf(events))).toBe(text);
    expect(done).toBe(true);
    const record = server.upstream.requests()[0]!;
    expect(record.lastByteAt!.mono - record.firstByteAt!.mono).toBeGreaterThanOrEqual(290);
  });

  it("stalls forever without ms until the client gives up, which is recorded as an abort", async () => {
    server.upstream.enqueue({ steps: [{ type: "text", text: " one two three four five" }], fault: { kind: "stall", afterTokens: 2 } });
    const controller = new AbortController();
    const response = await chat(chatBody(), { signal: controller.signal });
    const text = await readUntil(response, (sofar) => contentOf(chunksOf(parseSse(sofar).events)) === " one two");
    expect(contentOf(chunksOf(parseSse(text).events))).toBe(" one two");
    controller.abort();
    const aborted = await server.upstream.waitForAbort(undefined, 2_000);
    expect(aborted).toMatchObject({ outcome: "aborted", tokensSent: 2 });
  });
});

describe("pacing", () => {
  it("holds the requested rate: 2,000 tokens at 2,000 tok/s take at least 0.9 s", async () => {
    const text = " token".repeat(2000);
    expect(tokenTotal(text)).toBe(2000);
    const started = performance.now();
    const { events } = await streamScript({ steps: [{ type: "text", text }], rate: 2000 });
    const elapsed = performance.now() - started;
    expect(contentOf(chunksOf(events))).toBe(text);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    const record = server.upstream.requests()[0]!;
    expect(record.lastByteAt!.mono - record.firstByteAt!.mono).toBeGreaterThanOrEqual(900);
  });

  it("waits ttftMs before the first byte", async () => {
    await streamScript({ steps: [{ type: "text", text: "hi" }], ttftMs: 150 });
    const record = server.upstream.requests()[0]!;
    expect(record.firstByteAt!.mono - record.receivedAt.mono).toBeGreaterThanOrEqual(145);
  });
});

describe("abort", () => {
  it("records a client abort and stops the producer", async () => {
    server.upstream.enqueue({ steps: [{ type: "text", text: " word".repeat(5000) }], rate: 1000 });
    const controller = new AbortController();
    const response = await chat(chatBody(), { signal: controller.signal });
    await readUntil(response, (sofar) => sofar.split("\n\n").length > 30);
    controller.abort();
    const record = await server.upstream.waitForAbort(undefined, 2_000);
    expect(record.aborted).toBe(true);
    expect(record.outcome).toBe("aborted");
    const sentAtAbort = record.tokensSent;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(record.tokensSent).toBe(sentAtAbort);
    expect(sentAtAbort).toBeLessThan(1000);
    expect(record.endedAt).not.toBeNull();
  });

  it("does not call a completed stream aborted", async () => {
    await streamScript({ steps: [{ type: "text", text: "done" }] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.upstream.requests()[0]).toMatchObject({ outcome: "complete", aborted: false });
  });
});

describe("recording and control routes", () => {
  it("records the body, headers of interest and byte timings", async () => {
    server.upstream.enqueue({ steps: [{ type: "text", text: "ok" }] });
    const body = chatBody({
      max_completion_tokens: 4096,
      reasoning_effort: "low",
      prediction: { type: "content", content: "old file" },
      tools: [{ type: "function", function: { name: "apply_patch", parameters: { type: "object" } } }],
    });
    const response = await chat(body, { headers: { "content-type": "application/json", authorization: "Bearer secret-key" } });
    await response.text();
    const record = await server.upstream.waitForRequest((request) => request.outcome === "complete");
    expect(record.body).toMatchObject({
      max_completion_tokens: 4096,
      reasoning_effort: "low",
      prediction: { type: "content", content: "old file" },
      stream_options: { include_usage: true },
    });
    expect(record.body.tools?.[0]?.function.name).toBe("apply_patch");
    expect(record.headers.authorization).toBe(true);
    expect(JSON.stringify(record)).not.toContain("secret-key");
    expect(record.promptTokens).toBe(countPromptTokens(record.body));
    expect(record.firstByteAt!.mono).toBeGreaterThanOrEqual(record.receivedAt.mono);
    expect(record.lastByteAt!.mono).toBeGreaterThanOrEqual(record.firstByteAt!.mono);
    expect(record.lastByteAt!.wall - record.lastByteAt!.mono).toBeCloseTo(performance.timeOrigin, 0);
    expect(record.chunks).toBe(3);
    expect(record.tokensSent).toBe(1);
  });

  it("routes model-specific scripts first, then the shared queue, then the default", async () => {
    const script = (text: string): Script => ({ steps: [{ type: "text", text }] });
    expect((await post("/__control/scripts", { scripts: [script("shared")] })).status).toBe(200);
    expect((await post("/__control/scripts", { scripts: [script("for-demo")], model: "wafer-demo" })).status).toBe(200);
    const reply = async (model: string) => contentOf(chunksOf(parseSse(await (await chat(chatBody({ model }))).text()).events));
    expect(await reply("gpt-oss-120b")).toBe("shared");
    expect(await reply("wafer-demo")).toBe("for-demo");
    expect(await reply("gpt-oss-120b")).toMatch(/scripted upstream/);

    expect((await post("/__control/default", { script: script("new default") })).status).toBe(200);
    expect(await reply("gpt-oss-120b")).toBe("new default");

    // seq keeps counting across resets, so pollers using ?since never see a number twice.
    const since = server.upstream.requests()[1]!.seq;
    const listed = (await (await fetch(`${server.url}/__control/requests?since=${since}`)).json()) as { requests: { seq: number; scriptSource: string }[] };
    expect(listed.requests.map((request) => request.scriptSource)).toEqual(["default", "default"]);
    expect(listed.requests.every((request) => request.seq > since)).toBe(true);
    // The newest only, or every request's stamps without its body (a long prompt is hundreds of KB).
    const last = (await (await fetch(`${server.url}/__control/requests?last=1`)).json()) as { requests: { seq: number; body: unknown }[] };
    expect(last.requests.map((request) => request.seq)).toEqual([server.upstream.requests().at(-1)!.seq]);
    expect(last.requests[0]!.body).toMatchObject({ model: "gpt-oss-120b" });
    type Timing = { body?: unknown; receivedAt: { wall: number }; bodyAt: { wall: number }; firstByteAt: { wall: number } };
    const timings = ((await (await fetch(`${server.url}/__control/requests?bodies=0`)).json()) as { requests: Timing[] }).requests;
    expect(timings).toHaveLength(server.upstream.requests().length);
    for (const timing of timings) {
      expect(timing.body).toBeUndefined();
      expect(timing.bodyAt.wall).toBeGreaterThanOrEqual(timing.receivedAt.wall);
      expect(timing.firstByteAt.wall).toBeGreaterThanOrEqual(timing.bodyAt.wall);
    }

    expect((await post("/__control/reset", {})).status).toBe(200);
    expect(server.upstream.requests()).toHaveLength(0);
    expect(await reply("gpt-oss-120b")).toMatch(/scripted upstream/);
  });

  it("rejects invalid scripts and request bodies with 400", async () => {
    const badScript = await post("/__control/scripts", { scripts: [{ steps: [{ type: "text" }] }] });
    expect(badScript.status).toBe(400);
    expect(((await badScript.json()) as WireError).error.message).toMatch(/text/);
    expect((await post("/__control/scripts", { scripts: [{ steps: [], rate: -1 }] })).status).toBe(400);
    expect((await chat({ messages: [] })).status).toBe(400);
    expect((await post("/v1/chat/completions", "not json", { body: "{" })).status).toBe(400);
  });

  it("answers a tool result with a short summary by default so tool loops end", async () => {
    const messages = [
      ...MESSAGES,
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "read_file", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "c1", content: "file text" },
    ];
    const { events } = parseSse(await (await chat(chatBody({ messages }))).text());
    const chunks = chunksOf(events);
    expect(contentOf(chunks)).toMatch(/tool result/);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
  });
});

describe("options", () => {
  it("close() ends open streams instead of waiting for them", async () => {
    const own = await startUpstreamServer();
    own.upstream.enqueue({ steps: [{ type: "text", text: " a b c" }], fault: { kind: "stall", afterTokens: 1 } });
    const response = await fetch(`${own.baseURL}/chat/completions`, { method: "POST", body: JSON.stringify(chatBody()) });
    await readUntil(response, (sofar) => sofar.includes('"content"'));
    await own.close();
    expect(await own.upstream.waitForAbort(undefined, 2_000)).toMatchObject({ outcome: "aborted", tokensSent: 1 });
  });

  it("requires the API key when one is configured, and hides control routes when asked", async () => {
    const locked = await startUpstreamServer({ apiKey: "k-123", controlRoutes: false });
    try {
      const unauthorized = await fetch(`${locked.baseURL}/models`);
      expect(unauthorized.status).toBe(401);
      const ok = await fetch(`${locked.baseURL}/models`, { headers: { authorization: "Bearer k-123" } });
      expect(ok.status).toBe(200);
      const control = await fetch(`${locked.url}/__control/requests`);
      expect(control.status).toBe(404);
    } finally {
      await locked.close();
    }
  });
});
