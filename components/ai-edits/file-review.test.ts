import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { SessionDetail } from "@/lib/chat/contract";
import type { ChatMessage } from "@/lib/chat/messages";
import type { FileProposal } from "@/lib/chat/proposals";
import { displayText, TextBuffer } from "@/lib/edit-planner";
import { editedText, lineEnding, uniformText } from "@/lib/edits/test-arbitraries";

import { FileReview, reviewsFromSession, WHOLE_FILE } from "./file-review";

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join("");
const BASE = lines("one", "two", "three", "four", "five", "six", "seven");
const AFTER = lines("ONE", "two", "three", "four", "five", "six", "SEVEN");

const update = (after: string, before: string = BASE): FileProposal => ({ path: "a.ts", before, after, baseVersion: 1 });

describe("FileReview", () => {
  it("accepting one hunk writes exactly that hunk, on top of the user's own edits", () => {
    const review = new FileReview({ messageId: "m", proposals: [update(AFTER)] });
    const [first, last] = review.pending();
    const mine = BASE.replace("four", "FOUR (mine)");
    const plan = review.plan([first!], mine);
    expect(plan).toEqual(expect.objectContaining({ kind: "write", conflicts: [] }));
    if (plan.kind !== "write") return;
    expect(plan.text).toBe(mine.replace("one", "ONE"));
    const buffer = new TextBuffer(mine);
    buffer.applyEdits(plan.edits);
    expect(buffer.getValue()).toBe(plan.text);
    review.decide([first!], "accepted");
    expect(review.pending()).toEqual([last]);
  });

  it("reports hunks overlapping the user's edits as conflicts, and force takes the AI's lines", () => {
    const review = new FileReview({ messageId: "m", proposals: [update(AFTER)] });
    const ids = review.pending();
    const mine = BASE.replace("one", "uno");
    const plan = review.plan(ids, mine);
    if (plan.kind !== "write") throw new Error("expected a write");
    expect(plan.conflicts).toEqual([ids[0]]);
    expect(plan.text).toBe(mine.replace("seven", "SEVEN"));
    const forced = review.plan(ids, mine, { force: true });
    if (forced.kind !== "write") throw new Error("expected a write");
    expect(forced.text).toBe(AFTER);
    expect(forced.conflicts).toEqual([]);
    const buffer = new TextBuffer(mine);
    buffer.applyEdits(forced.edits);
    expect(buffer.getValue()).toBe(AFTER);
  });

  it("replays recorded decisions, also into the merged view", () => {
    const fresh = new FileReview({ messageId: "m", proposals: [update(AFTER)] });
    const [first, last] = fresh.pending();
    const restored = new FileReview({ messageId: "m", proposals: [update(AFTER)], decisions: { [first!]: "rejected" } });
    expect(restored.pending()).toEqual([last]);
    const buffer = new TextBuffer(displayText(fresh.session.view));
    for (const batch of fresh.decide([first!], "rejected")) buffer.applyEdits(batch.edits);
    expect(buffer.getValue()).toBe(displayText(restored.session.view));
  });

  it("chains a turn's proposals: hunks accepted from an earlier one are done, rejected ones stay decided", () => {
    const first = update(lines("ONE", "two", "three", "four", "five", "six", "seven"));
    const firstReview = new FileReview({ messageId: "m", proposals: [first] });
    const [one] = firstReview.pending();
    // The second proposal is cumulative: the first change plus a new one next to it.
    const second = update(lines("ONE", "TWO", "three", "four", "five", "six", "SEVEN"));
    const chained = new FileReview({ messageId: "m", proposals: [first, second], decisions: { [one!]: "accepted" } });
    expect(chained.base).toBe(first.after);
    expect(chained.kind).toBe("update");
    const plan = chained.plan(chained.pending(), first.after);
    if (plan.kind !== "write") throw new Error("expected a write");
    expect(plan.conflicts).toEqual([]);
    expect(plan.text).toBe(second.after);
  });

  it("accept all then the result is `after`; reject all leaves the file alone", () => {
    fc.assert(
      fc.property(
        lineEnding.chain((eol) => uniformText(eol, 12).chain((before) => fc.tuple(fc.constant(before), editedText(before, eol)))),
        ([before, after]) => {
          fc.pre(before !== after);
          const review = new FileReview({ messageId: "m", proposals: [update(after, before)] });
          const plan = review.plan(review.pending(), before);
          expect(plan.kind === "write" && plan.text).toBe(after);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reviews adds, deletes and empty files as wholes where they have no hunks", () => {
    const add = new FileReview({ messageId: "m", proposals: [{ path: "n.ts", before: null, after: "x\n", baseVersion: null }] });
    expect(add.kind).toBe("add");
    expect(add.plan(add.pending(), null)).toEqual(expect.objectContaining({ kind: "write", text: "x\n" }));
    const empty = new FileReview({ messageId: "m", proposals: [{ path: "e.ts", before: null, after: "", baseVersion: null }] });
    expect(empty.pending()).toEqual([WHOLE_FILE]);
    empty.decide([WHOLE_FILE], "accepted");
    expect(empty.pending()).toEqual([]);
    const del = new FileReview({ messageId: "m", proposals: [{ path: "d.ts", moveTo: "e.ts", before: BASE, after: null, baseVersion: 3 }] });
    expect(del.kind).toBe("delete");
    expect(del.pending()).toHaveLength(1);
    expect(del.plan(del.pending(), BASE)).toEqual({ kind: "delete" });
  });

  it("reviews files with lone CRs as a whole", () => {
    expect(new FileReview({ messageId: "m", proposals: [update("a\rb\n", "a\n")] }).wholeFileOnly).toBe(true);
    expect(new FileReview({ messageId: "m", proposals: [update(AFTER)] }).wholeFileOnly).toBe(false);
  });
});

describe("reviewsFromSession", () => {
  const assistant = (id: string, files: FileProposal[]): ChatMessage => ({
    id,
    role: "assistant",
    parts: [],
    status: "complete",
    proposals: [{ toolCallId: `call-${id}`, toolName: "apply_patch", files }],
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  const user: ChatMessage = { id: "u", role: "user", parts: [], status: "complete", createdAt: "2026-01-01T00:00:00.000Z" };

  it("rebuilds what is pending: the latest turn per path, minus decided hunks", () => {
    const decided = new FileReview({ messageId: "m2", proposals: [update(AFTER)] }).pending()[0]!;
    const detail: Pick<SessionDetail, "messages" | "checkpoints"> = {
      messages: [
        user,
        assistant("m1", [update(AFTER), { path: "b.ts", before: "b\n", after: "B\n", baseVersion: 1 }]),
        assistant("m2", [update(AFTER)]),
        assistant("m3", [{ path: "c.ts", before: "c\n", after: "C\n", baseVersion: 1 }]),
      ],
      checkpoints: [
        { messageId: "m2", createdAt: "", restoredAt: null, paths: ["a.ts"], decisions: { "a.ts": { [decided]: "accepted" } } },
        { messageId: "m3", createdAt: "", restoredAt: "2026-01-02T00:00:00.000Z", paths: ["c.ts"] },
      ],
    };
    const reviews = reviewsFromSession(detail);
    expect(reviews.map((r) => [r.messageId, r.path, r.pending().length])).toEqual([
      ["m2", "a.ts", 1],
      ["m1", "b.ts", 1],
    ]);
  });

  it("drops files whose every hunk is decided", () => {
    const review = new FileReview({ messageId: "m1", proposals: [update(AFTER)] });
    const decisions = Object.fromEntries(review.pending().map((id) => [id, "rejected" as const]));
    const detail = {
      messages: [assistant("m1", [update(AFTER)])],
      checkpoints: [{ messageId: "m1", createdAt: "", restoredAt: null, paths: [], decisions: { "a.ts": decisions } }],
    };
    expect(reviewsFromSession(detail)).toEqual([]);
  });
});
