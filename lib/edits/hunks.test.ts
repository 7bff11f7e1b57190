import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitLinesKeepEnds } from "./eol";
import { StaleHunkError } from "./errors";
import { applyHunks, computeHunks, rebaseHunks, type Hunk } from "./hunks";
import { lineEnding, mixedText } from "./test-arbitraries";

const ids = (hunks: readonly Hunk[]) => hunks.map((h) => h.id);

describe("computeHunks", () => {
  it("describes each change with original and proposed spans and exact lines", () => {
    const hunks = computeHunks("a\r\nb\r\nc\r\nd", "a\r\nB\r\nc\r\nd\n");
    expect(hunks.map(({ original, proposed, removed, added }) => ({ original, proposed, removed, added }))).toEqual([
      { original: { start: 2, count: 1 }, proposed: { start: 2, count: 1 }, removed: ["b\r\n"], added: ["B\r\n"] },
      // The missing final newline is a change of its own.
      { original: { start: 4, count: 1 }, proposed: { start: 4, count: 1 }, removed: ["d"], added: ["d\n"] },
    ]);
  });

  it("gives an insertion count 0, placed before `start`", () => {
    const [hunk] = computeHunks("a\nc\n", "a\nb\nc\n");
    expect(hunk).toMatchObject({ original: { start: 2, count: 0 }, proposed: { start: 2, count: 1 }, added: ["b\n"] });
  });

  it("derives ids from content, so recomputing after accepting one hunk keeps the others' ids", () => {
    const original = "1\n2\n3\n4\n5\n";
    const proposed = "1\nTWO\n3\nFOUR\n5\n";
    const hunks = computeHunks(original, proposed);
    expect(ids(computeHunks(original, proposed))).toEqual(ids(hunks));
    const afterFirst = applyHunks(original, hunks, [hunks[0]!.id]);
    expect(ids(computeHunks(afterFirst, proposed))).toEqual([hunks[1]!.id]);
  });

  it("gives identical changes distinct ids", () => {
    const hunks = computeHunks("x\n-\nx\n", "y\n-\ny\n");
    expect(hunks).toHaveLength(2);
    expect(new Set(ids(hunks)).size).toBe(2);
  });

  it("handles a complete rewrite of a large file without stalling", () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}\n`).join("");
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}\n`).join("");
    const hunks = computeHunks(a, b);
    expect(applyHunks(a, hunks, ids(hunks))).toBe(b);
  });
});

describe("applyHunks", () => {
  it("applies any subset; refuses hunks that do not describe the text", () => {
    const hunks = computeHunks("a\nb\nc\n", "A\nb\nC\n");
    expect(applyHunks("a\nb\nc\n", hunks, [hunks[1]!.id])).toBe("a\nb\nC\n");
    expect(() => applyHunks("a\nX\nc\n", hunks, [])).not.toThrow();
    expect(() => applyHunks("z\nb\nc\n", hunks, [])).toThrow(StaleHunkError);
    expect(() => applyHunks("a\n", hunks, [])).toThrow(/beyond the end/);
    expect(() => applyHunks("a\nb\nc\n", [...hunks].reverse(), [])).toThrow(/out of order/);
  });

  it("accept-all is the proposal and reject-all the original, byte for byte (property)", () => {
    fc.assert(
      fc.property(mixedText, mixedText, (original, proposed) => {
        const hunks = computeHunks(original, proposed);
        expect(applyHunks(original, hunks, ids(hunks))).toBe(proposed);
        expect(applyHunks(original, hunks, [])).toBe(original);
      }),
      { numRuns: 300 },
    );
  });

  it("every subset gives a well-formed text of the expected size (property)", () => {
    const subsetCase = fc
      .tuple(mixedText, mixedText)
      .chain(([original, proposed]) => {
        const hunks = computeHunks(original, proposed);
        return fc.tuple(fc.constant(original), fc.constant(proposed), fc.constant(hunks), fc.subarray(ids(hunks)));
      });
    fc.assert(
      fc.property(subsetCase, ([original, proposed, hunks, accepted]) => {
        const result = applyHunks(original, hunks, accepted);
        const lines = splitLinesKeepEnds(result);
        // Only the last line may lack a terminator: no two lines got glued together.
        expect(lines.slice(0, -1).every((l) => l.endsWith("\n"))).toBe(true);
        const delta = hunks.filter((h) => accepted.includes(h.id)).reduce((n, h) => n + h.added.length - h.removed.length, 0);
        expect(lines.length).toBe(splitLinesKeepEnds(original).length + delta);
        // Accepting the rest afterwards reaches the proposal.
        const rest = rebaseHunks(hunks, original, result);
        expect(rest.conflicts.filter((h) => !accepted.includes(h.id))).toEqual([]);
        const remaining = rest.applicable.filter((h) => !accepted.includes(h.id));
        expect(applyHunks(result, remaining, ids(remaining))).toBe(proposed);
      }),
      { numRuns: 300 },
    );
  });
});

describe("rebaseHunks", () => {
  const base = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const hunks = computeHunks(base, "1\nTWO\n3\n4\n5\n6\n7\nEIGHT\n9\n");

  it("shifts hunks below a user edit and applies them", () => {
    const current = "0\n1\n2\n3\n4\n5\nsix\n7\n8\n9\n";
    const { applicable, conflicts } = rebaseHunks(hunks, base, current);
    expect(conflicts).toEqual([]);
    expect(applicable.map((h) => [h.id, h.original.start])).toEqual([
      [hunks[0]!.id, 3],
      [hunks[1]!.id, 9],
    ]);
    expect(applyHunks(current, applicable, ids(applicable))).toBe("0\n1\nTWO\n3\n4\n5\nsix\n7\nEIGHT\n9\n");
  });

  it("reports overlapping and adjacent edits as conflicts", () => {
    expect(ids(rebaseHunks(hunks, base, base.replace("2\n", "two\n")).conflicts)).toEqual([hunks[0]!.id]);
    expect(ids(rebaseHunks(hunks, base, base.replace("7\n", "7\nnew\n")).conflicts)).toEqual([hunks[1]!.id]);
    expect(ids(rebaseHunks(hunks, base, base.replace("3\n", "three\n")).conflicts)).toEqual([hunks[0]!.id]);
  });

  it("treats two insertions at the same point as a conflict", () => {
    const insert = computeHunks("a\nb\n", "a\nX\nb\n");
    expect(ids(rebaseHunks(insert, "a\nb\n", "a\nY\nb\n").conflicts)).toEqual(ids(insert));
  });

  it("treats hunks that do not describe `base` as conflicts", () => {
    expect(ids(rebaseHunks(hunks, "other\n", "other\n").conflicts)).toEqual(ids(hunks));
  });

  // Blocks of unique lines, each kept, changed by the proposal, or changed by the user;
  // a kept separator line between blocks keeps the two sides' edits from touching.
  const scenario = fc
    .array(fc.record({ kind: fc.constantFrom("keep", "proposal", "user"), remove: fc.nat(3), insert: fc.nat(2), eol: lineEnding }), {
      maxLength: 10,
    })
    .map((blocks) => {
      const base: string[] = [];
      const proposed: string[] = [];
      const current: string[] = [];
      const merged: string[] = [];
      let n = 0;
      blocks.forEach((block, b) => {
        const sep = `sep ${b}${block.eol}`;
        base.push(sep);
        proposed.push(sep);
        current.push(sep);
        merged.push(sep);
        const old = Array.from({ length: block.remove }, () => `line ${n++}${block.eol}`);
        const fresh = Array.from({ length: block.insert }, (_, i) => `${block.kind} ${b}.${i}${block.eol}`);
        base.push(...old);
        proposed.push(...(block.kind === "proposal" ? fresh : old));
        current.push(...(block.kind === "user" ? fresh : old));
        merged.push(...(block.kind === "keep" ? old : fresh));
      });
      return { base: base.join(""), proposed: proposed.join(""), current: current.join(""), merged: merged.join("") };
    });

  it("applies every hunk in regions the user did not touch (property)", () => {
    fc.assert(
      fc.property(scenario, ({ base, proposed, current, merged }) => {
        const hunks = computeHunks(base, proposed);
        const { applicable, conflicts } = rebaseHunks(hunks, base, current);
        expect(conflicts).toEqual([]);
        expect(applyHunks(current, applicable, ids(applicable))).toBe(merged);
        expect(applyHunks(current, applicable, [])).toBe(current);
      }),
      { numRuns: 300 },
    );
  });

  it("never applies a hunk whose lines the user also changed (property)", () => {
    fc.assert(
      fc.property(mixedText, mixedText, fc.nat(), (base, proposed, pick) => {
        const hunks = computeHunks(base, proposed).filter((h) => h.original.count > 0);
        fc.pre(hunks.length > 0);
        const target = hunks[pick % hunks.length]!;
        const lines = splitLinesKeepEnds(base);
        lines[target.original.start - 1] = `user edit\n`;
        const current = lines.join("");
        fc.pre(current !== base);
        const { applicable, conflicts } = rebaseHunks(hunks, base, current);
        expect(ids(conflicts)).toContain(target.id);
        expect(ids(applicable)).not.toContain(target.id);
      }),
      { numRuns: 200 },
    );
  });
});
