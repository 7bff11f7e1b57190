import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { resultFor } from "@/lib/edit-planner";
import { applyHunks, computeHunks, rebaseHunks } from "@/lib/edits";
import { editedText, lineEnding, uniformText } from "@/lib/edits/test-arbitraries";

import { takeTheirs } from "./merge";

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join("");

/** A base, the AI's version of it and the user's version of it, all derived by small edits. */
const triple = lineEnding.chain((eol) =>
  uniformText(eol, 14).chain((base) => fc.tuple(fc.constant(base), editedText(base, eol), editedText(base, eol))),
);

describe("takeTheirs", () => {
  it("gives a conflicting hunk its region, dropping the user's edits that touch it", () => {
    const base = lines("a", "b", "c", "d", "e");
    const [hunk] = computeHunks(base, lines("a", "b", "C", "d", "e"));
    // The user prepended a line (a shift), changed the hunk's line and the one after it (touching).
    const current = lines("top", "a", "b", "X", "D", "e");
    expect(takeTheirs(base, current, [hunk!])).toBe(lines("top", "a", "b", "C", "d", "e"));
  });

  it("merges hunks joined by one user edit into one region", () => {
    const base = lines("a", "b", "c", "d", "e", "f");
    const hunks = computeHunks(base, lines("A", "b", "c", "D", "e", "f"));
    expect(hunks).toHaveLength(2);
    const current = lines("a", "x", "y", "d", "e", "f");
    expect(takeTheirs(base, current, hunks)).toBe(lines("A", "b", "c", "D", "e", "f"));
  });

  it("applies the hunks as accepted when the user changed nothing", () => {
    fc.assert(
      fc.property(triple, ([base, theirs]) => {
        const hunks = computeHunks(base, theirs);
        expect(takeTheirs(base, base, hunks)).toBe(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with the rebase for hunks that do not conflict", () => {
    fc.assert(
      fc.property(triple, ([base, theirs, mine]) => {
        const hunks = computeHunks(base, theirs);
        const { applicable } = rebaseHunks(hunks, base, mine);
        const ids = new Set(applicable.map((h) => h.id));
        const clean = hunks.filter((h) => ids.has(h.id));
        const decisions = Object.fromEntries(clean.map((h) => [h.id, "accepted" as const]));
        expect(takeTheirs(base, mine, clean)).toBe(resultFor({ hunks, decisions, current: mine, base }).text);
      }),
      { numRuns: 300 },
    );
  });

  it("always contains every forced hunk's lines, and is exact where the user's text did not change", () => {
    fc.assert(
      fc.property(triple, ([base, theirs, mine]) => {
        const hunks = computeHunks(base, theirs);
        const merged = takeTheirs(base, mine, hunks);
        for (const hunk of hunks) expect(merged).toContain(hunk.added.join(""));
        if (mine === base) expect(merged).toBe(applyHunks(base, hunks, hunks.map((h) => h.id)));
      }),
      { numRuns: 200 },
    );
  });
});
