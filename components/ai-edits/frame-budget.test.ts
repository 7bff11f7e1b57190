import { describe, expect, it } from "vitest";

import { DETACH_VIEW_AT_EDITS, drainWait, HIDDEN_DRAIN_MS, InputYield, inputPending, shouldDetachView } from "./frame-budget";

describe("shouldDetachView", () => {
  it("detaches the view only for batches with many edits", () => {
    expect(shouldDetachView(0)).toBe(false);
    expect(shouldDetachView(DETACH_VIEW_AT_EDITS - 1)).toBe(false);
    expect(shouldDetachView(DETACH_VIEW_AT_EDITS)).toBe(true);
    expect(shouldDetachView(400)).toBe(true);
  });
});

describe("drainWait", () => {
  it("applies a shown view's batches every frame", () => {
    expect(drainWait({ shown: true, now: 1000, drainedAt: 999 })).toBe(0);
  });

  it("holds a hidden view's batches until HIDDEN_DRAIN_MS after its last drain", () => {
    expect(drainWait({ shown: false, now: 1000, drainedAt: 900 })).toBe(HIDDEN_DRAIN_MS - 100);
    expect(drainWait({ shown: false, now: 900 + HIDDEN_DRAIN_MS, drainedAt: 900 })).toBe(0);
    expect(drainWait({ shown: false, now: 5000, drainedAt: 900 })).toBe(0);
  });

  it("drains a call that never drained at once", () => {
    expect(drainWait({ shown: false, now: 10, drainedAt: Number.NEGATIVE_INFINITY })).toBe(0);
  });
});

describe("InputYield", () => {
  it("defers while input is pending, at most maxInRow frames in a row", () => {
    const gate = new InputYield(2);
    expect([true, true, true, true].map((pending) => gate.shouldDefer(pending))).toEqual([true, true, false, true]);
  });

  it("runs at once without pending input and restarts the count", () => {
    const gate = new InputYield(2);
    expect(gate.shouldDefer(false)).toBe(false);
    expect(gate.shouldDefer(true)).toBe(true);
    expect(gate.shouldDefer(false)).toBe(false);
    expect(gate.shouldDefer(true)).toBe(true);
    expect(gate.shouldDefer(true)).toBe(true);
    expect(gate.shouldDefer(true)).toBe(false);
  });

  it("reads no pending input where the API is missing", () => {
    expect(inputPending()).toBe(false);
  });
});
