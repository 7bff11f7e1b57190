import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { stepCountIs, streamText, tool } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { DEMO_MODEL_ID } from "@/lib/ai/catalog";

import { startUpstreamServer, type UpstreamServer } from "./node";

// Drives the upstream with the exact client Wafer uses, so the wire format is proven on the real parsing paths.

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

function model(id = "gpt-oss-120b") {
  return createOpenAICompatible({ baseURL: server.baseURL, name: "test", includeUsage: true })(id);
}

const patchTool = tool({ description: "Apply a Codex patch", inputSchema: z.object({ patch: z.string() }) });

describe("AI SDK (ai 6 + @ai-sdk/openai-compatible 2)", () => {
  it("receives reasoning, text, tool-input deltas, the tool call, usage and raw time_info", async () => {
    const text = "Sure — here is the change 🚀.";
    const args = JSON.stringify({ patch: "*** Begin Patch\n*** Update File: a.ts\n@@\n-a\n+b\n*** End Patch\n" });
    server.upstream.enqueue({
      steps: [
        { type: "reasoning", text: "The user wants an edit." },
        { type: "text", text },
        { type: "tool_call", id: "call_abc", name: "apply_patch", arguments: args },
      ],
      rate: 5000,
    });
    const result = streamText({
      model: model(),
      prompt: "Edit a.ts",
      tools: { apply_patch: patchTool },
      maxRetries: 0,
      includeRawChunks: true,
    });

    let reasoning = "";
    let streamed = "";
    let toolInput = "";
    const toolStarts: string[] = [];
    const toolCalls: { toolCallId: string; toolName: string; input: unknown }[] = [];
    const rawTimeInfo: unknown[] = [];
    let finish: { finishReason: string; inputTokens?: number; outputTokens?: number; reasoningTokens?: number } | null = null;
    for await (const part of result.fullStream) {
      if (part.type === "reasoning-delta") reasoning += part.text;
      else if (part.type === "text-delta") streamed += part.text;
      else if (part.type === "tool-input-start") toolStarts.push(part.toolName);
      else if (part.type === "tool-input-delta") toolInput += part.delta;
      else if (part.type === "tool-call") toolCalls.push({ toolCallId: part.toolCallId, toolName: part.toolName, input: part.input });
      else if (part.type === "raw") {
        const raw = part.rawValue as { time_info?: unknown };
        if (raw.time_info) rawTimeInfo.push(raw.time_info);
      } else if (part.type === "error") throw part.error;
      else if (part.type === "finish") {
        finish = {
          finishReason: part.finishReason,
          inputTokens: part.totalUsage.inputTokens,
          outputTokens: part.totalUsage.outputTokens,
          reasoningTokens: part.totalUsage.outputTokenDetails.reasoningTokens,
        };
      }
    }

    expect(reasoning).toBe("The user wants an edit.");
    expect(streamed).toBe(text);
    expect(toolStarts).toEqual(["apply_patch"]);
    expect(toolInput).toBe(args);
    expect(toolCalls).toEqual([{ toolCallId: "call_abc", toolName: "apply_patch", input: JSON.parse(args) }]);
    expect(rawTimeInfo).toHaveLength(1);
    expect(rawTimeInfo[0]).toMatchObject({ completion_time: expect.any(Number), total_time: expect.any(Number) });

    const record = server.upstream.requests()[0]!;
    expect(finish).not.toBeNull();
    expect(finish!.finishReason).toBe("tool-calls");
    expect(finish!.inputTokens).toBe(record.promptTokens);
    expect(finish!.outputTokens).toBe(record.tokensSent);
    expect(finish!.reasoningTokens).toBeGreaterThan(0);
    expect(record.body.stream_options?.include_usage).toBe(true);
    expect(record.body.tools?.map((t) => t.function.name)).toEqual(["apply_patch"]);
  });

  it("surfaces a mid-stream error chunk as an error part", async () => {
    server.upstream.enqueue({
      steps: [{ type: "text", text: " partial answer that breaks" }],
      fault: { kind: "error_chunk", afterTokens: 2, message: "Upstream overloaded" },
    });
    const result = streamText({ model: model(), prompt: "hi", maxRetries: 0, onError: () => undefined });
    let streamed = "";
    const errors: unknown[] = [];
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") streamed += part.text;
      if (part.type === "error") errors.push(part.error);
    }
    expect(streamed).toBe(" partial answer");
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain("Upstream overloaded");
  });

  it("aborting streamText closes the upstream connection", async () => {
    server.upstream.enqueue({ steps: [{ type: "text", text: " word".repeat(3000) }], rate: 1000 });
    const controller = new AbortController();
    const result = streamText({ model: model(), prompt: "hi", maxRetries: 0, abortSignal: controller.signal });
    let deltas = 0;
    try {
      for await (const part of result.fullStream) {
        if (part.type === "text-delta" && ++deltas === 20) controller.abort();
      }
    } catch {
      // An abort may surface as a thrown AbortError depending on timing; the upstream record is the proof.
    }
    const record = await server.upstream.waitForAbort(undefined, 2_000);
    expect(record.tokensSent).toBeLessThan(3000);
  });

  it("runs the offline demo model through a two-step tool loop that ends with a summary", async () => {
    const applied: string[] = [];
    const result = streamText({
      model: model(DEMO_MODEL_ID),
      system: '<file path="src/app.ts" active="true">\nexport const answer = 42;\n</file>',
      prompt: "Explain this file",
      tools: {
        apply_patch: tool({
          inputSchema: z.object({ patch: z.string() }),
          execute: async ({ patch }) => {
            applied.push(patch);
            return "applied";
          },
        }),
      },
      stopWhen: stepCountIs(4),
      maxRetries: 0,
    });
    const text = await result.text;
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(applied).toEqual([
      "*** Begin Patch\n*** Update File: src/app.ts\n@@\n-export const answer = 42;\n+// TODO (Wafer offline demo, scripted): Explain this file\n+export const answer = 42;\n*** End Patch\n",
    ]);
    expect(steps[0]!.text).toMatch(/Demo model \(offline\)/);
    expect(text).toMatch(/^Offline demo: .*src\/app\.ts/);
    expect(server.upstream.requests().map((request) => request.outcome)).toEqual(["complete", "complete"]);
  });
});
