import { describe, expect, it } from "vitest";

import { changeKindOf, LOCAL_REVIEW_PREFIX } from "./file-review";
import { isOtherSessionsReview, shouldRestoreReview, type SlotView } from "./restore-plan";

const slot = (extra: Partial<SlotView> = {}): SlotView => ({ live: null, busy: false, sessionId: "s1", review: { messageId: "m1" }, ...extra });

describe("restoring a session's reviews", () => {
  it("drops another session's finished review, never a streaming, committing or local one", () => {
    expect(isOtherSessionsReview(slot(), "s2")).toBe(true);
    expect(isOtherSessionsReview(slot(), "s1")).toBe(false);
    expect(isOtherSessionsReview(slot({ live: {} }), "s2")).toBe(false);
    expect(isOtherSessionsReview(slot({ busy: true }), "s2")).toBe(false);
    expect(isOtherSessionsReview(slot({ review: null }), "s2")).toBe(false);
    expect(isOtherSessionsReview(slot({ sessionId: null, review: { messageId: `${LOCAL_REVIEW_PREFIX}1` } }), "s2")).toBe(false);
  });

  it("restores onto an empty path or an older review, keeps what is live, busy, the same or newer", () => {
    const known = new Set(["m1", "m2"]);
    expect(shouldRestoreReview("m2", undefined, known)).toBe(true);
    expect(shouldRestoreReview("m2", slot({ review: null }), known)).toBe(true);
    expect(shouldRestoreReview("m2", slot(), known)).toBe(true);
    expect(shouldRestoreReview("m1", slot(), known)).toBe(false);
    expect(shouldRestoreReview("m2", slot({ review: { messageId: "m3" } }), known)).toBe(false);
    expect(shouldRestoreReview("m2", slot({ live: {} }), known)).toBe(false);
    expect(shouldRestoreReview("m2", slot({ busy: true }), known)).toBe(false);
  });
});

describe("the kind of a streamed change", () => {
  it("adds and deletes are themselves; writes, updates and moves update the file", () => {
    expect(["add", "delete", "update", "write", "move"].map(changeKindOf)).toEqual(["add", "delete", "update", "update", "update"]);
  });
});
