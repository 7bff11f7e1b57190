import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { ContentBlockSplitter } from "@/lib/edits/content-blocks";

import { startUpstreamServer, type UpstreamServer } from "./node";
import type { Script } from "./schema";
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

async function play(extra: Record<string, unknown> = {}): Promise<{ chunks: ChatCompletionChunk[]; times: number[] }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "go" }], stream: true, stream_options: { include_usage: true }, ...extra }),
  });
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

const argDeltas = (chunks: ChatCompletionChunk[]) => chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).filter((t) => t.function.arguments);

describe("tool-call modes", () => {
  it("progressive streams the arguments in many deltas", async () => {
    server.upstream.enqueue(editScript);
    const { chunks } = await play();
    expect(argDeltas(chunks).length).toBeGreaterThan(10);
    expect(argDeltas(chunks).map((d) => d.function.arguments).join("")).toBe(JSON.stringify({ patch }));
  });

  it("buffered sends each call whole, with its name, in one delta after its writing time", async () => {
    server.upstream.enqueue({ ...editScript, rate: 200 });
    server.upstream.setToolCallMode("buffered");
    const { chunks, times } = await play();
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

  it("models Predicted Outputs: predicted lines count as accepted and stream faster", async () => {
    const file = Array.from({ length: 200 }, (_, i) => `line ${i} of the file`).join("\n") + "\n";
    const changed = file.replace("line 7 of the file", "line seven, rewritten");
    const script: Script = { steps: [{ type: "text", text: changed }], rate: 4000 };
    server.upstream.enqueue(script);
    const plain = await play();
    server.upstream.enqueue(script);
    const predicted = await play({ prediction: { type: "content", content: file } });
    const usage = predicted.chunks.at(-1)?.usage;
    expect(usage?.completion_tokens_details.accepted_prediction_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens_details.rejected_prediction_tokens).toBeGreaterThan(0);
    expect(plain.chunks.at(-1)?.usage?.completion_tokens_details.accepted_prediction_tokens).toBe(0);
    expect(predicted.times.at(-1)!).toBeLessThan(plain.times.at(-1)! * 0.6);
  });
});
