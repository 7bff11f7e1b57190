import { describe, expect, it } from "vitest";
import { applyPatch, fileSourceFromMap, type FileSource } from "./apply";
import { PatchError } from "./errors";

const P = (...lines: string[]) => ["*** Begin Patch", ...lines, "*** End Patch", ""].join("\n");

function applyError(patch: string, files: Record<string, string>, source?: FileSource): PatchError {
  try {
    applyPatch(patch, source ?? files);
  } catch (err) {
    if (err instanceof PatchError) return err;
    throw err;
  }
  throw new Error("expected applyPatch to throw");
}

/** Applies and returns the whole tree afterwards. */
function tree(patch: string, files: Record<string, string>): Record<string, string> {
  const out = { ...files };
  for (const [path, text] of applyPatch(patch, files).files) {
    if (text === null) delete out[path];
    else out[path] = text;
  }
  return out;
}

describe("applyPatch: Codex scenarios", () => {
  it("001 add file", () => {
    expect(tree(P("*** Add File: bar.md", "+This is a new file"), {})).toEqual({ "bar.md": "This is a new file\n" });
  });

  it("002 multiple operations", () => {
    const files = { "delete.txt": "obsolete\n", "modify.txt": "line1\nline2\n" };
    const patch = P("*** Add File: nested/new.txt", "+created", "*** Delete File: delete.txt", "*** Update File: modify.txt", "@@", "-line2", "+changed");
    expect(tree(patch, files)).toEqual({ "nested/new.txt": "created\n", "modify.txt": "line1\nchanged\n" });
  });

  it("003 multiple chunks", () => {
    const patch = P("*** Update File: multi.txt", "@@", "-line2", "+changed2", "@@", "-line4", "+changed4");
    expect(tree(patch, { "multi.txt": "line1\nline2\nline3\nline4\n" })["multi.txt"]).toBe("line1\nchanged2\nline3\nchanged4\n");
  });

  it("004/010 move to a new directory, overwriting an existing destination", () => {
    const files = { "old/name.txt": "from\n", "old/other.txt": "keep\n", "renamed/dir/name.txt": "existing\n" };
    const patch = P("*** Update File: old/name.txt", "*** Move to: renamed/dir/name.txt", "@@", "-from", "+new");
    expect(tree(patch, files)).toEqual({ "old/other.txt": "keep\n", "renamed/dir/name.txt": "new\n" });
    expect(applyPatch(patch, files).changes[0]).toMatchObject({ kind: "update", path: "old/name.txt", moveTo: "renamed/dir/name.txt" });
  });

  it("011 add overwrites an existing file", () => {
    const result = applyPatch(P("*** Add File: duplicate.txt", "+new"), { "duplicate.txt": "old\n" });
    expect(result.changes[0]).toEqual({ kind: "add", path: "duplicate.txt", content: "new\n", previous: "old\n" });
  });

  it("014 an updated file ends with a newline", () => {
    const patch = P("*** Update File: no_newline.txt", "@@", "-no newline at end", "+first line", "+second line");
    expect(tree(patch, { "no_newline.txt": "no newline at end" })["no_newline.txt"]).toBe("first line\nsecond line\n");
  });

  it("016 a pure-addition chunk appends at the end", () => {
    const patch = P("*** Update File: input.txt", "@@", "+added line 1", "+added line 2");
    expect(tree(patch, { "input.txt": "line1\nline2\n" })["input.txt"]).toBe("line1\nline2\nadded line 1\nadded line 2\n");
  });

  it("016b a pure addition goes before a final blank line (Codex quirk), even with a @@ context", () => {
    const patch = P("*** Update File: a", "@@ line1", "+added");
    expect(tree(patch, { a: "line1\nline2\n\n" }).a).toBe("line1\nline2\nadded\n\n");
  });

  it("019 unicode", () => {
    const patch = P("*** Update File: foo.txt", "@@", " line1", "-naïve café", "+naïve café ✅");
    expect(tree(patch, { "foo.txt": "line1\nnaïve café\nline3\n" })["foo.txt"]).toBe("line1\nnaïve café ✅\nline3\n");
  });

  it("020 delete a file", () => {
    expect(tree(P("*** Delete File: obsolete.txt"), { "obsolete.txt": "x\n", "keep.txt": "k\n" })).toEqual({ "keep.txt": "k\n" });
  });

  it("021 deletion-only update", () => {
    const patch = P("*** Update File: lines.txt", "@@", " line1", "-line2", " line3");
    expect(tree(patch, { "lines.txt": "line1\nline2\nline3\n" })["lines.txt"]).toBe("line1\nline3\n");
  });

  it("022 *** End of File anchors the chunk at the end", () => {
    const files = { "tail.txt": "second\nfirst\nsecond\n" };
    const patch = P("*** Update File: tail.txt", "@@", " first", "-second", "+second updated", "*** End of File");
    expect(tree(patch, files)["tail.txt"]).toBe("second\nfirst\nsecond updated\n");
    const unanchored = P("*** Update File: tail.txt", "@@", "-second", "+second updated");
    expect(tree(unanchored, files)["tail.txt"]).toBe("second updated\nfirst\nsecond\n");
    const anchored = P("*** Update File: tail.txt", "@@", "-second", "+second updated", "*** End of File");
    expect(tree(anchored, files)["tail.txt"]).toBe("second\nfirst\nsecond updated\n");
  });

  it("rejects an EOF-anchored chunk whose lines are not at the end", () => {
    const err = applyError(P("*** Update File: a", "@@", "-x", "+y", "*** End of File"), { a: "x\nz\n" });
    expect(err.code).toBe("context_not_found");
  });
});

describe("applyPatch: locating chunks", () => {
  it("seeks @@ context first, then the lines after it", () => {
    const files = { "a.py": "def f():\n    return 1\ndef g():\n    return 1\n" };
    const patch = P("*** Update File: a.py", "@@ def g():", "-    return 1", "+    return 2");
    expect(tree(patch, files)["a.py"]).toBe("def f():\n    return 1\ndef g():\n    return 2\n");
  });

  it("walks multiple @@ levels in order", () => {
    const text = ["class A:", "  def m():", "    x = 1", "class B:", "  def n():", "    x = 1", "  def m():", "    x = 1", ""].join("\n");
    const patch = P("*** Update File: a.py", "@@ class B:", "@@   def m():", "-    x = 1", "+    x = 2");
    expect(tree(patch, { "a.py": text })["a.py"]).toBe(text.replace(/ {4}x = 1\n$/, "    x = 2\n"));
  });

  it("searches each chunk from where the previous one ended", () => {
    const patch = P("*** Update File: a", "@@", "-x", "+1", "@@", "-x", "+2");
    expect(tree(patch, { a: "x\ny\nx\n" }).a).toBe("1\ny\n2\n");
  });

  it.each([
    ["trailing whitespace", "value = 1   \t", "value = 1"],
    ["surrounding whitespace", "    value = 1", "value = 1"],
    ["curly quotes", "say(“hi”, ‘x’)", 'say("hi", \'x\')'],
    ["dashes", "a – b — c ‐ d − e", "a - b - c - d - e"],
    ["non-breaking spaces", "a\u00a0b\u202fc\u3000d", "a b c d"],
  ])("matches despite %s, and keeps the file's bytes for context lines", (_name, inFile, inPatch) => {
    const files = { a: `${inFile}\nold\n` };
    const patch = P("*** Update File: a", "@@", ` ${inPatch}`, "-old", "+new");
    // Codex rewrites fuzzily matched context with the patch's text; we never touch it.
    expect(tree(patch, files).a).toBe(`${inFile}\nnew\n`);
  });

  it("prefers an exact match later in the file over a fuzzy one earlier", () => {
    const patch = P("*** Update File: a", "@@", "-foo", "+bar");
    expect(tree(patch, { a: "foo  \nfoo\n" }).a).toBe("foo  \nbar\n");
  });

  it("retries without a trailing empty context line (the file's final newline)", () => {
    const patch = P("*** Update File: a", "@@", " a", "-b", "+c", "");
    expect(tree(patch, { a: "a\nb\n" }).a).toBe("a\nc\n");
  });

  it("keeps astral characters and multi-byte text intact", () => {
    const files = { a: "😀 start\n中文行\n🚀 end\n" };
    const patch = P("*** Update File: a", "@@", " 😀 start", "-中文行", "+中文 ✅ 行", " 🚀 end");
    expect(tree(patch, files).a).toBe("😀 start\n中文 ✅ 行\n🚀 end\n");
  });

  it("reports the chunk line when lines are missing", () => {
    const err = applyError(P("*** Update File: src/a.ts", "@@", "-nope", "+x"), { "src/a.ts": "a\n" });
    expect([err.code, err.operation, err.path, err.line]).toEqual(["context_not_found", "update", "src/a.ts", 3]);
    expect(err.message).toMatch(/^update src\/a\.ts: could not find the hunk's lines: "nope" \(patch line 3\)$/);
  });

  it("reports a missing @@ context", () => {
    const err = applyError(P("*** Update File: a", "@@ def missing():", "-x", "+y"), { a: "x\n" });
    expect([err.code, err.line]).toEqual(["context_not_found", 3]);
    expect(err.message).toContain('could not find context "def missing():"');
  });
});

describe("applyPatch: line endings", () => {
  it("keeps CRLF files CRLF", () => {
    const patch = P("*** Update File: a", "@@", " one", "-two", "+TWO", "+2b");
    expect(tree(patch, { a: "one\r\ntwo\r\nthree\r\n" }).a).toBe("one\r\nTWO\r\n2b\r\nthree\r\n");
  });

  it("keeps each untouched line's own ending in a mixed file; new lines take the dominant one", () => {
    const files = { a: "a\r\nb\nc\r\nd\r\ne\n" };
    const patch = P("*** Update File: a", "@@", " b", "-c", "+C", " d");
    expect(tree(patch, files).a).toBe("a\r\nb\nC\r\nd\r\ne\n");
    const lfDominant = { a: "a\nb\r\nc\nd\n" };
    expect(tree(P("*** Update File: a", "@@", " b", "+new"), lfDominant).a).toBe("a\nb\r\nnew\nc\nd\n");
  });

  it("adds the dominant ending to an unterminated last line", () => {
    expect(tree(P("*** Update File: a", "@@", " x", "+y"), { a: "w\r\nx" }).a).toBe("w\r\nx\r\ny\r\n");
    expect(tree(P("*** Update File: a", "@@", "-w", "+W"), { a: "w\r\nx" }).a).toBe("W\r\nx\r\n");
  });

  it("writes added files with LF, like Codex", () => {
    expect(tree(P("*** Add File: a", "+x", "+y"), {}).a).toBe("x\ny\n");
  });

  it("leaves an update that empties the file empty", () => {
    expect(tree(P("*** Update File: a", "@@", "-x", "-y"), { a: "x\ny\n" }).a).toBe("");
  });
});

describe("applyPatch: operations and failures", () => {
  it("applies operations in order, each seeing the previous ones", () => {
    const patch = P("*** Add File: a", "+one", "*** Update File: a", "@@", "-one", "+two", "*** Update File: a", "*** Move to: b", "@@", "-two", "+three");
    const result = applyPatch(patch, {});
    expect(result.changes.map((c) => c.kind)).toEqual(["add", "update", "update"]);
    expect([...result.files]).toEqual([["b", "three\n"]]);
  });

  it("leaves paths whose net content did not change out of `files`", () => {
    const result = applyPatch(P("*** Update File: a", "@@", " same"), { a: "same\n" });
    expect(result.changes).toHaveLength(1);
    expect(result.files.size).toBe(0);
  });

  it.each([
    ["update of a missing file", P("*** Update File: missing.txt", "@@", "-x", "+y"), "missing_file", "update", "missing.txt", 2],
    ["delete of a missing file", P("*** Delete File: missing.txt"), "missing_file", "delete", "missing.txt", 2],
    ["delete of a directory", P("*** Delete File: dir"), "is_directory", "delete", "dir", 2],
    ["update of a directory", P("*** Update File: dir", "@@", "+x"), "is_directory", "update", "dir", 2],
    ["add onto a directory", P("*** Add File: dir", "+x"), "is_directory", "add", "dir", 2],
    ["add under a file", P("*** Add File: file.txt/child", "+x"), "parent_not_directory", "add", "file.txt/child", 2],
    ["move onto a directory", P("*** Update File: file.txt", "*** Move to: dir", "@@", "-f", "+g"), "is_directory", "update", "file.txt", 2],
    ["update after delete", P("*** Delete File: file.txt", "*** Update File: file.txt", "@@", "+x"), "missing_file", "update", "file.txt", 3],
  ])("%s is an error", (_name, patch, code, operation, path, line) => {
    const files = { "dir/inner.txt": "x\n", "file.txt": "f\n" };
    const err = applyError(patch, files);
    expect([err.code, err.operation, err.path, err.line]).toEqual([code, operation, path, line]);
  });

  it("sees directories created earlier in the same patch", () => {
    const err = applyError(P("*** Add File: new/x.txt", "+x", "*** Delete File: new"), {});
    expect(err.code).toBe("is_directory");
  });

  it("is all or nothing: a late failure leaves no partial result and the input untouched", () => {
    const files = new Map([["a", "a\n"]]);
    const patch = P("*** Add File: created.txt", "+hello", "*** Update File: a", "@@", "-missing", "+x");
    expect(() => applyPatch(patch, files)).toThrow(PatchError);
    expect([...files]).toEqual([["a", "a\n"]]);
  });

  it("rejects a hand-built empty patch", () => {
    expect(() => applyPatch({ operations: [] }, {})).toThrow(/no file operations/);
  });

  it("reads each base file once through a FileSource", () => {
    const reads: string[] = [];
    const inner = fileSourceFromMap({ a: "x\n" });
    const source: FileSource = { readFile: (p) => (reads.push(p), inner.readFile(p)), isDirectory: inner.isDirectory };
    applyPatch(P("*** Update File: a", "@@", "-x", "+y", "*** Update File: a", "@@", "-y", "+z"), source);
    expect(reads).toEqual(["a"]);
  });
});
