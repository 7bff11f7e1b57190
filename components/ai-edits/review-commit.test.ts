import { describe, expect, it } from "vitest";

import type { EditorService } from "@/components/monaco/editor-service";
import type { TextModel } from "@/components/monaco/editor-types";
import type { FileProposal } from "@/lib/chat/proposals";
import type { ReviewBody } from "@/lib/chat/review";
import { TextBuffer, type EditOp } from "@/lib/edit-planner";
import { AppError } from "@/lib/errors";

import { FileReview, LOCAL_REVIEW_PREFIX } from "./file-review";
import type { ProposalModels } from "./proposal-models";
import { ReviewCommitter } from "./review-commit";
import { TurnLedger } from "./turn-ledger";
import { newSlot, type AiEditsHost, type ConflictChoice } from "./types";

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join("");
const BASE = lines("one", "two", "three", "four", "five", "six", "seven");
const AFTER = lines("ONE", "two", "three", "four", "five", "six", "SEVEN");

/** An open file as the editor service holds it: a buffer with Monaco's version id and undo. */
function openFile(text: string) {
  let buffer = new TextBuffer(text);
  const history: string[] = [];
  let version = 1;
  const model = {
    getValue: () => buffer.getValue(),
    getAlternativeVersionId: () => version,
    isDisposed: () => false,
    undo: () => {
      const previous = history.pop();
      if (previous !== undefined) {
        buffer = new TextBuffer(previous);
        version++;
      }
    },
  } as unknown as TextModel;
  const calls: string[] = [];
  const service = {
    getModel: () => model,
    openFile: async () => model,
    holdAutosave: () => () => calls.push("release"),
    whenSaveIdle: async () => {},
    baseVersion: () => 7,
    applyEdits: (_path: string, edits: EditOp[]) => {
      history.push(buffer.getValue());
      buffer.applyEdits(edits);
      version++;
      calls.push("applyEdits");
      return true;
    },
    markSaved: (_path: string, saved: number) => calls.push(`markSaved ${saved}`),
    forgetUnder: () => calls.push("forgetUnder"),
  } as unknown as EditorService;
  return { model, service, calls, text: () => buffer.getValue() };
}

function setup(file: ReturnType<typeof openFile>, post: (body: ReviewBody) => Promise<{ version: number | null }>, choice: ConflictChoice = "theirs") {
  const turns = new TurnLedger();
  const events: string[] = [];
  const posted: ReviewBody[] = [];
  const host = {
    fileExists: () => true,
    onEditsAccepted: (messageId: string, paths: string[]) => events.push(`accepted ${messageId} ${paths.join()}`),
    onFilesChanged: () => events.push("files changed"),
  } as unknown as AiEditsHost;
  const models = { applyBatches: () => {}, showReview: () => events.push("show review") } as unknown as ProposalModels;
  const committer = new ReviewCommitter({
    service: file.service,
    host,
    models,
    turns,
    isCurrent: () => true,
    publish: () => {},
    finish: () => events.push("finish"),
    notify: (_path, text) => events.push(`notice ${text}`),
    postReview: async (_sessionId, body) => {
      posted.push(body);
      return { ...(await post(body)), ok: true } as never;
    },
    askConflict: async () => {
      events.push("asked");
      return choice;
    },
  });
  const slot = { ...newSlot("a.ts"), sessionId: "s1", review: new FileReview({ messageId: "m", proposals: [{ path: "a.ts", before: BASE, after: AFTER, baseVersion: 7 } satisfies FileProposal] }) };
  return { committer, slot, turns, events, posted };
}

describe("ReviewCommitter", () => {
  it("accepts one hunk into the buffer as one undo step and writes it with the review", async () => {
    const file = openFile(BASE);
    const { committer, slot, events, posted } = setup(file, async () => ({ version: 8 }));
    const [first, second] = slot.review.pending();
    await committer.decide(slot, [first!], "accepted", { auto: false });
    expect(file.text()).toBe(BASE.replace("one", "ONE"));
    expect(posted).toEqual([{ messageId: "m", path: "a.ts", decisions: { [first!]: "accepted" }, write: { content: BASE.replace("one", "ONE"), baseVersion: 7 } }]);
    expect(file.calls).toEqual(["applyEdits", "markSaved 8", "release"]);
    expect(slot.confirmed).toEqual({ [first!]: "accepted" });
    expect(slot.review.pending()).toEqual([second]);
    expect(events).toEqual(["accepted m a.ts"]);
  });

  it("records a rejection without writing, and finishes the review when nothing is left", async () => {
    const file = openFile(BASE);
    const { committer, slot, events, posted } = setup(file, async () => ({ version: null }));
    const ids = slot.review.pending();
    await committer.decide(slot, ids, "rejected", { auto: false });
    expect(posted).toEqual([{ messageId: "m", path: "a.ts", decisions: Object.fromEntries(ids.map((id) => [id, "rejected"])) }]);
    expect(file.text()).toBe(BASE);
    expect(events).toEqual(["finish"]);
  });

  it("waits for the turn to end before recording anything", async () => {
    const file = openFile(BASE);
    const { committer, slot, turns, posted } = setup(file, async () => ({ version: 8 }));
    const turn = turns.ensure("m", "s1", "review");
    const deciding = committer.decide(slot, slot.review.pending(), "rejected", { auto: false });
    await new Promise((r) => setTimeout(r, 10));
    expect(posted).toEqual([]);
    turn.end();
    await deciding;
    expect(posted).toHaveLength(1);
  });

  it("takes the change back out of the buffer and rolls the review back when the write is refused", async () => {
    const file = openFile(BASE);
    const { committer, slot, events } = setup(file, async () => {
      throw new AppError("conflict:files", { message: "stale" });
    });
    const [first] = slot.review.pending();
    await committer.decide(slot, [first!], "accepted", { auto: false });
    expect(file.text()).toBe(BASE);
    expect(slot.review.pending()).toHaveLength(2);
    expect(slot.confirmed).toEqual({});
    expect(events).toContain("show review");
    expect(file.calls).not.toContain("markSaved 8");
  });

  it("asks what to keep where the user edited the same lines; keeping theirs rejects only those hunks", async () => {
    const mine = BASE.replace("one", "uno");
    const file = openFile(mine);
    const { committer, slot, events, posted } = setup(file, async () => ({ version: 8 }), "mine");
    const [first, second] = slot.review.pending();
    await committer.decide(slot, [first!, second!], "accepted", { auto: false });
    expect(events[0]).toBe("asked");
    expect(file.text()).toBe(mine.replace("seven", "SEVEN"));
    expect(posted[0]!.decisions).toEqual({ [first!]: "rejected", [second!]: "accepted" });
  });

  it("in auto mode keeps the user's lines without asking, and says so", async () => {
    const file = openFile(BASE.replace("one", "uno"));
    const { committer, slot, events } = setup(file, async () => ({ version: 8 }));
    await committer.decide(slot, slot.review.pending(), "accepted", { auto: true });
    expect(events).not.toContain("asked");
    expect(events.some((e) => e.startsWith("notice One change overlaps your edits"))).toBe(true);
    expect(file.text()).toBe(BASE.replace("one", "uno").replace("seven", "SEVEN"));
  });

  it("a local review (search's replace-all) lands in the buffer as one undo step and records nothing in a session", async () => {
    const file = openFile(BASE);
    const { committer, slot, events, posted } = setup(file, async () => ({ version: 8 }));
    Object.assign(slot, { sessionId: null });
    slot.review = new FileReview({ messageId: `${LOCAL_REVIEW_PREFIX}1`, proposals: slot.review.proposals });
    await committer.decide(slot, slot.review.pending(), "accepted", { auto: false });
    expect(file.text()).toBe(AFTER);
    expect(posted).toEqual([]);
    // Released with the buffer dirty: autosave writes it like typing; no checkpoint to mark.
    expect(file.calls).toEqual(["applyEdits", "release"]);
    expect(events).toEqual(["finish"]);
  });
});
