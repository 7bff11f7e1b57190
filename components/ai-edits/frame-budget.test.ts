import { describe, expect, it } from "vitest";

import { DETACH_VIEW_AT_EDITS, shouldDetachView } from "./frame-budget";

describe("shouldDetachView", () => {
  it("detaches the view only for batches with many edits", () => {
    expect(shouldDetachView(0)).toBe(false);
    expect(shouldDetachView(DETACH_VIEW_AT_EDITS - 1)).toBe(false);
    expect(shouldDetachView(DETACH_VIEW_AT_EDITS)).toBe(true);
    expect(shouldDetachView(400)).toBe(true);
  });
});
