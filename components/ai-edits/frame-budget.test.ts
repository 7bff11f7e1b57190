import { describe, expect, it } from "vitest";

import { DETACH_VIEW_AT_EDITS, InputYield, inputPending, shouldDetachView } from "./frame-budget";

describe("shouldDetachView", () => {
  it("detaches the view only for batches with many edits", () => {
    expect(shouldDetachView(0)).toBe(false);
    expect(shouldDetachView(DETACH_VIEW_AT_EDITS - 1)).toBe(false);
    expect(shouldDetachView(DETACH_VIEW_AT_EDITS)).toBe(true);
    expect(shouldDetachView(400)).toBe(true);
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
