import { describe, expect, it } from "vitest";

import { predictionSavedMs, ToolArrivalLog, verdictOf } from "./tool-arrival";

describe("ToolArrivalLog and verdictOf", () => {
  it("records deltas, bytes, span and bytes per delta per call", () => {
    const log = new ToolArrivalLog(1000);
    log.start("a", "apply_patch", "tool");
    log.delta("a", "", 1100);
    log.delta("a", "x".repeat(150), 1200);
    log.delta("a", "é".repeat(50), 1450);
    expect(log.list()).toEqual([
      { toolCallId: "a", toolName: "apply_patch", channel: "tool", deltas: 2, bytes: 250, firstArgumentMs: 200, argumentSpanMs: 250, bytesPerDelta: 125 },
    ]);
  });

  it("calls a conclusive call sent in one delta buffered, and one in many progressive; short and content calls decide nothing", () => {
    const whole = new ToolArrivalLog(0);
    whole.start("a", "write_file", "tool");
    whole.delta("a", "y".repeat(5000), 10);
    expect(verdictOf(whole.list())).toEqual({ verdict: "buffered", deltas: 1, bytes: 5000 });

    const streamed = new ToolArrivalLog(0);
    streamed.start("b", "apply_patch", "tool");
    for (let i = 0; i < 100; i++) streamed.delta("b", "abc", i);
    expect(verdictOf(streamed.list())?.verdict).toBe("progressive");

    const inconclusive = new ToolArrivalLog(0);
    inconclusive.start("c", "read_file", "tool");
    inconclusive.delta("c", '{"path":"a.ts"}', 1);
    inconclusive.start("wafer-content-1", "write_file", "content");
    inconclusive.delta("wafer-content-1", "z".repeat(5000), 2);
    expect(verdictOf(inconclusive.list())).toBeNull();
  });
});

describe("predictionSavedMs", () => {
  it("is the accepted tokens' time at the normal rate minus their time at the faster rate", () => {
    // 100 normal tokens at 1 ms + 400 accepted at 0.25 ms = 200 ms; without prediction 500 ms.
    expect(predictionSavedMs({ generationMs: 200, outputTokens: 500, accepted: 400, speedup: 4 })).toBe(300);
    expect(predictionSavedMs({ generationMs: 200, outputTokens: 500, accepted: 0, speedup: 4 })).toBeNull();
  });
});
