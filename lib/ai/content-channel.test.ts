import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { encodeFileBlock } from "@/lib/edits/content-blocks";
import { mixedText } from "@/lib/edits/test-arbitraries";

import { ContentChannel, type ModelStreamPart } from "./content-channel";

function run(deltas: readonly string[]): ModelStreamPart[] {
  const channel = new ContentChannel("wafer-content-t-");
  return [
    ...channel.map({ type: "text-start", id: "0" }),
    ...deltas.flatMap((delta) => channel.map({ type: "text-delta", id: "0", delta })),
    ...channel.map({ type: "text-end", id: "0" }),
  ];
}

describe("ContentChannel", () => {
  it("turns a file block into a write_file call whose streamed input is the JSON of its final input", () => {
    fc.assert(
      fc.property(mixedText, fc.array(fc.nat(), { maxLength: 8 }), (content, rawCuts) => {
        const text = `Before.\n${encodeFileBlock("a/b.ts", content)}After.`;
        const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const deltas = [...cuts, text.length].map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
        const parts = run(deltas);
        const streamed = parts.flatMap((p) => (p.type === "tool-input-delta" ? [p.delta] : [])).join("");
        const call = parts.find((p) => p.type === "tool-call");
        expect(call).toMatchObject({ toolName: "write_file", toolCallId: "wafer-content-t-0" });
        expect(JSON.parse(streamed)).toEqual({ path: "a/b.ts", content });
        expect(JSON.parse((call as { input: string }).input)).toEqual({ path: "a/b.ts", content });
        const prose = parts.flatMap((p) => (p.type === "text-delta" ? [p.delta] : [])).join("");
        expect(prose).toBe("Before.\nAfter.");
        // Every text part is opened before its deltas and closed before a tool call starts.
        const open = new Set<string>();
        for (const p of parts) {
          if (p.type === "text-start") open.add(p.id);
          if (p.type === "text-delta") expect(open.has(p.id)).toBe(true);
          if (p.type === "text-end") open.delete(p.id);
          if (p.type === "tool-input-start") expect(open.size).toBe(0);
        }
        expect(open.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("ends an unterminated block's input without a call", () => {
    const parts = run(["*** Begin Patch\n*** Add File: x\n+y\n"]);
    expect(parts.some((p) => p.type === "tool-input-end")).toBe(true);
    expect(parts.some((p) => p.type === "tool-call")).toBe(false);
  });
});
