import { describe, expect, it } from "vitest";
import { PatchError } from "./errors";
import { addedFileContent, chunkSides, parsePatch, type UpdateOperation } from "./patch-parser";

function parseError(text: string): PatchError {
  try {
    parsePatch(text);
  } catch (err) {
    if (err instanceof PatchError) return err;
    throw err;
  }
  throw new Error("expected parsePatch to throw");
}

function update(text: string, index = 0): UpdateOperation {
  const op = parsePatch(text).operations[index]!;
  if (op.kind !== "update") throw new Error(`operation ${index} is ${op.kind}`);
  return op;
}

describe("parsePatch: grammar", () => {
  it("parses add, delete and update with move, recording patch lines", () => {
    const patch = parsePatch(
      [
        "*** Begin Patch",
        "*** Add File: path/add.py",
        "+abc",
        "+def",
        "*** Delete File: path/delete.py",
        "*** Update File: path/update.py",
        "*** Move to: path/update2.py",
        "@@ def f():",
        "-    pass",
        "+    return 123",
        "*** End Patch",
      ].join("\n"),
    );
    expect(patch.operations).toEqual([
      { kind: "add", path: "path/add.py", lines: ["abc", "def"], line: 2 },
      { kind: "delete", path: "path/delete.py", line: 5 },
      {
        kind: "update",
        path: "path/update.py",
        moveTo: "path/update2.py",
        line: 6,
        chunks: [
          {
            contexts: ["def f():"],
            lines: [
              { kind: "remove", text: "    pass" },
              { kind: "add", text: "    return 123" },
            ],
            isEndOfFile: false,
            line: 8,
          },
        ],
      },
    ]);
    expect(addedFileContent(patch.operations[0] as never)).toBe("abc\ndef\n");
  });

  it("allows an add with no lines (an empty file)", () => {
    const op = parsePatch("*** Begin Patch\n*** Add File: empty.txt\n*** End Patch").operations[0]!;
    expect(op).toEqual({ kind: "add", path: "empty.txt", lines: [], line: 2 });
  });

  it("reads the first chunk without @@, as Codex does", () => {
    const op = update("*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch");
    expect(chunkSides(op.chunks[0]!)).toEqual({ oldLines: ["import foo"], newLines: ["import foo", "bar"] });
  });

  it("treats an empty line inside a chunk as empty context", () => {
    const op = update("*** Begin Patch\n*** Update File: a\n@@ ctx\n\n context\n-remove\n+add\n context2\n*** End Patch");
    expect(chunkSides(op.chunks[0]!)).toEqual({
      oldLines: ["", "context", "remove", "context2"],
      newLines: ["", "context", "add", "context2"],
    });
  });

  it("collects several @@ context levels, in order, for one chunk", () => {
    const op = update(
      "*** Begin Patch\n*** Update File: a.py\n@@ class BaseClass\n@@ \t def method():\n-    x = 1\n+    x = 2\n*** End Patch",
    );
    expect(op.chunks[0]!.contexts).toEqual(["class BaseClass", "\t def method():"]);
    expect(op.chunks[0]!.line).toBe(3);
  });

  it("splits chunks at each @@ and marks *** End of File", () => {
    const op = update("*** Begin Patch\n*** Update File: a\n@@\n-a\n+b\n@@\n-c\n+d\n*** End of File\n*** End Patch");
    expect(op.chunks.map((c) => [c.line, c.isEndOfFile])).toEqual([
      [3, false],
      [6, true],
    ]);
  });

  it("ignores unified-diff ranges in @@ headers but keeps the trailing header", () => {
    const op = update("*** Begin Patch\n*** Update File: a\n@@ -12,3 +12,4 @@ fn main()\n-a\n+b\n@@ -1 +1 @@\n-c\n+d\n*** End Patch");
    expect(op.chunks.map((c) => c.contexts)).toEqual([["fn main()"], []]);
  });

  it("continues with the next operation after an update chunk", () => {
    const ops = parsePatch("*** Begin Patch\n*** Update File: file.py\n@@\n+line\n*** Add File: other.py\n+content\n*** End Patch").operations;
    expect(ops.map((o) => [o.kind, o.path])).toEqual([
      ["update", "file.py"],
      ["add", "other.py"],
    ]);
  });

  it("normalises paths", () => {
    expect(parsePatch("*** Begin Patch\n*** Delete File: ./a//b/./c.txt\n*** End Patch").operations[0]!.path).toBe("a/b/c.txt");
  });
});

describe("parsePatch: leniency (Codex compatible)", () => {
  const body = "*** Update File: file2.py\n import foo\n+bar";

  it.each([
    ["<<EOF", "EOF"],
    ["<<'EOF'", "EOF"],
    ['<<"EOF"', "EOF"],
  ])("unwraps a %s heredoc", (open, close) => {
    const ops = parsePatch(`${open}\n*** Begin Patch\n${body}\n*** End Patch\n${close}\n`).operations;
    expect(ops).toHaveLength(1);
    expect(ops[0]!.line).toBe(3);
  });

  it("rejects a heredoc with mismatched quotes", () => {
    expect(parseError(`<<"EOF'\n*** Begin Patch\n${body}\n*** End Patch\nEOF\n`).code).toBe("missing_begin");
  });

  it("tolerates whitespace around marker lines", () => {
    const text = "  *** Begin Patch \n  *** Update File: foo.txt  \n@@\n-old\n+new\n *** End Patch \n";
    expect(update(text).path).toBe("foo.txt");
    expect(parsePatch(" *** Begin Patch\n*** Add File: x\n+1\n *** End Patch").operations).toHaveLength(1);
  });

  it("accepts CRLF patch text and strips the CR from every line", () => {
    const op = update("*** Begin Patch\r\n*** Update File: a\r\n@@\r\n-x\r\n+y\r\n*** End Patch\r\n");
    expect(chunkSides(op.chunks[0]!)).toEqual({ oldLines: ["x"], newLines: ["y"] });
  });

  it("skips blank lines between operations and around the envelope", () => {
    const ops = parsePatch("\n\n*** Begin Patch\n\n*** Delete File: a\n\n*** Delete File: b\n\n*** End Patch\n\n").operations;
    expect(ops.map((o) => o.path)).toEqual(["a", "b"]);
  });

  it("treats '@@' with only spaces after it as no context", () => {
    expect(update("*** Begin Patch\n*** Update File: a\n@@   \n-x\n+y\n*** End Patch").chunks[0]!.contexts).toEqual([]);
  });

  it("reads an indented *** End of File as the marker", () => {
    expect(update("*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\n *** End of File\n*** End Patch").chunks[0]!.isEndOfFile).toBe(true);
  });
});

describe("parsePatch: errors name the operation, path and line", () => {
  it.each([
    ["", "empty_patch", 1, null],
    ["   \n\n", "empty_patch", 2, null],
    ["*** Begin Patch\n*** End Patch", "empty_patch", 2, null],
    ["bad", "missing_begin", 1, null],
    ["*** Begin Patch\n*** Add File: a\n+x", "missing_end", 3, "add"],
    ["*** Begin Patch\n*** Frobnicate File: foo\n*** End Patch", "unknown_header", 2, null],
    ["*** Begin Patch\n*** Delete File: a\n*** End Patch\ngarbage", "trailing_content", 4, null],
    ["*** Begin Patch\n*** Update File: test.py\n*** End Patch", "empty_update", 2, "update"],
    ["*** Begin Patch\n*** Update File: a\n@@\n*** End Patch", "empty_hunk", 4, "update"],
    ["*** Begin Patch\n*** Update File: a\n@@\n*** End of File\n*** End Patch", "empty_hunk", 4, "update"],
    ["*** Begin Patch\n*** Update File: a\n@@\nbad\n*** End Patch", "invalid_hunk_line", 4, "update"],
    ["*** Begin Patch\n*** Update File: a\nbad\n*** End Patch", "invalid_hunk_line", 3, "update"],
    ["*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\n-z\n*** End of File\nbad\n*** End Patch", "invalid_hunk_line", 8, "update"],
    ["*** Begin Patch\n*** Add File: /etc/passwd\n+x\n*** End Patch", "invalid_path", 2, "add"],
    ["*** Begin Patch\n*** Delete File: ../up.txt\n*** End Patch", "invalid_path", 2, "delete"],
    ["*** Begin Patch\n*** Update File: a\n*** Move to: C:/x\n@@\n+y\n*** End Patch", "invalid_path", 3, "update"],
    ["*** Begin Patch\n*** Add File:\n*** End Patch", "invalid_path", 2, "add"],
  ])("%j → %s at line %i", (text, code, line, operation) => {
    const err = parseError(text);
    expect(err.code).toBe(code);
    expect(err.line).toBe(line);
    expect(err.operation).toBe(operation);
    expect(err.message).toContain(`(patch line ${line})`);
    expect(err.message).not.toContain("\n");
  });

  it("puts operation and path first in the message", () => {
    const err = parseError("*** Begin Patch\n*** Update File: src/app.ts\n@@\nbad\n*** End Patch");
    expect(err.message).toMatch(/^update src\/app\.ts: .*\(patch line 4\)$/);
    expect(err.path).toBe("src/app.ts");
  });

  it("numbers lines of the raw input, counting a heredoc opener and leading blanks", () => {
    expect(parseError("\n<<'EOF'\n*** Begin Patch\n*** Update File: a\n@@\nbad\n*** End Patch\nEOF").line).toBe(6);
  });
});

describe("parsePatch: hostile paths", () => {
  it("quotes control characters in the message so it stays one safe line", () => {
    const err = parseError("*** Begin Patch\n*** Delete File: a\u001b[31mb\r\u0007\n*** End Patch");
    expect(err.code).toBe("invalid_path");
    expect(err.path).toBe("a\u001b[31mb\r\u0007");
    expect(err.message).toBe('delete "a\\u001b[31mb\\r\\u0007": path contains a control character (patch line 2)');
  });
});
