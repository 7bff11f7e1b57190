import { describe, expect, it } from "vitest";

import { packContext, type HistoryTurn, type PackCandidate } from "./context";

const item = (label: string, tokens: number, extra: Partial<PackCandidate<string>> = {}): PackCandidate<string> => ({
  kind: "mention",
  label,
  tokens,
  payload: label,
  ...extra,
});
const turn = (label: string, tokens: number): HistoryTurn<string> => ({ label, tokens, payload: label });

describe("packContext", () => {
  it("includes everything that fits and reports exact usage", () => {
    const result = packContext({
      limit: 1000,
      reservedForOutput: 200,
      candidates: [item("system", 100, { kind: "system", required: true }), item("a.ts", 300)],
      history: [turn("t1", 50), turn("t2", 60)],
    });
    expect(result.report.used).toBe(510);
    expect(result.report.trimmed).toBe(false);
    expect(result.included.map((i) => i.label)).toEqual(["system", "a.ts"]);
    expect(result.history.map((t) => t.label)).toEqual(["t1", "t2"]);
  });

  it("never sends more than the window minus the output reserve", () => {
    const result = packContext({
      limit: 1000,
      reservedForOutput: 400,
      candidates: [item("system", 100, { required: true }), item("big.ts", 550), item("small.ts", 200), item("tiny.ts", 100)],
      history: [],
    });
    expect(result.report.used).toBeLessThanOrEqual(600);
    expect(result.included.map((i) => i.label)).toEqual(["system", "small.ts", "tiny.ts"]);
    const dropped = result.report.items.filter((i) => !i.included);
    expect(dropped).toEqual([{ kind: "mention", label: "big.ts", tokens: 550, included: false, reason: "over budget" }]);
    expect(result.report.trimmed).toBe(true);
  });

  it("keeps the newest history and drops everything older than the first turn that does not fit", () => {
    const result = packContext({
      limit: 500,
      reservedForOutput: 0,
      candidates: [item("system", 100, { required: true })],
      history: [turn("oldest", 10), turn("huge", 300), turn("recent", 150), turn("newest", 100)],
    });
    // 100 + 100 + 150 = 350; "huge" would make 650, so it and everything before it go.
    expect(result.history.map((t) => t.label)).toEqual(["recent", "newest"]);
    const droppedHistory = result.report.items.filter((i) => i.kind === "history" && !i.included).map((i) => i.label);
    expect(droppedHistory).toEqual(["huge", "oldest"]);
  });

  it("packs low-value candidates after history", () => {
    const result = packContext({
      limit: 300,
      reservedForOutput: 0,
      candidates: [item("system", 100, { required: true }), item("mention", 50), item("open-tab", 100, { kind: "open-file" })],
      history: [turn("t", 100)],
      historyAfter: 1,
    });
    expect(result.history).toHaveLength(1);
    expect(result.included.map((i) => i.label)).toEqual(["system", "mention"]);
    expect(result.report.items.find((i) => i.label === "open-tab")?.included).toBe(false);
  });

  it("reports required items even when they alone overflow, so the caller can refuse", () => {
    const result = packContext({
      limit: 100,
      reservedForOutput: 50,
      candidates: [item("message", 80, { kind: "message", required: true })],
      history: [],
    });
    expect(result.report.used).toBe(80);
    expect(result.report.used).toBeGreaterThan(result.report.limit - result.report.reservedForOutput);
  });
});
