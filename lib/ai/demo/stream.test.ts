import { jsonSchema, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";

import { DEMO_MODEL_ID } from "@/lib/ai/catalog";
import { demoEndpoint, turnModel, type ByteClock } from "@/lib/ai/provider";

const activeFile = '<file path="src/a.ts" active="true">\nconst a = 1;\n</file>';

describe("the demo model, through the product's provider", () => {
  it("streams its scripted reply with the same provider and SSE parsing as a real model, clocking the bytes after `before`", async () => {
    const clock: ByteClock = { firstByteAt: null, lastByteAt: null };
    let storedAt = 0;
    const before = new Promise<void>((resolve) => setTimeout(() => resolve(void (storedAt = Date.now())), 30));
    const result = streamText({ model: turnModel(demoEndpoint, DEMO_MODEL_ID, clock, { before }), prompt: "What is a monad?", maxRetries: 0 });
    const text = await result.text;
    expect(text).toContain("**Demo model (offline).**");
    expect(text).toContain("CEREBRAS_API_KEY");
    expect(await result.reasoningText).toMatch(/Offline demo/);
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBeGreaterThan(10);
    expect(clock.firstByteAt).not.toBeNull();
    expect(clock.firstByteAt!).toBeGreaterThanOrEqual(storedAt);
    expect(clock.lastByteAt!).toBeGreaterThanOrEqual(clock.firstByteAt!);
  });

  it("calls apply_patch on the active file when it may", async () => {
    const clock: ByteClock = { firstByteAt: null, lastByteAt: null };
    const result = streamText({
      model: turnModel(demoEndpoint, DEMO_MODEL_ID, clock),
      messages: [{ role: "user", content: `${activeFile}\nAdd a comment` }],
      tools: { apply_patch: tool({ description: "patch", inputSchema: jsonSchema<{ patch: string }>({ type: "object", properties: { patch: { type: "string" } } }) }) },
      maxRetries: 0,
    });
    const calls = await result.toolCalls;
    expect(await result.finishReason).toBe("tool-calls");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.toolName).toBe("apply_patch");
    expect((calls[0]!.input as { patch: string }).patch).toContain("*** Update File: src/a.ts\n@@\n-const a = 1;\n+// TODO (Wafer offline demo, scripted): Add a comment");
  });

  it("keeps each turn's clock to itself when turns overlap", async () => {
    const clocks = [0, 1].map((): ByteClock => ({ firstByteAt: null, lastByteAt: null }));
    const gate = new Promise<void>((resolve) => setTimeout(resolve, 50));
    const [late, early] = clocks.map((clock, i) => streamText({ model: turnModel(demoEndpoint, DEMO_MODEL_ID, clock, { before: i === 0 ? gate : undefined }), prompt: "hi", maxRetries: 0 }));
    await Promise.all([late!.text, early!.text]);
    expect(clocks[1]!.firstByteAt!).toBeLessThan(clocks[0]!.firstByteAt!);
  });
});
