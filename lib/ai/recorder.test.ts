import { describe, expect, it } from "vitest";

import { TurnRecorder } from "./recorder";

describe("TurnRecorder", () => {
  it("joins deltas into one part per run of text or reasoning", () => {
    const r = new TurnRecorder();
    r.record({ type: "reasoning-delta", text: "let me " });
    r.record({ type: "reasoning-delta", text: "think" });
    r.record({ type: "text-delta", text: "Hel" });
    r.record({ type: "text-delta", text: "lo" });
    expect(r.finish()).toEqual([
      { type: "reasoning", text: "let me think" },
      { type: "text", text: "Hello" },
    ]);
  });

  it("records tool calls with their final input and result, split by steps", () => {
    const r = new TurnRecorder();
    r.record({ type: "text-delta", text: "Editing." });
    r.record({ type: "tool-input-start", id: "c1", toolName: "apply_patch" });
    r.record({ type: "tool-input-delta", id: "c1", delta: '{"patch":"x"}' });
    r.record({ type: "tool-call", toolCallId: "c1", toolName: "apply_patch", input: { patch: "x" } });
    r.record({ type: "tool-result", toolCallId: "c1", output: { ok: true } });
    r.stepFinished();
    r.record({ type: "text-delta", text: "Done." });
    r.stepFinished();
    expect(r.finish()).toEqual([
      { type: "text", text: "Editing." },
      { type: "tool", toolCallId: "c1", toolName: "apply_patch", input: { patch: "x" }, state: "output-available", output: { ok: true } },
      { type: "step-start" },
      { type: "text", text: "Done." },
    ]);
  });

  it("marks a tool call cut off by stop or error as interrupted", () => {
    const r = new TurnRecorder();
    r.record({ type: "tool-input-start", id: "c1", toolName: "write_file" });
    r.record({ type: "tool-input-delta", id: "c1", delta: '{"path":"a.ts"' });
    expect(r.finish()).toEqual([{ type: "tool", toolCallId: "c1", toolName: "write_file", input: undefined, state: "interrupted" }]);
  });

  it("counts every generated token, tool input included, for a stopped turn's HUD", () => {
    const r = new TurnRecorder();
    const chars = (text: string) => text.length;
    r.record({ type: "text-delta", text: "Rewriting the file." });
    r.record({ type: "tool-input-start", id: "c1", toolName: "write_file" });
    r.record({ type: "tool-input-delta", id: "c1", delta: "one two " });
    expect(r.generatedTokens(chars)).toBe(27);
    r.record({ type: "tool-input-delta", id: "c1", delta: "three four" });
    // Only what arrived since the last count is counted again.
    expect(r.generatedTokens(chars)).toBe(37);
    expect(r.text()).toBe("Rewriting the file.");
  });

  it("keeps tool errors for the model to see", () => {
    const r = new TurnRecorder();
    r.record({ type: "tool-call", toolCallId: "c", toolName: "apply_patch", input: {} });
    r.record({ type: "tool-error", toolCallId: "c", error: new Error("context not found") });
    expect(r.finish()[0]).toMatchObject({ state: "output-error", errorText: "context not found" });
  });

  it("clocks the first and last token", () => {
    let t = 100;
    const r = new TurnRecorder(() => t);
    r.record({ type: "text-delta", text: "a" });
    t = 250;
    r.record({ type: "text-delta", text: "b" });
    expect([r.firstTokenAt, r.lastTokenAt]).toEqual([100, 250]);
  });
});
