import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { applyPatch, formatPatch, splitText, StreamingPatchParser } from "@/lib/edits";
import { dressPatch, editedText, editScenario, lineEnding, mixedText, patchDressing, uniformText } from "@/lib/edits/test-arbitraries";

import { displayText, sideTexts, TextBuffer, type MergedLines } from "./merged-view";
import { PatchStreamPlanner } from "./patch-planner";
import { ToolCallPlanner } from "./planner";
import type { EditorBatch } from "./planner-view";
import { RewriteStreamPlanner } from "./rewrite-planner";

interface Planner {
  drain(): EditorBatch[];
}

/** What the editor would hold: one buffer per path, reset when a batch starts a new view. */
class FakeEditor {
  readonly buffers = new Map<string, TextBuffer>();
  readonly batches: EditorBatch[] = [];

  apply(batches: readonly EditorBatch[]): void {
    for (const batch of batches) {
      this.batches.push(batch);
      if (batch.start) this.buffers.set(batch.path, new TextBuffer(batch.start.initialText));
      const buffer = this.buffers.get(batch.path);
      if (!buffer) throw new Error(`batch for ${batch.path} before its start`);
      buffer.applyEdits(batch.edits);
    }
  }

  /** The buffer shows exactly the view (lines compared, as Monaco applies its own EOL). */
  expectShows(path: string, view: MergedLines | null): void {
    expect(view).not.toBeNull();
    expect(this.buffers.get(path)?.getLines()).toEqual(new TextBuffer(displayText(view!)).getLines());
  }
}

/** Cuts `text` into pieces of 1..max characters, deterministic per seed. */
function chunksOf(text: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  let k = 0;
  while (at < text.length) {
    const size = sizes.length === 0 ? text.length : sizes[k++ % sizes.length]!;
    out.push(text.slice(at, at + size));
    at += size;
  }
  return out;
}

function feed<P extends Planner>(planner: P, push: (p: P, chunk: string) => void, chunks: readonly string[], drains: readonly boolean[], editor: FakeEditor, check?: () => void): void {
  chunks.forEach((chunk, i) => {
    push(planner, chunk);
    if (drains[i % Math.max(1, drains.length)] ?? true) {
      editor.apply(planner.drain());
      check?.();
    }
  });
}

/** Views are class instances with getters; matchers want plain data. */
function plain(view: MergedLines | null) {
  return view && { texts: [...view.texts], kinds: [...view.kinds], terminated: view.terminated };
}

const sizes = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 });
const drains = fc.array(fc.boolean(), { minLength: 1, maxLength: 8 });

describe("RewriteStreamPlanner", () => {
  const rewritePair = fc.oneof(
    fc.tuple(mixedText, mixedText),
    lineEnding.chain((eol) => uniformText(eol, 24).chain((before) => fc.tuple(fc.constant(before), editedText(before, "\n")))),
  );

  it("ends with a view whose sides are exactly before and after, for any chunking and drain points", () => {
    fc.assert(
      fc.property(rewritePair, sizes, drains, fc.integer({ min: 1, max: 64 }), ([before, after], cut, drainAt, window) => {
        const planner = new RewriteStreamPlanner({ path: "a.ts", original: before, window });
        const editor = new FakeEditor();
        feed(planner, (p, c) => p.push(c), chunksOf(after, cut), drainAt, editor, () => editor.expectShows("a.ts", planner.view));
        planner.end();
        editor.apply(planner.drain());
        editor.expectShows("a.ts", planner.view);
        expect(sideTexts(planner.view, "before")).toEqual(splitText(before).texts);
        expect(sideTexts(planner.view, "after")).toEqual(splitText(after).texts);
        expect(planner.view.kinds).not.toContain("pending");
        expect(planner.state).toBe("complete");
        expect(editor.batches.at(-1)?.state).toBe("complete");
      }),
      { numRuns: 400 },
    );
  });

  it("reaches the same view whether drained after every delta or once", () => {
    fc.assert(
      fc.property(rewritePair, sizes, ([before, after], cut) => {
        const chunks = chunksOf(after, cut);
        const eager = new RewriteStreamPlanner({ path: "a", original: before });
        const lazy = new RewriteStreamPlanner({ path: "a", original: before });
        const eagerEditor = new FakeEditor();
        const lazyEditor = new FakeEditor();
        feed(eager, (p, c) => p.push(c), chunks, [true], eagerEditor);
        feed(lazy, (p, c) => p.push(c), chunks, [false], lazyEditor);
        eager.end();
        lazy.end();
        eagerEditor.apply(eager.drain());
        lazyEditor.apply(lazy.drain());
        expect(lazy.view.texts).toEqual(eager.view.texts);
        expect(lazy.view.kinds).toEqual(eager.view.kinds);
        expect(lazyEditor.buffers.get("a")!.getLines()).toEqual(eagerEditor.buffers.get("a")!.getLines());
      }),
      { numRuns: 300 },
    );
  });

  it("streams an unchanged file without a single text edit, marking the line being typed", () => {
    const original = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join("");
    const planner = new RewriteStreamPlanner({ path: "a", original });
    const editor = new FakeEditor();
    planner.push("line 0\nline 1\nli");
    editor.apply(planner.drain());
    expect(editor.batches[0]!.decorations.pending).toEqual({ startLineNumber: 3, endLineNumber: 3 });
    expect(editor.batches[0]!.reveal).toBe(3);
    feed(planner, (p, c) => p.push(c), chunksOf(original.slice(16), [5]), [true], editor);
    planner.end();
    editor.apply(planner.drain());
    expect(editor.batches.flatMap((b) => b.edits)).toEqual([]);
    expect(editor.batches.at(-1)!.decorations).toEqual({ added: [], removed: [] });
  });

  it("inserts a diverging line as pending, then keeps it as added", () => {
    const planner = new RewriteStreamPlanner({ path: "a", original: "keep\nold\ntail line\n" });
    const editor = new FakeEditor();
    planner.push("keep\nne");
    editor.apply(planner.drain());
    expect(editor.buffers.get("a")!.getLines()).toEqual(["keep", "ne", "old", "tail line", ""]);
    expect(editor.batches[0]!.decorations.pending).toEqual({ startLineNumber: 2, endLineNumber: 2 });
    planner.push("w\nol");
    editor.apply(planner.drain());
    // The typed line grew by one insertion; "ol" is a prefix of the line at the pointer, so it only marks it.
    expect(editor.batches[1]!.edits).toEqual([{ range: { startLineNumber: 2, startColumn: 3, endLineNumber: 2, endColumn: 3 }, text: "w" }]);
    expect(editor.batches[1]!.decorations).toEqual({ added: [{ startLineNumber: 2, endLineNumber: 2 }], removed: [], pending: { startLineNumber: 3, endLineNumber: 3 } });
    planner.push("d\ntail line\n");
    planner.end();
    editor.apply(planner.drain());
    expect(plain(planner.view)).toMatchObject({ texts: ["keep", "new", "old", "tail line"], kinds: ["context", "added", "context", "context"] });
  });

  it("re-matches closing lines written again after a changed block instead of duplicating them", () => {
    const original = "function f() {\n  a();\n  b();\n}\n\nfunction g() {\n}\n";
    const planner = new RewriteStreamPlanner({ path: "a", original });
    planner.push("function f() {\n  c();\n}\n\nfunction g() {\n}\n");
    planner.end();
    expect(planner.view.texts).toEqual(["function f() {", "  c();", "  a();", "  b();", "}", "", "function g() {", "}"]);
    expect(planner.view.kinds).toEqual(["context", "added", "removed", "removed", "context", "context", "context", "context"]);
  });

  it("does not let short lines jump ahead, nor any line beyond the window", () => {
    const original = "alpha();\n}\nbeta();\ngamma();\n";
    const weak = new RewriteStreamPlanner({ path: "a", original });
    weak.push("}\nalpha();\n}\nbeta();\ngamma();\n");
    weak.end();
    expect(weak.view.kinds).toEqual(["added", "context", "context", "context", "context"]);
    const narrow = new RewriteStreamPlanner({ path: "a", original, window: 2 });
    narrow.push("gamma();\nzeta\n");
    narrow.end();
    expect(narrow.view.kinds).toEqual(["added", "added", "removed", "removed", "removed", "removed"]);
    const wide = new RewriteStreamPlanner({ path: "a", original, window: 3 });
    wide.push("gamma();\nzeta\n");
    wide.end();
    expect(wide.view.kinds).toEqual(["removed", "removed", "removed", "context", "added"]);
  });

  it("handles a new file, CRLF originals and content without a final newline", () => {
    const created = new RewriteStreamPlanner({ path: "n", original: null });
    const editor = new FakeEditor();
    created.push("a\nb");
    editor.apply(created.drain());
    created.end();
    editor.apply(created.drain());
    expect(editor.batches[0]!.start).toEqual({ initialText: "", operation: "add" });
    expect(editor.buffers.get("n")!.getLines()).toEqual(["a", "b"]);
    const crlf = new RewriteStreamPlanner({ path: "c", original: "x\r\ny\r\n" });
    crlf.push("x\r\nz\r\ny");
    crlf.end();
    expect(plain(crlf.view)).toMatchObject({ texts: ["x", "z", "y"], kinds: ["context", "added", "context"], terminated: true });
  });

  it("reverts to the original when aborted", () => {
    const planner = new RewriteStreamPlanner({ path: "a", original: "one\ntwo\n" });
    const editor = new FakeEditor();
    planner.push("zero\none\nthr");
    editor.apply(planner.drain());
    planner.abort();
    editor.apply(planner.drain());
    expect(editor.buffers.get("a")!.getValue()).toBe("one\ntwo\n");
    expect(editor.batches.at(-1)).toMatchObject({ state: "failed", decorations: { added: [], removed: [] } });
    planner.push("more\n");
    expect(planner.drain()).toEqual([]);
  });
});

const P = (...lines: string[]) => ["*** Begin Patch", ...lines, "*** End Patch", ""].join("\n");
const FILES: Record<string, string> = {
  "src/a.ts": "import x\n\nfunction a() {\n  return 1;\n}\n\nfunction b() {\n  return 1;\n}\nend\n",
  "old.txt": "bye\n",
  "crlf.txt": "one\r\ntwo\r\nthree\r\n",
};
const readFile = (path: string) => FILES[path] ?? null;

function streamPatch(patch: string, cut: readonly number[], drainAt: readonly boolean[], files: (p: string) => string | null = readFile) {
  const planner = new PatchStreamPlanner({ readFile: files });
  const editor = new FakeEditor();
  feed(planner, (p, c) => p.push(c), chunksOf(patch, cut), drainAt, editor, () => {
    for (const path of editor.buffers.keys()) editor.expectShows(path, planner.view(path));
  });
  planner.end();
  editor.apply(planner.drain());
  return { planner, editor };
}

describe("PatchStreamPlanner", () => {
  it("shows every operation of a random patch as its result, for any chunking and drain points", () => {
    fc.assert(
      fc.property(editScenario, patchDressing, sizes, drains, ({ files, edits, expected }, dressing, cut, drainAt) => {
        const patch = dressPatch(formatPatch(edits), dressing);
        const { planner, editor } = streamPatch(patch, cut, drainAt, (p) => files.get(p) ?? null);
        expect(planner.problem).toBeNull();
        const applied = applyPatch(patch, files);
        for (const change of applied.changes) {
          const view = planner.view(change.path);
          editor.expectShows(change.path, view);
          expect(view!.kinds).not.toContain("pending");
          expect(sideTexts(view!, "before")).toEqual(splitText(change.kind === "add" ? (change.previous ?? "") : change.previous).texts);
          const result = change.kind === "delete" ? "" : change.content;
          expect(sideTexts(view!, "after")).toEqual(splitText(result).texts);
          if (change.kind !== "delete") expect(result).toBe(expected.get(change.kind === "update" && change.moveTo ? change.moveTo : change.path));
        }
        expect(new Set(editor.batches.filter((b) => b.start).map((b) => b.path))).toEqual(new Set(applied.changes.map((c) => c.path)));
        expect(editor.batches.every((b) => b.state !== "failed")).toBe(true);
        // Drained only once at the end, the views come out the same.
        const lazy = streamPatch(patch, cut, [false], (p) => files.get(p) ?? null);
        for (const change of applied.changes) {
          expect(plain(lazy.planner.view(change.path))).toEqual(plain(planner.view(change.path)));
          lazy.editor.expectShows(change.path, planner.view(change.path));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("agrees with applyPatch on random hand-written patches over repetitive files, applied or failed", () => {
    const pool = fc.constantFrom("", "}", "  x();", "  y();", "f() {", "g() {", "  return;", "end");
    // Chunks cut from the file itself (so many apply), with random kinds, additions, anchors and EOF markers.
    const chunk = fc.record({
      at: fc.nat(),
      length: fc.integer({ min: 0, max: 5 }),
      kinds: fc.array(fc.constantFrom(" ", " ", "-"), { minLength: 5, maxLength: 5 }),
      adds: fc.array(fc.tuple(fc.nat(5), pool), { maxLength: 3 }),
      header: fc.option(pool, { nil: undefined }),
      eof: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(pool, { maxLength: 24 }), fc.array(chunk, { minLength: 1, maxLength: 4 }), sizes, drains, (fileLines, chunks, cut, drainAt) => {
        const file = fileLines.map((l) => `${l}\n`).join("");
        const body = chunks.flatMap((c) => {
          const from = c.at % (fileLines.length + 1);
          const lines = fileLines.slice(from, from + c.length).map((t, i) => c.kinds[i]! + t);
          for (const [at, text] of c.adds) lines.splice(Math.min(at, lines.length), 0, `+${text}`);
          if (lines.length === 0) lines.push("+");
          return [c.header === undefined ? "@@" : `@@ ${c.header}`, ...lines, ...(c.eof ? ["*** End of File"] : [])];
        });
        const patch = P("*** Update File: f.txt", ...body);
        let expected: string | null = null;
        try {
          expected = applyPatch(patch, { "f.txt": file }).files.get("f.txt") ?? file;
        } catch {
          expected = null;
        }
        const { planner, editor } = streamPatch(patch, cut, drainAt, (p) => (p === "f.txt" ? file : null));
        const view = planner.view("f.txt")!;
        editor.expectShows("f.txt", view);
        expect(sideTexts(view, "before")).toEqual(splitText(file).texts);
        if (expected === null) {
          expect(planner.problem?.kind).toBe("error");
          expect(view.kinds.every((k) => k === "context")).toBe(true);
        } else {
          expect(planner.problem).toBeNull();
          expect(sideTexts(view, "after")).toEqual(splitText(expected).texts);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("shows a hunk's lines the moment they stream, before the hunk completes", () => {
    const planner = new PatchStreamPlanner({ readFile });
    const editor = new FakeEditor();
    planner.push("*** Begin Patch\n*** Update File: src/a.ts\n@@\n function a() {\n-  return 1;\n+  return 2;\n+  // tw");
    editor.apply(planner.drain());
    expect(editor.buffers.get("src/a.ts")!.getLines().slice(2, 7)).toEqual(["function a() {", "  return 1;", "  return 2;", "  // tw", "}"]);
    expect(editor.batches[0]).toMatchObject({
      path: "src/a.ts",
      start: { initialText: FILES["src/a.ts"], operation: "update" },
      decorations: { removed: [{ startLineNumber: 4, endLineNumber: 4 }], added: [{ startLineNumber: 5, endLineNumber: 5 }], pending: { startLineNumber: 6, endLineNumber: 6 } },
      reveal: 6,
      state: "streaming",
    });
    planner.push("o\n }\n*** End Patch\n");
    planner.end();
    editor.apply(planner.drain());
    expect(editor.batches[1]!.edits).toEqual([{ range: { startLineNumber: 6, startColumn: 8, endLineNumber: 6, endColumn: 8 }, text: "o" }]);
    expect(editor.batches[1]!.state).toBe("complete");
  });

  it("marks the file line a context or removed line being typed stands for", () => {
    const planner = new PatchStreamPlanner({ readFile });
    planner.push("*** Begin Patch\n*** Update File: src/a.ts\n@@\n function a() {\n-  ret");
    const [batch] = planner.drain();
    expect(batch!.edits).toEqual([]);
    expect(batch!.decorations.pending).toEqual({ startLineNumber: 4, endLineNumber: 4 });
  });

  it("moves a hunk placed at an earlier look-alike once its @@ anchor resolves it", () => {
    const patch = P("*** Update File: src/a.ts", "@@ function b() {", "-  return 1;", "+  return 2;", "@@", " end", "+tail");
    const trace: string[][] = [];
    const planner = new PatchStreamPlanner({ readFile });
    const editor = new FakeEditor();
    for (const line of patch.split(/(?<=\n)/)) {
      planner.push(line);
      editor.apply(planner.drain());
      trace.push([...editor.buffers.get("src/a.ts")?.getLines() ?? []]);
    }
    planner.end();
    editor.apply(planner.drain());
    // Tentatively at function a's `return 1;`, then at function b's when the hunk completes.
    expect(trace[4]!.slice(3, 5)).toEqual(["  return 1;", "  return 2;"]);
    expect(plain(planner.view("src/a.ts"))).toMatchObject({
      texts: ["import x", "", "function a() {", "  return 1;", "}", "", "function b() {", "  return 1;", "  return 2;", "}", "end", "tail"],
      kinds: ["context", "context", "context", "context", "context", "context", "context", "removed", "added", "context", "context", "added"],
    });
  });

  it("keeps a hunk in place while a trailing empty line stands for the final newline", () => {
    const planner = new PatchStreamPlanner({ readFile });
    const editor = new FakeEditor();
    planner.push("*** Begin Patch\n*** Update File: old.txt\n@@\n-bye\n+hi\n\n");
    editor.apply(planner.drain());
    expect(editor.buffers.get("old.txt")!.getLines()).toEqual(["bye", "hi", ""]);
    planner.push("*** End Patch\n");
    planner.end();
    editor.apply(planner.drain());
    expect(plain(planner.view("old.txt"))).toMatchObject({ texts: ["bye", "hi"], kinds: ["removed", "added"] });
    expect(editor.batches.at(-1)!.state).toBe("complete");
  });

  it("rebuilds the view from the result when a later hunk lands across an earlier pure addition", () => {
    // The pure addition goes before the final blank line; the next hunk, sought from the top, spans that point.
    const files = (p: string) => (p === "f.txt" ? "a\nb\n\n" : null);
    const patch = P("*** Update File: f.txt", "@@", "+new", "@@", " b", "-", "+x");
    const { planner, editor } = streamPatch(patch, [5], [true], files);
    expect(applyPatch(patch, { "f.txt": "a\nb\n\n" }).files.get("f.txt")).toBe("a\nb\nx\nnew\n");
    expect(sideTexts(planner.view("f.txt")!, "after")).toEqual(["a", "b", "x", "new"]);
    expect(sideTexts(planner.view("f.txt")!, "before")).toEqual(["a", "b", ""]);
    editor.expectShows("f.txt", planner.view("f.txt"));
  });

  it("shows adds, deletes and moves, each in its own view", () => {
    const patch = P("*** Add File: new.txt", "+hello", "+world", "*** Delete File: old.txt", "*** Update File: crlf.txt", "*** Move to: moved.txt", "@@", " one", "-two", "+2");
    const { planner, editor } = streamPatch(patch, [3], [true, false]);
    const starts = editor.batches.filter((b) => b.start).map((b) => [b.path, b.start]);
    expect(starts).toEqual([
      ["new.txt", { initialText: "", operation: "add" }],
      ["old.txt", { initialText: "bye\n", operation: "delete" }],
      ["crlf.txt", { initialText: FILES["crlf.txt"], operation: "update", moveTo: "moved.txt" }],
    ]);
    expect(plain(planner.view("new.txt"))).toMatchObject({ texts: ["hello", "world"], kinds: ["added", "added"] });
    expect(plain(planner.view("old.txt"))).toMatchObject({ texts: ["bye"], kinds: ["removed"] });
    expect(plain(planner.view("crlf.txt"))).toMatchObject({ texts: ["one", "two", "2", "three"], kinds: ["context", "removed", "added", "context"] });
    expect(editor.buffers.get("crlf.txt")!.getValue()).toBe("one\r\ntwo\r\n2\r\nthree\r\n");
  });

  it("starts a second operation on the same file from the first one's result", () => {
    const patch = P("*** Update File: old.txt", "@@", "-bye", "+one", "+two", "*** Update File: old.txt", "@@", " two", "+three");
    const { planner, editor } = streamPatch(patch, [2], [true]);
    expect(editor.batches.filter((b) => b.start).map((b) => b.start!.initialText)).toEqual(["bye\n", "one\ntwo\n"]);
    expect(plain(planner.view("old.txt"))).toMatchObject({ texts: ["one", "two", "three"], kinds: ["context", "context", "added"] });
    editor.expectShows("old.txt", planner.view("old.txt"));
  });

  it.each([
    ["an apply error", P("*** Update File: old.txt", "@@", "-bye", "+hi", "*** Update File: src/a.ts", "@@", "-nope", "+x"), "error", "src/a.ts"],
    ["a parse error", P("*** Update File: old.txt", "@@", "-bye", "+hi", "*** Frobnicate: x"), "error", null],
    ["a cut-off stream", "*** Begin Patch\n*** Update File: old.txt\n@@\n-bye\n+hi\n*** Update File: src/a.ts\n@@\n-  return 1;\n+  ret", "truncated", "src/a.ts"],
  ])("reverts every view after %s", (_name, patch, kind, path) => {
    const { planner, editor } = streamPatch(patch, [4], [true]);
    expect(planner.problem).toMatchObject({ kind, path });
    for (const [p, buffer] of editor.buffers) expect(buffer.getLines()).toEqual(new TextBuffer(FILES[p]!).getLines());
    const last = new Map(editor.batches.map((b) => [b.path, b]));
    for (const batch of last.values()) expect(batch).toMatchObject({ state: "failed", decorations: { added: [], removed: [] } });
  });

  it("reverts a completed patch when trailing garbage makes it invalid", () => {
    const { planner, editor } = streamPatch(`${P("*** Update File: old.txt", "@@", "-bye", "+hi")}oops\n`, [7], [true]);
    expect(planner.problem).toMatchObject({ kind: "error" });
    expect(editor.buffers.get("old.txt")!.getValue()).toBe("bye\n");
    expect(editor.batches.at(-1)!.state).toBe("failed");
  });

  it("follows events from a caller's parser without resolved ranges", () => {
    const parser = new StreamingPatchParser();
    const planner = new PatchStreamPlanner({ readFile });
    const editor = new FakeEditor();
    for (const chunk of chunksOf(P("*** Update File: src/a.ts", "@@", " import x", "-", "+// header"), [4])) {
      planner.pushEvents(parser.push(chunk), parser.partialLine);
      editor.apply(planner.drain());
    }
    planner.pushEvents(parser.end());
    editor.apply(planner.drain());
    expect(planner.view("src/a.ts")!.kinds.slice(0, 3)).toEqual(["context", "removed", "added"]);
    editor.expectShows("src/a.ts", planner.view("src/a.ts"));
  });
});

describe("ToolCallPlanner", () => {
  it("drives write_file from raw JSON deltas, whichever field comes first", () => {
    fc.assert(
      fc.property(mixedText, mixedText, fc.boolean(), sizes, drains, (before, after, contentFirst, cut, drainAt) => {
        const args = contentFirst ? { content: after, path: "a.ts" } : { path: "a.ts", content: after };
        const planner = new ToolCallPlanner("write_file", { readFile: (p) => (p === "a.ts" ? before : null) });
        const editor = new FakeEditor();
        feed(planner, (p, c) => p.push(c), chunksOf(JSON.stringify(args), cut), drainAt, editor);
        planner.end();
        editor.apply(planner.drain());
        expect(planner.problem).toBeNull();
        editor.expectShows("a.ts", planner.view("a.ts"));
        expect(sideTexts(planner.view("a.ts")!, "after")).toEqual(splitText(after).texts);
        expect(sideTexts(planner.view("a.ts")!, "before")).toEqual(splitText(before).texts);
      }),
      { numRuns: 200 },
    );
  });

  it("drives apply_patch from raw JSON deltas", () => {
    const patch = P("*** Update File: src/a.ts", "@@ function b() {", "-  return 1;", "+  return \"😀\";");
    const planner = new ToolCallPlanner("apply_patch", { readFile });
    const editor = new FakeEditor();
    feed(planner, (p, c) => p.push(c), chunksOf(JSON.stringify({ patch }), [1, 2, 7]), [true, false], editor);
    planner.end();
    editor.apply(planner.drain());
    expect(planner.problem).toBeNull();
    expect(sideTexts(planner.view("src/a.ts")!, "after")).toEqual(splitText(applyPatch(patch, FILES).files.get("src/a.ts")!).texts);
    editor.expectShows("src/a.ts", planner.view("src/a.ts"));
  });

  it.each([
    ["invalid JSON", '{"path":"old.txt","content":"x\\q', "error"],
    ["cut-off JSON", '{"path":"old.txt","content":"zero\\nbye\\n', "truncated"],
  ])("reverts write_file on %s", (_name, json, kind) => {
    const planner = new ToolCallPlanner("write_file", { readFile });
    const editor = new FakeEditor();
    planner.push(json);
    editor.apply(planner.drain());
    planner.end();
    editor.apply(planner.drain());
    expect(planner.problem).toMatchObject({ kind, path: "old.txt" });
    expect(editor.buffers.get("old.txt")!.getValue()).toBe("bye\n");
    expect(editor.batches.at(-1)!.state).toBe("failed");
  });

  it("reports a cut-off patch once, as truncated", () => {
    const planner = new ToolCallPlanner("apply_patch", { readFile });
    planner.push(JSON.stringify({ patch: P("*** Delete File: old.txt") }).slice(0, 40));
    planner.end();
    expect(planner.problem).toMatchObject({ kind: "truncated" });
  });
});
