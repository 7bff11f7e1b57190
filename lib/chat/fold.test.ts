import { describe, expect, it } from "vitest";

import type { ContextReport, UpstreamTiming } from "./contract";
import { TurnFold, type ChatChunk } from "./fold";
import type { TurnMetrics } from "./messages";
import type { EditProposal } from "./proposals";

const report: ContextReport = {
  limit: 131_072,
  reservedForOutput: 16_384,
  used: 1234,
  trimmed: false,
  items: [{ kind: "system", label: "Instructions and tools", tokens: 1000, included: true }],
};
const metrics: TurnMetrics = { ttftMs: 80, tokensPerSecond: 2000, inputTokens: 1200, outputTokens: 40, generationMs: 20, steps: 2 };
const timing: UpstreamTiming = { requestStartedAt: 1, firstByteAt: 2, lastByteAt: 3 };
const patch = "*** Begin Patch\n*** Update File: src/a.ts\n@@\n-a\n+b\n*** End Patch";
const patchArgs = JSON.stringify({ patch });
const proposal: EditProposal = { toolCallId: "call_1", toolName: "apply_patch", files: [{ path: "src/a.ts", before: "a\n", after: "b\n", baseVersion: 3 }] };
const toolOutput = { ok: true, summary: "Proposed: update src/a.ts (+1 −1)", files: [{ path: "src/a.ts", change: "update", added: 1, removed: 1 }] };

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** A two-step turn as the chat route streams it: reasoning, text, an apply_patch call, more text. */
function editTurn(): ChatChunk[] {
  return [
    { type: "data-context", data: report },
    { type: "start", messageId: "m-1", messageMetadata: { model: "gpt-oss-120b", userMessageId: "u-1" } },
    { type: "start-step" },
    { type: "reasoning-start", id: "r" },
    { type: "reasoning-delta", id: "r", delta: "Think" },
    { type: "reasoning-delta", id: "r", delta: "ing." },
    { type: "reasoning-end", id: "r" },
    { type: "text-start", id: "t" },
    { type: "text-delta", id: "t", delta: "Changing " },
    { type: "text-delta", id: "t", delta: "the greeting." },
    { type: "text-end", id: "t" },
    { type: "tool-input-start", toolCallId: "call_1", toolName: "apply_patch" },
    ...pieces(patchArgs, 7).map((inputTextDelta): ChatChunk => ({ type: "tool-input-delta", toolCallId: "call_1", inputTextDelta })),
    { type: "tool-input-available", toolCallId: "call_1", toolName: "apply_patch", input: { patch } },
    { type: "data-proposal", id: "call_1", data: proposal },
    { type: "tool-output-available", toolCallId: "call_1", output: toolOutput },
    { type: "finish-step" },
    { type: "start-step" },
    { type: "text-start", id: "t2" },
    { type: "text-delta", id: "t2", delta: "Done." },
    { type: "text-end", id: "t2" },
    { type: "finish-step" },
    { type: "data-metrics", data: metrics },
    { type: "data-timing", data: timing },
    { type: "data-saved", data: { messageId: "m-1", status: "complete", error: null } },
    { type: "finish" },
  ];
}

function foldAll(chunks: ChatChunk[]): TurnFold {
  const fold = new TurnFold({ id: "pending", createdAt: "2026-01-01T00:00:00.000Z" });
  for (const chunk of chunks) fold.apply(chunk);
  return fold;
}

describe("TurnFold", () => {
  it("folds a multi-step edit turn into the message, its proposal, metrics and context", () => {
    const fold = foldAll(editTurn());
    fold.finalize("complete");
    const turn = fold.snapshot();
    expect(turn.message).toEqual({
      id: "m-1",
      role: "assistant",
      status: "complete",
      model: "gpt-oss-120b",
      metrics,
      error: null,
      proposals: [proposal],
      createdAt: "2026-01-01T00:00:00.000Z",
      parts: [
        { type: "reasoning", text: "Thinking." },
        { type: "text", text: "Changing the greeting." },
        { type: "tool", toolCallId: "call_1", toolName: "apply_patch", input: { patch }, state: "output-available", output: toolOutput },
        { type: "step-start" },
        { type: "text", text: "Done." },
      ],
    });
    expect(turn).toMatchObject({ userMessageId: "u-1", context: report, timing, saved: { status: "complete" }, ended: true });
    expect(turn.outputChars).toBe("Thinking.".length + "Changing the greeting.".length + patchArgs.length + "Done.".length);
    expect(turn.toolProgress.call_1).toEqual({ chars: patchArgs.length, lines: 5, target: "src/a.ts" });
  });

  it("replaces only the parts a chunk changed, and snapshots are reused until something changes", () => {
    const fold = foldAll(editTurn().slice(0, 20));
    const before = fold.snapshot();
    expect(fold.snapshot()).toBe(before);
    fold.apply({ type: "tool-input-delta", toolCallId: "call_1", inputTextDelta: " " });
    const after = fold.snapshot();
    expect(after).not.toBe(before);
    // Tool input is counted, not stored: the message keeps its identity, only the progress changed.
    expect(after.message).toBe(before.message);
    expect(after.toolProgress.call_1).not.toBe(before.toolProgress.call_1);
    expect(after.outputChars).toBe(before.outputChars + 1);

    fold.apply({ type: "text-delta", id: "t3", delta: "More" });
    const grown = fold.snapshot();
    expect(grown.message).not.toBe(after.message);
    expect(grown.message.parts.slice(0, -1).every((part, i) => part === after.message.parts[i])).toBe(true);
    expect(grown.message.parts.at(-1)).toEqual({ type: "text", text: "More" });

    fold.apply({ type: "data-timing", data: timing });
    expect(fold.snapshot().message).toBe(grown.message);
    fold.apply({ type: "data-metrics", data: { ...metrics } });
    expect(fold.snapshot().message).not.toBe(grown.message);
    const measured = fold.snapshot().message;
    fold.finalize("stopped");
    expect(fold.snapshot().message).not.toBe(measured);
    expect(fold.snapshot().message.status).toBe("stopped");
  });

  it("counts lines and finds the target of streamed tool input however the deltas are split", () => {
    const content = Array.from({ length: 50 }, (_, i) => `line ${i} with a literal \\n that is not a newline`).join("\n") + "\n";
    const raw = JSON.stringify({ path: "src/long.ts", content });
    for (let cut = 0; cut <= raw.length; cut++) {
      const fold = new TurnFold({ id: "m" });
      fold.apply({ type: "tool-input-start", toolCallId: "c", toolName: "write_file" });
      fold.apply({ type: "tool-input-delta", toolCallId: "c", inputTextDelta: raw.slice(0, cut) });
      fold.apply({ type: "tool-input-delta", toolCallId: "c", inputTextDelta: raw.slice(cut) });
      expect(fold.snapshot().toolProgress.c).toEqual({ chars: raw.length, lines: 50, target: "src/long.ts" });
    }
    for (let cut = 0; cut <= patchArgs.length; cut++) {
      const fold = new TurnFold({ id: "m" });
      fold.apply({ type: "tool-input-start", toolCallId: "c", toolName: "apply_patch" });
      fold.apply({ type: "tool-input-delta", toolCallId: "c", inputTextDelta: patchArgs.slice(0, cut) });
      // Until the path's line has ended, a half-written path is never reported.
      if (cut < patchArgs.indexOf("src/a.ts") + "src/a.ts".length + 1) expect(fold.snapshot().toolProgress.c?.target).toBeNull();
      fold.apply({ type: "tool-input-delta", toolCallId: "c", inputTextDelta: patchArgs.slice(cut) });
      expect(fold.snapshot().toolProgress.c?.target).toBe("src/a.ts");
    }
  });

  it("keeps the partial answer of a turn that failed mid-stream, with the saved error and retry time", () => {
    const fold = foldAll([
      { type: "start", messageId: "m-2", messageMetadata: { model: "gpt-oss-120b", userMessageId: "u-2" } },
      { type: "start-step" },
      { type: "text-delta", id: "t", delta: "Half an ans" },
      { type: "error", errorText: "The model provider is rate-limiting requests; try again in 17 s." },
    ]);
    expect(fold.snapshot().message).toMatchObject({ status: "failed", error: { message: expect.stringContaining("rate-limiting") } });
    fold.apply({
      type: "data-saved",
      data: { messageId: "m-2", status: "failed", error: { code: "rate_limit:model", message: "Rate limited.", retryAfterSeconds: 17 } },
    });
    fold.apply({ type: "finish" });
    fold.finalize("failed");
    const turn = fold.snapshot();
    expect(turn.errorText).toMatch(/rate-limiting/);
    expect(turn.message).toMatchObject({
      status: "failed",
      error: { code: "rate_limit:model", retryAfterSeconds: 17 },
      parts: [{ type: "text", text: "Half an ans" }],
    });
  });

  it("ends as stopped on an abort chunk, and marks unfinished tool calls interrupted", () => {
    const fold = foldAll([
      { type: "start", messageId: "m-3" },
      { type: "tool-input-start", toolCallId: "c", toolName: "write_file" },
      { type: "tool-input-delta", toolCallId: "c", inputTextDelta: '{"path":"a.ts","content":"x' },
      { type: "finish-step" },
      { type: "abort", reason: "user" },
    ]);
    expect(fold.snapshot().message.status).toBe("stopped");
    fold.finalize("stopped");
    expect(fold.snapshot().message.parts).toEqual([{ type: "tool", toolCallId: "c", toolName: "write_file", input: undefined, state: "interrupted" }]);
  });

  it("records invalid tool input and failed tools as errors, and tools that arrive without streamed input", () => {
    const fold = foldAll([
      { type: "tool-input-start", toolCallId: "bad", toolName: "write_file" },
      { type: "tool-input-error", toolCallId: "bad", toolName: "write_file", input: "{not json", errorText: "Invalid input." },
      { type: "tool-input-available", toolCallId: "whole", toolName: "read_file", input: { path: "a.ts" } },
      { type: "tool-output-error", toolCallId: "whole", errorText: "No such file." },
    ]);
    expect(fold.snapshot().message.parts).toEqual([
      { type: "tool", toolCallId: "bad", toolName: "write_file", input: "{not json", state: "output-error", errorText: "Invalid input." },
      { type: "tool", toolCallId: "whole", toolName: "read_file", input: { path: "a.ts" }, state: "output-error", errorText: "No such file." },
    ]);
  });

  it("lets the client's verdict stand only when the server never saved the turn", () => {
    const broken = foldAll([{ type: "start", messageId: "m-4" }, { type: "text-delta", id: "t", delta: "partial" }]);
    broken.finalize("failed", { code: "offline:chat", message: "The connection broke." });
    expect(broken.snapshot().message).toMatchObject({ status: "failed", error: { code: "offline:chat" } });

    const saved = foldAll([{ type: "start", messageId: "m-5" }, { type: "data-saved", data: { messageId: "m-5", status: "complete", error: null } }]);
    saved.finalize("stopped");
    expect(saved.snapshot().message).toMatchObject({ status: "complete", error: null });
  });
});
