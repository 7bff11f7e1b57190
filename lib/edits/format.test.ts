import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPatch } from "./apply";
import { PatchError } from "./errors";
import { formatPatch, type FileEdit } from "./format";
import { parsePatch } from "./patch-parser";
import { dressPatch, editScenario, lineEnding, patchDressing, uniformText } from "./test-arbitraries";

function roundTrip(files: Record<string, string>, edits: FileEdit[]): Record<string, string> {
  const out = { ...files };
  for (const [path, text] of applyPatch(parsePatch(formatPatch(edits)), files).files) {
    if (text === null) delete out[path];
    else out[path] = text;
  }
  return out;
}

describe("formatPatch", () => {
  it("writes Codex's format with 3 lines of context and EOF anchoring", () => {
    const previous = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
    const content = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n";
    expect(
      formatPatch([
        { kind: "update", path: "a.txt", moveTo: "b.txt", previous, content },
        { kind: "add", path: "n.txt", content: "x\ny\n" },
        { kind: "delete", path: "old.txt" },
      ]),
    ).toBe(
      [
        "*** Begin Patch",
        "*** Update File: a.txt",
        "*** Move to: b.txt",
        "@@",
        " 2",
        " 3",
        " 4",
        "-5",
        "+five",
        " 6",
        " 7",
        " 8",
        "@@",
        " 10",
        " 11",
        " 12",
        "+13",
        "*** End of File",
        "*** Add File: n.txt",
        "+x",
        "+y",
        "*** Delete File: old.txt",
        "*** End Patch",
        "",
      ].join("\n"),
    );
  });

  it("widens context until the first match from the previous chunk is the right place", () => {
    const block = "if (x) {\n  y();\n}\n";
    const previous = `${block}${block}${block}tail\n`;
    const content = `${block}${block}if (x) {\n  z();\n}\ntail\n`;
    const patch = formatPatch([{ kind: "update", path: "a", previous, content }], { context: 1 });
    expect(roundTrip({ a: previous }, [{ kind: "update", path: "a", previous, content }]).a).toBe(content);
    expect(patch.split("\n").filter((l) => l.startsWith(" ")).length).toBeGreaterThan(2);
  });

  it("escapes file lines that would read as markers", () => {
    const previous = "a\n*** End Patch\n  *** End of File\nb\n";
    const content = "a\n*** End Patch\n  *** End of File\nB\n";
    const patch = formatPatch([{ kind: "update", path: "a", previous, content }]);
    expect(patch).toContain("-*** End Patch\n+*** End Patch\n");
    expect(roundTrip({ a: previous }, [{ kind: "update", path: "a", previous, content }]).a).toBe(content);
  });

  it("expresses a pure rename, even of an empty file", () => {
    expect(roundTrip({ a: "x\n" }, [{ kind: "update", path: "a", moveTo: "b", previous: "x\n", content: "x\n" }])).toEqual({ b: "x\n" });
    expect(roundTrip({ a: "" }, [{ kind: "update", path: "a", moveTo: "b", previous: "", content: "" }])).toEqual({ b: "" });
  });

  it("skips unchanged updates and refuses an empty result", () => {
    const unchanged: FileEdit = { kind: "update", path: "a", previous: "x\n", content: "x\n" };
    expect(formatPatch([unchanged, { kind: "delete", path: "b" }])).toBe("*** Begin Patch\n*** Delete File: b\n*** End Patch\n");
    expect(() => formatPatch([unchanged])).toThrow(PatchError);
  });

  it("refuses paths that escape the project", () => {
    expect(() => formatPatch([{ kind: "delete", path: "../x" }])).toThrow(RangeError);
  });

  it("round-trips: original + proposed → formatPatch → parse → apply == proposed (property)", () => {
    fc.assert(
      fc.property(editScenario, patchDressing, ({ files, edits, expected }, dressing) => {
        const text = dressPatch(formatPatch(edits), dressing);
        const result = applyPatch(parsePatch(text), files);
        const final = new Map(files);
        for (const [path, content] of result.files) {
          if (content === null) final.delete(path);
          else final.set(path, content);
        }
        for (const [path, content] of expected) {
          if (content === null) expect(final.has(path), path).toBe(false);
          else expect(final.get(path), path).toBe(content);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips single-file edits with any context size, including repeated lines (property)", () => {
    const edit = lineEnding.chain((eol) => fc.tuple(uniformText(eol, 30), uniformText(eol, 30), fc.integer({ min: 0, max: 4 })));
    fc.assert(
      fc.property(edit, ([previous, content, context]) => {
        fc.pre(previous !== "" && previous !== content);
        const patch = formatPatch([{ kind: "update", path: "f", previous, content }], { context });
        expect(applyPatch(patch, { f: previous }).files.get("f")).toBe(content);
      }),
      { numRuns: 300 },
    );
  });
});
