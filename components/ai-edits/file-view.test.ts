import { describe, expect, it } from "vitest";

import type { FileProposal } from "@/lib/chat/proposals";

import { FileReview } from "./file-review";
import { fileView, noticeView, pendingConflicts } from "./file-view";
import { newSlot, type LiveCall } from "./types";

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join("");
const BASE = lines("one", "two", "three", "four", "five", "six", "seven");
const AFTER = lines("ONE", "two", "three", "four", "five", "six", "SEVEN");
const update: FileProposal = { path: "a.ts", before: BASE, after: AFTER, baseVersion: 1 };
const none = { turnOpen: false, conflicts: new Set<string>(), notice: null };

describe("fileView", () => {
  it("shows a review's undecided hunks with their lines and counts, ready once the turn ended", () => {
    const slot = { ...newSlot("a.ts"), review: new FileReview({ messageId: "m", proposals: [update] }) };
    const view = fileView(slot, none);
    expect(view).toMatchObject({ path: "a.ts", phase: "review", kind: "update", messageId: "m", ready: true, total: 2, pending: 2, added: 2, removed: 2 });
    expect(view.hunks.map((h) => ({ added: h.added, removed: h.removed, conflict: h.conflict }))).toEqual([
      { added: 1, removed: 1, conflict: false },
      { added: 1, removed: 1, conflict: false },
    ]);
    expect(view.hunks[0]!.startLine).toBeLessThan(view.hunks[1]!.startLine);
    expect(fileView(slot, { ...none, turnOpen: true }).ready).toBe(false);
  });

  it("clamps the current unit to what is left and marks conflicting hunks", () => {
    const review = new FileReview({ messageId: "m", proposals: [update] });
    const [first, second] = review.pending();
    review.decide([first!], "accepted");
    const view = fileView({ ...newSlot("a.ts"), review, current: 5 }, { ...none, conflicts: new Set([second!]) });
    expect(view).toMatchObject({ pending: 1, current: 0 });
    expect(view.hunks.find((h) => h.id === second)?.conflict).toBe(true);
  });

  it("shows a streaming call rather than the review it will replace", () => {
    const live = { messageId: "m2" } as LiveCall;
    const slot = { ...newSlot("b.ts"), live, liveKind: "add" as const, review: new FileReview({ messageId: "m", proposals: [update] }) };
    expect(fileView(slot, none)).toMatchObject({ phase: "streaming", kind: "add", messageId: "m2", pending: 0, hunks: [], ready: false, hasProposal: false });
  });

  it("a notice stands alone, with nothing to decide", () => {
    expect(noticeView("c.ts", "failed")).toMatchObject({ phase: "notice", notice: "failed", pending: 0, ready: false });
  });
});

describe("pendingConflicts", () => {
  it("finds the undecided hunks the user's own edits overlap", () => {
    const review = new FileReview({ messageId: "m", proposals: [update] });
    const [first] = review.pending();
    expect(pendingConflicts(review, BASE.replace("one", "uno"))).toEqual(new Set([first]));
    expect(pendingConflicts(review, BASE.replace("four", "FOUR"))).toEqual(new Set());
    expect(pendingConflicts(review, null)).toEqual(new Set());
  });
});
