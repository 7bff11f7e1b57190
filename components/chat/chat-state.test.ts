import { describe, expect, it } from "vitest";

import type { ChatMessage } from "@/lib/chat/messages";

import { observedToolStream } from "./chat-state";

const message = (id: string, model: string, toolStream: "progressive" | "buffered" | null): ChatMessage => ({
  id,
  role: "assistant",
  parts: [],
  status: "complete",
  model,
  metrics: { ttftMs: 1, tokensPerSecond: 1, inputTokens: 1, outputTokens: 1, generationMs: 1, steps: 1, toolStream },
  createdAt: "2026-01-01T00:00:00Z",
});

describe("observedToolStream", () => {
  it("is the latest verdict a turn of that model reported in this session", () => {
    const messages = { a: message("a", "m", "progressive"), b: message("b", "other", "buffered"), c: message("c", "m", "buffered"), d: message("d", "m", null) };
    expect(observedToolStream({ order: ["a", "b", "c", "d"], messages }, "m")).toBe("buffered");
    expect(observedToolStream({ order: ["c", "a"], messages }, "m")).toBe("progressive");
    expect(observedToolStream({ order: ["a", "b"], messages }, "none")).toBeNull();
  });
});
