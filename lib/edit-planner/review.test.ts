import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { applyHunks, splitText } from "@/lib/edits";
import { editedText, lineEnding, mixedText, uniformText } from "@/lib/edits/test-arbitraries";

import { displayText, TextBuffer } from "./merged-view";
import type { EditorBatch } from "./planner-view";
import { RewriteStreamPlanner } from "./rewrite-planner";
import { resultFor, ReviewSession, textEdit } from "./review";

const pair = fc.oneof(
  fc.tuple(mixedText, mixedText),
  lineEnding.chain((eol) => uniformText(eol, 20).chain((before) => fc.tuple(fc.constant(before), editedText(before, eol)))),
);

/** Applies batches to a buffer and checks it shows the session's view after each. */
function follow(session: ReviewSession, buffer: TextBuffer, batch: EditorBatch | null): void {
  if (batch) buffer.applyEdits(batch.edits);
  expect(buffer.getLines()).toEqual(new TextBuffer(displayText(session.view)).getLines());
}

describe("ReviewSession", () => {
  it("accepting every hunk shows after, rejecting every hunk shows before", () => {
    fc.assert(
      fc.property(pair, ([before, after]) => {
        for (const all of ["acceptAll", "rejectAll"] as const) {
          const session = new ReviewSession({ path: "a", before, after });
          const buffer = new TextBuffer(displayText(session.view));
          follow(session, buffer, session[all]());
          expect([...session.view.texts]).toEqual(splitText(all === "acceptAll" ? after : before).texts);
          expect(session.view.kinds.every((k) => k === "context")).toBe(true);
          expect(session.ranges()).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("follows any sequence of decisions with minimal edits, and ranges always frame each hunk's lines", () => {
    fc.assert(
      fc.property(pair, fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 12 }), ([before, after], picks) => {
        const session = new ReviewSession({ path: "a", before, after });
        const buffer = new TextBuffer(displayText(session.view));
        for (const [pick, accept] of picks) {
          const open = session.ranges();
          for (const r of open) {
            const hunk = session.hunks.find((h) => h.id === r.id)!;
            const text = (range: { startLineNumber: number; endLineNumber: number } | null) =>
              range ? session.view.texts.slice(range.startLineNumber - 1, range.endLineNumber) : [];
            expect(text(r.removed)).toEqual(splitText(hunk.removed.join("")).texts);
            expect(text(r.added)).toEqual(splitText(hunk.added.join("")).texts);
          }
          const target = open[pick % Math.max(1, open.length)];
          if (!target) break;
          const batch = accept ? session.accept(target.id) : session.reject(target.id);
          expect(batch!.edits.length).toBeLessThanOrEqual(1);
          follow(session, buffer, batch);
          expect(accept ? session.accept(target.id) : session.reject(target.id)).toBeNull();
        }
        const accepted = Object.entries(session.decisions).flatMap(([id, d]) => (d === "accepted" ? [id] : []));
        const rejectedRest = new ReviewSession({ path: "a", before, after });
        for (const id of accepted) rejectedRest.accept(id);
        rejectedRest.rejectAll();
        expect([...rejectedRest.view.texts]).toEqual(splitText(applyHunks(before, session.hunks, accepted)).texts);
      }),
      { numRuns: 300 },
    );
  });

  it("switches from the streamed view to the review view with a few edits, not a reload", () => {
    fc.assert(
      fc.property(pair, ([before, after]) => {
        const planner = new RewriteStreamPlanner({ path: "a", original: before });
        const [first] = planner.drain();
        const buffer = new TextBuffer(first!.start!.initialText);
        planner.push(after);
        planner.end();
        for (const batch of planner.drain()) buffer.applyEdits(batch.edits);
        const session = new ReviewSession({ path: "a", before, after });
        const batch = session.open(planner.view);
        expect(batch.start).toBeUndefined();
        follow(session, buffer, batch);
        if (before === after) expect(batch.edits).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("opens without a live view by starting a model that shows the merged view", () => {
    const session = new ReviewSession({ path: "n.ts", before: null, after: "a\nb\n" });
    expect(session.open(null)).toEqual({
      path: "n.ts",
      start: { initialText: "a\nb", operation: "add" },
      edits: [],
      decorations: { added: [{ startLineNumber: 1, endLineNumber: 2 }], removed: [] },
      state: "complete",
    });
    const moved = new ReviewSession({ path: "o.ts", moveTo: "p.ts", before: "x\n", after: "y\n" }).open(null);
    expect(moved.start).toEqual({ initialText: "x\ny\n", operation: "update", moveTo: "p.ts" });
    expect(new ReviewSession({ path: "d", before: "x\n", after: null }).open(null).start?.operation).toBe("delete");
  });
});

describe("resultFor", () => {
  it("gives the accepted hunks' text byte for byte, and edits that produce it in one batch", () => {
    fc.assert(
      fc.property(pair, fc.array(fc.boolean(), { maxLength: 20 }), ([before, after], accepts) => {
        const { hunks } = new ReviewSession({ path: "a", before, after });
        const decisions = Object.fromEntries(hunks.map((h, i) => [h.id, accepts[i] ? ("accepted" as const) : ("rejected" as const)]));
        const accepted = hunks.filter((h) => decisions[h.id] === "accepted").map((h) => h.id);
        const result = resultFor({ hunks, decisions, current: before, base: before });
        expect(result.text).toBe(applyHunks(before, hunks, accepted));
        expect(result.conflicts).toEqual([]);
        expect(result.edits.length).toBe(accepted.length);
        const buffer = new TextBuffer(before);
        buffer.applyEdits(result.edits);
        expect(buffer.getLines()).toEqual(new TextBuffer(result.text).getLines());
        const all = Object.fromEntries(hunks.map((h) => [h.id, "accepted" as const]));
        expect(resultFor({ hunks, decisions: all, current: before, base: before }).text).toBe(after);
        expect(resultFor({ hunks, decisions: {}, current: before, base: before })).toEqual({ text: before, conflicts: [], edits: [] });
      }),
      { numRuns: 500 },
    );
  });

  it("keeps CRLF files byte-exact through the editor buffer", () => {
    const before = "a\r\nb\r\nc\r\nd\r\ne\r\n";
    const after = "a\r\nB\r\nc\r\nd\r\nE\r\nf\r\n";
    const { hunks } = new ReviewSession({ path: "a", before, after });
    const decisions = Object.fromEntries(hunks.map((h) => [h.id, "accepted" as const]));
    const result = resultFor({ hunks, decisions, current: before, base: before });
    expect(result.text).toBe(after);
    expect(result.edits).toEqual([
      { range: { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 2 }, text: "B" },
      { range: { startLineNumber: 5, startColumn: 1, endLineNumber: 5, endColumn: 2 }, text: "E\r\nf" },
    ]);
    const buffer = new TextBuffer(before);
    buffer.applyEdits(result.edits);
    expect(buffer.getValue()).toBe(after);
  });

  it("rebases onto the user's edits and reports the hunks they overlap", () => {
    const base = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const after = "1\nTWO\n3\n4\n5\n6\n7\nEIGHT\n9\n";
    const { hunks } = new ReviewSession({ path: "a", before: base, after });
    const [two, eight] = hunks;
    const decisions = { [two!.id]: "accepted" as const, [eight!.id]: "accepted" as const };
    // The user inserted a line at the top and rewrote line 8 meanwhile.
    const current = "0\n1\n2\n3\n4\n5\n6\n7\nacht\n9\n";
    const result = resultFor({ hunks, decisions, current, base });
    expect(result).toEqual({
      text: "0\n1\nTWO\n3\n4\n5\n6\n7\nacht\n9\n",
      conflicts: [eight!.id],
      edits: [{ range: { startLineNumber: 3, startColumn: 1, endLineNumber: 3, endColumn: 2 }, text: "TWO" }],
    });
  });

  it("applies a later decision on top of a file that already has an earlier one written", () => {
    const base = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const after = "1\nTWO\n3\n4\n5\n6\n7\nEIGHT\n9\n";
    const { hunks } = new ReviewSession({ path: "a", before: base, after });
    const first = resultFor({ hunks, decisions: { [hunks[0]!.id]: "accepted" }, current: base, base });
    const second = resultFor({ hunks, decisions: { [hunks[1]!.id]: "accepted" }, current: first.text, base });
    expect(second).toMatchObject({ text: after, conflicts: [] });
  });
});

describe("textEdit", () => {
  it("is one edit that turns a buffer holding `before` into `after`", () => {
    fc.assert(
      fc.property(
        lineEnding.chain((eol) => uniformText(eol, 10).chain((before) => fc.tuple(fc.constant(before), editedText(before, eol)))),
        ([before, after]) => {
          const buffer = new TextBuffer(before);
          const edit = textEdit(before, after);
          if (edit) buffer.applyEdits([edit]);
          else expect(after).toBe(before);
          // An emptied buffer has no line ending of its own to keep; compare the lines.
          expect(buffer.getLines()).toEqual(new TextBuffer(after).getLines());
        },
      ),
      { numRuns: 400 },
    );
  });

  it("never splits a CRLF or a surrogate pair", () => {
    expect(textEdit("a\r\nb", "a\nb")).toEqual({ range: { startLineNumber: 1, startColumn: 2, endLineNumber: 2, endColumn: 1 }, text: "\n" });
    expect(textEdit("x😀", "x😁")!.text).toBe("😁");
    expect(textEdit("same", "same")).toBeNull();
  });
});
