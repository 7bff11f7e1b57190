import { describe, expect, it } from "vitest";

import { TurnFold } from "@/lib/chat/fold";

import { COUNTERS_INTERVAL_MS, LivePace, onlyCountersChanged } from "./live-pace";

function writeFileTurn() {
  const fold = new TurnFold({ id: "a1", createdAt: "2026-01-01T00:00:00.000Z" });
  fold.apply({ type: "tool-input-start", toolCallId: "t1", toolName: "write_file" });
  fold.apply({ type: "tool-input-delta", toolCallId: "t1", inputTextDelta: '{"path":"src/a.ts","content":"' });
  return fold;
}

describe("onlyCountersChanged", () => {
  it("is true while only a tool call's input grows", () => {
    const fold = writeFileTurn();
    const before = fold.snapshot();
    fold.apply({ type: "tool-input-delta", toolCallId: "t1", inputTextDelta: "line 1\\nline 2\\n" });
    const after = fold.snapshot();
    expect(after).not.toBe(before);
    expect(after.toolProgress.t1!.lines).toBe(before.toolProgress.t1!.lines + 2);
    expect(onlyCountersChanged(before, after)).toBe(true);
  });

  it("is false when text streams, a part changes or a target appears", () => {
    const fold = new TurnFold({ id: "a1" });
    fold.apply({ type: "text-delta", id: "x", delta: "Hel" });
    const text = fold.snapshot();
    fold.apply({ type: "text-delta", id: "x", delta: "lo" });
    expect(onlyCountersChanged(text, fold.snapshot())).toBe(false);

    const tool = new TurnFold({ id: "a2" });
    tool.apply({ type: "tool-input-start", toolCallId: "t1", toolName: "write_file" });
    const started = tool.snapshot();
    tool.apply({ type: "tool-input-delta", toolCallId: "t1", inputTextDelta: '{"path":"src/a.ts","content":"' });
    expect(onlyCountersChanged(started, tool.snapshot())).toBe(false);
    const targeted = tool.snapshot();
    tool.apply({ type: "tool-input-available", toolCallId: "t1", toolName: "write_file", input: { path: "src/a.ts", content: "" } });
    expect(onlyCountersChanged(targeted, tool.snapshot())).toBe(false);
  });
});

describe("LivePace", () => {
  it("publishes counter-only changes at most every COUNTERS_INTERVAL_MS, and the rest at once", () => {
    const fold = writeFileTurn();
    const pace = new LivePace();
    expect(pace.shouldPublish(fold.snapshot(), 0, false)).toBe(true);
    fold.apply({ type: "tool-input-delta", toolCallId: "t1", inputTextDelta: "a\\n" });
    expect(pace.shouldPublish(fold.snapshot(), 16, false)).toBe(false);
    expect(pace.behind(fold.snapshot())).toBe(true);
    expect(pace.shouldPublish(fold.snapshot(), COUNTERS_INTERVAL_MS - 1, false)).toBe(false);
    expect(pace.shouldPublish(fold.snapshot(), COUNTERS_INTERVAL_MS, false)).toBe(true);
    expect(pace.behind(fold.snapshot())).toBe(false);
    // Nothing new: nothing to publish.
    expect(pace.shouldPublish(fold.snapshot(), 10_000, false)).toBe(false);
    // The input is complete: the card changes state, published in the very next frame.
    fold.apply({ type: "tool-input-available", toolCallId: "t1", toolName: "write_file", input: { path: "src/a.ts", content: "a\n" } });
    expect(pace.shouldPublish(fold.snapshot(), COUNTERS_INTERVAL_MS + 16, false)).toBe(true);
  });

  it("waits while a key is pending, at most two frames in a row", () => {
    const fold = new TurnFold({ id: "a1" });
    const pace = new LivePace();
    fold.apply({ type: "text-delta", id: "x", delta: "Hi" });
    const next = fold.snapshot();
    expect([0, 16, 32].map((now) => pace.shouldPublish(next, now, true))).toEqual([false, false, true]);
  });

  it("counts a forced publish (the turn's end) as shown", () => {
    const fold = writeFileTurn();
    const pace = new LivePace();
    pace.published(fold.snapshot(), 0);
    expect(pace.behind(fold.snapshot())).toBe(false);
    pace.reset();
    expect(pace.behind(fold.snapshot())).toBe(true);
  });
});
