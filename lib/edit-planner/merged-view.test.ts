import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { computeHunks, splitText } from "@/lib/edits";
import { mixedText, poolLine } from "@/lib/edits/test-arbitraries";

import { displayText, mergeHunks, MergedDoc, reconcile, sideTexts, TextBuffer, type EditOp, type LineKind, type MergedLines } from "./merged-view";

const KINDS: readonly LineKind[] = ["context", "removed", "added", "pending"];
const kind = fc.constantFrom(...KINDS);
const mergedLines: fc.Arbitrary<MergedLines> = fc
  .array(fc.tuple(poolLine, kind), { maxLength: 12 })
  .chain((rows) => fc.record({ texts: fc.constant(rows.map((r) => r[0])), kinds: fc.constant(rows.map((r) => r[1])), terminated: fc.boolean() }));

type Step =
  | { type: "splice"; at: number; deleteCount: number; texts: string[]; kind: LineKind }
  | { type: "append"; at: number; text: string }
  | { type: "setText"; at: number; text: string }
  | { type: "kinds"; at: number; count: number; kind: LineKind }
  | { type: "terminated"; value: boolean }
  | { type: "take" };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant("splice" as const), at: fc.nat(), deleteCount: fc.nat(3), texts: fc.array(poolLine, { maxLength: 3 }), kind }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("append" as const), at: fc.nat(), text: poolLine }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("setText" as const), at: fc.nat(), text: poolLine }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("kinds" as const), at: fc.nat(), count: fc.nat(4), kind }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("terminated" as const), value: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ type: "take" as const }) },
);

function run(doc: MergedDoc, s: Step, buffer: TextBuffer): void {
  const n = doc.lineCount;
  switch (s.type) {
    case "splice": {
      const at = s.at % (n + 1);
      doc.splice(at, Math.min(s.deleteCount, n - at), s.texts, s.kind);
      return;
    }
    case "append":
      if (n > 0) doc.splice(s.at % n, 1, [doc.text(s.at % n) + s.text], doc.kind(s.at % n));
      return;
    case "setText":
      if (n > 0) doc.splice(s.at % n, 1, [s.text], doc.kind(s.at % n));
      return;
    case "kinds":
      if (n > 0) doc.setKinds(s.at % n, Math.min(s.count, n - (s.at % n)), s.kind);
      return;
    case "terminated":
      doc.reconcileTo({ texts: [...doc.texts], kinds: [...doc.kinds], terminated: s.value });
      return;
    case "take":
      buffer.applyEdits(doc.takeEdits());
      expect(buffer.getValue()).toBe(displayText(doc));
  }
}

describe("MergedDoc edits", () => {
  it("turn the display at one take into the display at the next, for any steps and take points", () => {
    fc.assert(
      fc.property(mergedLines, fc.array(step, { maxLength: 40 }), (initial, steps) => {
        const doc = MergedDoc.from(initial);
        const buffer = new TextBuffer(displayText(initial));
        for (const s of steps) run(doc, s, buffer);
        run(doc, { type: "take" }, buffer);
        expect(doc.dirty).toBe(false);
        expect(doc.takeEdits()).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it("give the same final text whether taken after every step or once", () => {
    fc.assert(
      fc.property(mergedLines, fc.array(step, { maxLength: 30 }), (initial, steps) => {
        const eager = MergedDoc.from(initial);
        const lazy = MergedDoc.from(initial);
        const eagerBuffer = new TextBuffer(displayText(initial));
        const lazyBuffer = new TextBuffer(displayText(initial));
        const changes = steps.filter((s) => s.type !== "take");
        for (const s of changes) {
          run(eager, s, eagerBuffer);
          run(eager, { type: "take" }, eagerBuffer);
          run(lazy, s, lazyBuffer);
        }
        const ops = lazy.takeEdits();
        lazyBuffer.applyEdits(ops);
        expect(lazyBuffer.getValue()).toBe(eagerBuffer.getValue());
        expect(lazy.kinds).toEqual(eager.kinds);
        // Regions never touch, so one take has at most one edit per splice or line edit.
        expect(ops.length).toBeLessThanOrEqual(Math.max(1, changes.length));
      }),
      { numRuns: 500 },
    );
  });

  it("shows a line being typed as insertions at its end", () => {
    const doc = MergedDoc.fromText("a\nb\n");
    doc.splice(1, 0, ["con"], "pending");
    expect(doc.takeEdits()).toEqual([{ range: { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 1 }, text: "con\n" }]);
    doc.splice(1, 1, ["cons"], "pending");
    doc.splice(1, 1, ["const x"], "pending");
    expect(doc.takeEdits()).toEqual([{ range: { startLineNumber: 2, startColumn: 4, endLineNumber: 2, endColumn: 4 }, text: "st x" }]);
    doc.setKinds(1, 1, "added");
    expect(doc.dirty).toBe(true);
    expect(doc.takeEdits()).toEqual([]);
    expect(doc.decorations()).toEqual({ added: [{ startLineNumber: 2, endLineNumber: 2 }], removed: [] });
  });

  it("appends and deletes at the end of a file without a final newline", () => {
    const doc = MergedDoc.fromText("a\nb");
    const buffer = new TextBuffer("a\nb");
    doc.splice(2, 0, ["c"], "added");
    const append: EditOp[] = doc.takeEdits();
    expect(append).toEqual([{ range: { startLineNumber: 2, startColumn: 2, endLineNumber: 2, endColumn: 2 }, text: "\nc" }]);
    buffer.applyEdits(append);
    expect(buffer.getValue()).toBe("a\nb\nc");
    doc.splice(1, 2, [], "context");
    const remove = doc.takeEdits();
    expect(remove).toEqual([{ range: { startLineNumber: 1, startColumn: 2, endLineNumber: 3, endColumn: 2 }, text: "" }]);
    buffer.applyEdits(remove);
    expect(buffer.getValue()).toBe("a");
  });

  it("never splits a surrogate pair", () => {
    const doc = MergedDoc.fromText("a😀\n");
    doc.splice(0, 1, ["a😁"], "context");
    expect(doc.takeEdits()).toEqual([{ range: { startLineNumber: 1, startColumn: 2, endLineNumber: 1, endColumn: 4 }, text: "😁" }]);
  });

  it("keeps decorations as full runs per kind", () => {
    const doc = new MergedDoc(["a", "b", "c", "d", "e", "f"], ["removed", "removed", "added", "context", "pending", "added"], true);
    expect(doc.decorations()).toEqual({
      added: [
        { startLineNumber: 3, endLineNumber: 3 },
        { startLineNumber: 6, endLineNumber: 6 },
      ],
      removed: [{ startLineNumber: 1, endLineNumber: 2 }],
      pending: { startLineNumber: 5, endLineNumber: 5 },
    });
  });

  it("computes decorations after any steps as from scratch, keeping the runs above the first change as the same objects", () => {
    fc.assert(
      fc.property(mergedLines, fc.array(fc.oneof(step, fc.constant({ type: "decorate" as const })), { maxLength: 40 }), (initial, steps) => {
        const doc = MergedDoc.from(initial);
        const buffer = new TextBuffer(displayText(initial));
        let before = doc.decorations();
        // The first line index a step since `before` spliced or re-kinded.
        let changedAt = Infinity;
        for (const s of steps) {
          if (s.type !== "decorate") {
            const n = doc.lineCount;
            if (s.type === "splice") changedAt = Math.min(changedAt, s.at % (n + 1));
            else if ((s.type === "append" || s.type === "setText" || s.type === "kinds") && n > 0) changedAt = Math.min(changedAt, s.at % n);
            run(doc, s, buffer);
            continue;
          }
          const now = doc.decorations();
          expect(now).toEqual(MergedDoc.from({ texts: doc.texts, kinds: doc.kinds, terminated: doc.terminated }).decorations());
          const unchanged = (r: { endLineNumber: number }) => r.endLineNumber < changedAt;
          now.added.filter(unchanged).forEach((r, i) => expect(r).toBe(before.added[i]));
          now.removed.filter(unchanged).forEach((r, i) => expect(r).toBe(before.removed[i]));
          if (now.pending && unchanged(now.pending)) expect(now.pending).toBe(before.pending);
          if (changedAt === Infinity) expect(now).toBe(before);
          before = now;
          changedAt = Infinity;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps the runs above a change at the end as the same objects", () => {
    const doc = new MergedDoc(["a", "b", "c", "d", "e"], ["removed", "added", "context", "added", "pending"], true);
    const before = doc.decorations();
    doc.splice(4, 1, ["e2", "f"], "added");
    const after = doc.decorations();
    expect(after.removed[0]).toBe(before.removed[0]);
    expect(after.added[0]).toBe(before.added[0]);
    expect(after.added[1]).not.toBe(before.added[1]);
    expect(after).toEqual({ added: [{ startLineNumber: 2, endLineNumber: 2 }, { startLineNumber: 4, endLineNumber: 6 }], removed: [{ startLineNumber: 1, endLineNumber: 1 }] });
    expect(doc.decorations()).toBe(after);
  });
});

describe("mergeHunks and sideTexts", () => {
  it("display a file as Monaco shows it, before any change", () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const lf = text.replace(/\r\n/g, "\n");
        expect(displayText(MergedDoc.fromText(text))).toBe(lf);
        expect(displayText(mergeHunks(text, []))).toBe(lf);
        expect(new TextBuffer(text).getLines()).toEqual(new TextBuffer(lf).getLines());
      }),
    );
  });

  it("gives back both texts' lines and starts each hunk at its first changed line", () => {
    fc.assert(
      fc.property(mixedText, mixedText, (before, after) => {
        const hunks = computeHunks(before, after);
        const merged = mergeHunks(before, hunks);
        expect(sideTexts(merged, "before")).toEqual(splitText(before).texts);
        expect(sideTexts(merged, "after")).toEqual(splitText(after).texts);
        hunks.forEach((hunk, k) => {
          const start = merged.hunkStarts[k]!;
          expect(merged.kinds[start]).toBe(hunk.removed.length > 0 ? "removed" : "added");
          expect(merged.kinds[start - 1] ?? "context").toBe("context");
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe("reconcile", () => {
  it("turns any view's display into any other's, and touches nothing when they agree", () => {
    fc.assert(
      fc.property(mergedLines, mergedLines, (current, target) => {
        const buffer = new TextBuffer(displayText(current));
        buffer.applyEdits(reconcile(current, target));
        expect(buffer.getValue()).toBe(displayText(target));
        expect(reconcile(current, { ...current, kinds: current.kinds.map(() => "added") })).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("edits only the lines that differ", () => {
    const current = MergedDoc.fromText(Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join(""));
    const target = { texts: current.texts.map((t, i) => (i === 500 ? "changed" : t)), kinds: current.kinds, terminated: true };
    expect(reconcile(current, target)).toEqual([{ range: { startLineNumber: 501, startColumn: 1, endLineNumber: 501, endColumn: 9 }, text: "changed" }]);
  });
});

describe("TextBuffer", () => {
  it("normalises line endings like Monaco and keeps them on getValue", () => {
    const buffer = new TextBuffer("a\r\nb\r\nc\n");
    expect(buffer.eol).toBe("\r\n");
    expect(buffer.getLines()).toEqual(["a", "b", "c", ""]);
    buffer.applyEdits([{ range: { startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 1 }, text: "x\ny\n" }]);
    expect(buffer.getValue()).toBe("a\r\nx\r\ny\r\nb\r\nc\r\n");
    expect(new TextBuffer("a\nb\r\n").eol).toBe("\n");
  });

  it("applies a batch against the text before it: touching edits and same-point inserts in order", () => {
    const buffer = new TextBuffer("abc\ndef");
    const at = (line: number, column: number, endLine = line, endColumn = column) => ({ startLineNumber: line, startColumn: column, endLineNumber: endLine, endColumn });
    buffer.applyEdits([
      { range: at(2, 1, 2, 2), text: "D" },
      { range: at(1, 2, 1, 3), text: "B" },
      { range: at(1, 3, 2, 1), text: "-" },
      { range: at(1, 1), text: "1" },
      { range: at(1, 1), text: "2" },
    ]);
    expect(buffer.getValue()).toBe("12aB-Def");
  });

  it("rejects overlapping and out-of-range edits", () => {
    const buffer = new TextBuffer("abc\ndef");
    const range = (a: number, b: number, c: number, d: number) => ({ startLineNumber: a, startColumn: b, endLineNumber: c, endColumn: d });
    expect(() => buffer.applyEdits([{ range: range(1, 1, 1, 3), text: "" }, { range: range(1, 2, 2, 1), text: "" }])).toThrow(/overlapping/);
    expect(() => buffer.applyEdits([{ range: range(1, 5, 1, 5), text: "" }])).toThrow(/invalid range/);
    expect(() => buffer.applyEdits([{ range: range(3, 1, 3, 1), text: "" }])).toThrow(/invalid range/);
    expect(() => buffer.applyEdits([{ range: range(2, 1, 1, 1), text: "" }])).toThrow(/invalid range/);
    expect(buffer.getValue()).toBe("abc\ndef");
  });

  it("splices more lines than spread arguments allow", () => {
    const buffer = new TextBuffer("x");
    const many = Array.from({ length: 200_000 }, (_, i) => `${i}`);
    buffer.applyEdits([{ range: { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 1 }, text: `${many.join("\n")}\n` }]);
    expect(buffer.lineCount).toBe(200_001);
    expect(buffer.getLines().at(-1)).toBe("x");
  });
});
