import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { MarkdownSplitter, splitMarkdownBlocks, type MarkdownSplit } from "./markdown-blocks";

const doc = [
  "# Plan",
  "",
  "First we **change** the greeting, then `test` it:",
  "",
  "- one",
  "- two",
  "",
  "- three (same list, loose)",
  "",
  "```ts",
  "export function greet(name: string) {",
  "  return `Hi, ${name}!`;",
  "}",
  "```",
  "",
  "| a | b |",
  "|---|---|",
  "| 1 | 2 |",
  "",
  "Setext heading",
  "===",
  "",
  "    indented code",
  "",
  "    more indented code",
  "",
  "> quoted",
  "lazily continued",
  "",
  "Done.",
].join("\n");

const view = (split: MarkdownSplit) => split.blocks.map((b) => ({ key: b.key, raw: b.raw, code: b.code?.text ?? null }));

/** Feeds `text` in growing prefixes, as a stream would, and checks every step against a fresh split. */
function streamThrough(text: string, cuts: number[]) {
  const splitter = new MarkdownSplitter();
  let previous: MarkdownSplit | null = null;
  for (const cut of [...cuts, text.length]) {
    const prefix = text.slice(0, cut);
    const split = splitter.split(prefix);
    expect(view(split)).toEqual(view(splitMarkdownBlocks(prefix)));
    if (previous) {
      // The stable prefix is reused as is: same objects, so memoized renders skip them.
      for (const block of previous.blocks.slice(0, previous.stableCount)) expect(split.blocks.find((b) => b.key === block.key)).toBe(block);
      // A complete block (e.g. a closed fence at the tail) keeps its key and what it renders.
      for (const block of previous.blocks.filter((b) => b.complete)) {
        const now = split.blocks.find((b) => b.key === block.key);
        expect(now?.complete).toBe(true);
        expect(now?.code ? now.code.text : now?.raw).toBe(block.code ? block.code.text : block.raw);
      }
    }
    previous = split;
  }
}

describe("splitMarkdownBlocks", () => {
  it("splits top-level blocks, keyed by their offset, leaving open only what later text may change", () => {
    const split = splitMarkdownBlocks("Hello\n\nSecond\nline\n\nTail para");
    expect(split.blocks.map((b) => [b.key, b.raw, b.complete])).toEqual([
      ["0", "Hello", true],
      ["7", "Second\nline", true],
      ["20", "Tail para", false],
    ]);
    expect(split.stableEnd).toBe(20);
    // "1." after a blank line would still continue a list, and a setext underline re-reads the
    // paragraph above it: both stay open.
    expect(splitMarkdownBlocks("1. a\n\n1").blocks.map((b) => b.complete)).toEqual([false, false]);
    expect(splitMarkdownBlocks("Intro\n\npara\n-").stableEnd).toBe(7);
  });

  it("treats an unclosed fence as a streaming code block until its closing fence arrives", () => {
    const open = splitMarkdownBlocks("Look:\n\n```ts\nconst a = 1;\nconst b");
    expect(open.blocks.at(-1)).toMatchObject({ code: { lang: "ts", text: "const a = 1;\nconst b", closed: false }, complete: false });

    const partialClose = splitMarkdownBlocks("Look:\n\n```ts\nconst a = 1;\n``");
    expect(partialClose.blocks.at(-1)?.code?.closed).toBe(false);

    expect(splitMarkdownBlocks("Look:\n\n```ts\nconst a = 1;\n```").blocks.at(-1)?.code?.closed).toBe(false);
    const closed = splitMarkdownBlocks("Look:\n\n```ts\nconst a = 1;\n```\n");
    expect(closed.blocks.at(-1)).toMatchObject({ code: { text: "const a = 1;", closed: true }, complete: true });

    const longerFence = splitMarkdownBlocks("````md\n```\ninner\n```\n");
    expect(longerFence.blocks.at(-1)?.code).toMatchObject({ text: "```\ninner\n```", closed: false });
  });

  it("keeps indented code open while it is last, since another indented line would extend it", () => {
    const split = splitMarkdownBlocks("Intro\n\n    code line");
    expect(split.blocks.at(-1)).toMatchObject({ code: { text: "code line", closed: false }, complete: false });
    expect(splitMarkdownBlocks("Intro\n\n    code line", null, { final: true }).blocks.at(-1)?.complete).toBe(true);
  });

  it("marks everything complete when the message is final", () => {
    const split = splitMarkdownBlocks(doc, null, { final: true });
    expect(split.blocks.every((b) => b.complete)).toBe(true);
  });

  it("lets a final text grow again without splitting its last paragraph (a stopped answer replaced by the stored one)", () => {
    const splitter = new MarkdownSplitter();
    splitter.split("Intro\n\nword word", { final: true });
    const grown = splitter.split("Intro\n\nword word word word", { final: true });
    expect(grown.blocks).toHaveLength(2);
    expect(grown.blocks[1]!.raw).toBe("word word word word");
  });

  it("keeps a list that a blank line interrupted open, so the next item joins it", () => {
    const splitter = new MarkdownSplitter();
    expect(splitter.split("- a\n\n").blocks.map((b) => b.raw)).toEqual(["- a"]);
    expect(splitter.split("- a\n\n- b").blocks.map((b) => b.raw)).toEqual(["- a\n\n- b"]);
  });

  it("normalises CRLF so offsets match the lexer's", () => {
    expect(splitMarkdownBlocks("a\r\n\r\nb").blocks.map((b) => [b.key, b.raw])).toEqual([
      ["0", "a"],
      ["3", "b"],
    ]);
  });

  it("re-splits from scratch when the text is not a continuation", () => {
    const first = splitMarkdownBlocks("alpha\n\nbeta\n\ngamma");
    const edited = splitMarkdownBlocks("ALPHA\n\nbeta", first);
    expect(edited.blocks.map((b) => b.raw)).toEqual(["ALPHA", "beta"]);
  });

  it("streamed one character at a time, agrees with a fresh split at every step and never changes a complete block", () => {
    streamThrough(doc, Array.from({ length: doc.length }, (_, i) => i));
  });

  it("agrees with a fresh split for random documents and random chunkings", () => {
    const fragments = ["para", "**b**", "- item", "1. item", "  nested", "```js", "```", "~~~", "    code", "> quote", "| a |", "|---|", "# h", "===", "---", "[x]: /u", "<div>", "<!--", "-->", "* star", "10) ten", "   - deep", ""];
    const documents = fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 24 }).map((lines) => lines.join("\n"));
    fc.assert(
      fc.property(documents, fc.array(fc.nat(), { maxLength: 12 }), (text, rawCuts) => {
        const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        streamThrough(text, cuts);
      }),
      { numRuns: 500 },
    );
  });
});
