import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { ContentBlockSplitter } from "@/lib/edits/content-blocks";

import { startUpstreamServer, type UpstreamServer } from "./node";
import { DEFAULT_PREDICTION_SPEEDUP, type Script } from "./schema";
import type { ChatCompletionChunk } from "./wire";

let server: UpstreamServer;
beforeAll(async () => {
  server = await startUpstreamServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.upstream.reset());

const patch = "*** Begin Patch\n*** Update File: a.ts\n@@\n-const a = 1;\n+const a = 2;\n*** End Patch";
const editScript: Script = {
  steps: [
    { type: "text", text: "Changing a." },
    { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch }) },
  ],
};

/** Over HTTP by default; `send` may be the upstream's own handler instead, to stream in-process. */
async function play(
  extra: Record<string, unknown> = {},
  send: (request: Request) => Promise<Response> = fetch,
): Promise<{ chunks: ChatCompletionChunk[]; times: number[] }> {
  const started = performance.now();
  const response = await send(
    new Request(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "go" }], stream: true, stream_options: { include_usage: true }, ...extra }),
    }),
  );
  const chunks: ChatCompletionChunk[] = [];
  const times: number[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const bytes = read.value;
    buffer += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const data = buffer.slice(6, end);
      buffer = buffer.slice(end + 2);
      if (data !== "[DONE]") {
        chunks.push(JSON.parse(data) as ChatCompletionChunk);
        times.push(performance.now() - started);
      }
    }
  }
  return { chunks, times };
}

/** Plays `script` in-process on a fake clock: the pacing alone decides when each chunk leaves, not the machine's load. */
async function playOnFakeClock(script: Script, extra: Record<string, unknown> = {}): Promise<{ chunks: ChatCompletionChunk[]; times: number[] }> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  try {
    server.upstream.enqueue(script);
    const playing = play(extra, server.upstream.handle);
    await vi.advanceTimersByTimeAsync(10_000);
    return await playing;
  } finally {
    vi.useRealTimers();
  }
}

const argDeltas = (chunks: ChatCompletionChunk[]) => chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).filter((t) => t.function.arguments);

describe("tool-call modes", () => {
  it("progressive streams the arguments in many deltas", async () => {
    server.upstream.enqueue(editScript);
    const { chunks } = await play();
    expect(argDeltas(chunks).length).toBeGreaterThan(10);
    expect(argDeltas(chunks).map((d) => d.function.arguments).join("")).toBe(JSON.stringify({ patch }));
  });

  it("buffered sends each call whole, with its name, in one delta after its writing time", async () => {
    server.upstream.setToolCallMode("buffered");
    const { chunks, times } = await playOnFakeClock({ ...editScript, rate: 200 });
    const deltas = argDeltas(chunks);
    expect(deltas).toHaveLength(1);
    expect(deltas[0]).toMatchObject({ id: expect.any(String), function: { name: "apply_patch", arguments: JSON.stringify({ patch }) } });
    const at = chunks.findIndex((c) => c.choices[0]?.delta.tool_calls);
    // ~40 argument tokens at 200 tok/s: the call arrives after the text, not with it.
    expect(times[at]! - times[1]!).toBeGreaterThan(100);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("content-only writes the edit as a patch block in the answer and calls no tool", async () => {
    server.upstream.enqueue({ ...editScript, toolCallMode: "content" });
    const { chunks } = await play();
    expect(argDeltas(chunks)).toHaveLength(0);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    const splitter = new ContentBlockSplitter();
    const events = [...splitter.push(text), ...splitter.finish()];
    expect(events.filter((e) => e.type === "block-delta").map((e) => (e as { text: string }).text).join("")).toBe(patch);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("models Predicted Outputs: predicted lines count as accepted and stream faster, each at 1/predictionSpeedup of a token's time", async () => {
    const file = Array.from({ length: 200 }, (_, i) => `line ${i} of the file`).join("\n") + "\n";
    const changed = file.replace("line 7 of the file", "line seven, rewritten");
    const rate = 4000;
    const script: Script = { steps: [{ type: "text", text: changed }], rate };
    const plain = await playOnFakeClock(script);
    const predicted = await playOnFakeClock(script, { prediction: { type: "content", content: file } });
    const usage = predicted.chunks.at(-1)!.usage!;
    const accepted = usage.completion_tokens_details.accepted_prediction_tokens;
    expect(accepted).toBeGreaterThan(0);
    expect(usage.completion_tokens_details.rejected_prediction_tokens).toBeGreaterThan(0);
    expect(plain.chunks.at(-1)?.usage?.completion_tokens_details.accepted_prediction_tokens).toBe(0);
    // Paced on token-times: the last is due at (total cost − 1) / rate, woken on the next whole fake ms.
    const lastLeavesAt = (cost: number) => Math.ceil(((cost - 1) * 1000) / rate);
    expect(plain.times.at(-1)).toBe(lastLeavesAt(usage.completion_tokens));
    expect(predicted.times.at(-1)).toBe(lastLeavesAt(usage.completion_tokens - accepted + accepted / DEFAULT_PREDICTION_SPEEDUP));
  });
});
