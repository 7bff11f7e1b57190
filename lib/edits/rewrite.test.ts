import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyHunks } from "./hunks";
import { planRewrite } from "./rewrite";
import { lineEnding, mixedText, uniformText } from "./test-arbitraries";

const all = (plan: { hunks: { id: string }[] }) => plan.hunks.map((h) => h.id);

describe("planRewrite", () => {
  it("turns a new file into one insertion hunk, content untouched", () => {
    const plan = planRewrite(null, "a\r\nb");
    expect(plan.content).toBe("a\r\nb");
    expect(plan.hunks).toMatchObject([{ original: { start: 1, count: 0 }, added: ["a\r\n", "b"] }]);
  });

  it("keeps a CRLF file CRLF when the model writes LF, so only changed lines are hunks", () => {
    const plan = planRewrite("one\r\ntwo\r\nthree\r\n", "one\ntwo!\nthree\nfour\n");
    expect(plan.content).toBe("one\r\ntwo!\r\nthree\r\nfour\r\n");
    expect(plan.hunks.map((h) => [h.removed, h.added])).toEqual([
      [["two\r\n"], ["two!\r\n"]],
      [[], ["four\r\n"]],
    ]);
  });

  it("keeps each unchanged line's ending in a mixed file", () => {
    expect(planRewrite("a\r\nb\nc\r\n", "a\nb\nc\nd\n").content).toBe("a\r\nb\nc\r\nd\r\n");
  });

  it("follows the content on the final newline", () => {
    expect(planRewrite("a\r\nb\r\n", "a\nb").content).toBe("a\r\nb");
    expect(planRewrite("a\r\nb", "a\nb\n").content).toBe("a\r\nb\r\n");
  });

  it("writes the content byte for byte with lineEndings: exact", () => {
    expect(planRewrite("a\r\nb\r\n", "a\nb\n", { lineEndings: "exact" }).content).toBe("a\nb\n");
  });

  it("round-trips exactly: accept-all is the planned content, reject-all the original (property)", () => {
    fc.assert(
      fc.property(mixedText, mixedText, fc.constantFrom("adapt" as const, "exact" as const), (original, content, lineEndings) => {
        const plan = planRewrite(original, content, { lineEndings });
        if (lineEndings === "exact") expect(plan.content).toBe(content);
        expect(applyHunks(original, plan.hunks, all(plan))).toBe(plan.content);
        expect(applyHunks(original, plan.hunks, [])).toBe(original);
        // Adapting only ever changes line endings.
        expect(plan.content.replace(/\r\n/g, "\n")).toBe(content.replace(/\r\n/g, "\n"));
      }),
      { numRuns: 300 },
    );
  });

  it("is the identity for content already in the file's style (property)", () => {
    fc.assert(
      fc.property(lineEnding.chain((eol) => fc.tuple(uniformText(eol), uniformText(eol))), ([original, content]) => {
        fc.pre(original !== "");
        expect(planRewrite(original, content).content).toBe(content);
        expect(planRewrite(original, original).hunks).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
