import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { applyPatch } from "./apply";
import { ContentBlockSplitter, encodeFileBlock, encodePatchBlock, type ContentBlockEvent } from "./content-blocks";
import { formatPatch } from "./format";
import { editedText, mixedText, uniformText } from "./test-arbitraries";

interface Block {
  kind: "patch" | "file";
  path?: string;
  text: string;
  complete: boolean;
}

/** Feeds `text` in the given cuts and reassembles prose and blocks from the events. */
function split(text: string, cuts: readonly number[] = []): { prose: string; blocks: Block[] } {
  const splitter = new ContentBlockSplitter();
  const events: ContentBlockEvent[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    events.push(...splitter.push(text.slice(at, cut)));
    at = cut;
  }
  events.push(...splitter.push(text.slice(at)), ...splitter.finish());
  let prose = "";
  const blocks: Block[] = [];
  for (const event of events) {
    if (event.type === "text") prose += event.text;
    else if (event.type === "block-start") blocks.push({ kind: event.kind, ...(event.kind === "file" ? { path: event.path } : {}), text: "", complete: false });
    else if (event.type === "block-delta") blocks.at(-1)!.text += event.text;
    else blocks.at(-1)!.complete = event.complete;
  }
  return { prose, blocks };
}

const cutsFor = (text: string) => fc.array(fc.nat({ max: Math.max(0, text.length) }), { maxLength: 12 });

describe("ContentBlockSplitter", () => {
  it("separates prose from a patch block and a file block", () => {
    const patch = "*** Begin Patch\n*** Update File: a.ts\n@@\n-old\n+new\n*** End Patch";
    const text = `I'll fix it.\n${encodePatchBlock(patch)}And rewrite b:\n${encodeFileBlock("b.ts", "x\ny\n")}Done.`;
    const { prose, blocks } = split(text);
    expect(prose).toBe("I'll fix it.\nAnd rewrite b:\nDone.");
    expect(blocks).toEqual([
      { kind: "patch", text: patch, complete: true },
      { kind: "file", path: "b.ts", text: "x\ny\n", complete: true },
    ]);
  });

  it("never treats code in a Markdown fence, or a delimiter inside a line, as an edit", () => {
    const text = "```ts\nconst a = 1;\n```\nSay *** Begin Patch and *** Begin File: x then\n  *** Begin Patch\n";
    expect(split(text)).toEqual({ prose: text, blocks: [] });
  });

  it("reports a block the answer ended inside as incomplete", () => {
    expect(split("*** Begin Patch\n*** Add File: a\n+x\n").blocks[0]?.complete).toBe(false);
    expect(split("*** Begin File: a\nx\n").blocks[0]?.complete).toBe(false);
    expect(split("*** Begin File: a\nx\n*** End File").blocks[0]).toEqual({ kind: "file", path: "a", text: "x\n", complete: true });
  });

  it("streams block content before the block ends", () => {
    const splitter = new ContentBlockSplitter();
    splitter.push("*** Begin File: a.ts\n");
    expect(splitter.push("line one\nline tw")).toEqual([{ type: "block-delta", text: "line one\nline tw" }]);
  });

  it("round-trips any file content through a file block, however the stream is cut", () => {
    fc.assert(
      fc.property(mixedText, fc.string(), (content, prose) => {
        const safeProse = prose.replace(/\*/g, "") + "\n";
        const text = safeProse + encodeFileBlock("src/f.ts", content) + safeProse;
        return fc.assert(
          fc.property(cutsFor(text), (cuts) => {
            const { blocks, prose: seen } = split(text, cuts);
            expect(blocks).toEqual([{ kind: "file", path: "src/f.ts", text: content, complete: true }]);
            expect(seen).toBe(safeProse + safeProse);
          }),
          { numRuns: 10 },
        );
      }),
      { numRuns: 150 },
    );
  });

  it("gives byte-identical results to the tool call on the engine's corpus of random edits", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("\n" as const, "\r\n" as const).chain((eol) =>
          uniformText(eol).chain((previous) => fc.tuple(fc.constant(previous), editedText(previous, eol), uniformText(eol, 6))),
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        ([previous, content, added], rawCuts) => {
          if (previous === content) return;
          const patch = formatPatch([
            { kind: "update", path: "a.txt", previous, content },
            { kind: "add", path: "new.txt", content: added },
          ]);
          const viaTool = applyPatch(patch, { "a.txt": previous }).files;
          const text = `Here it is:\n${encodePatchBlock(patch)}That's all.\n`;
          const { blocks } = split(
            text,
            rawCuts.map((c) => c % (text.length + 1)),
          );
          expect(blocks).toHaveLength(1);
          const viaContent = applyPatch(blocks[0]!.text, { "a.txt": previous }).files;
          expect([...viaContent]).toEqual([...viaTool]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
