import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectLineEndings, detectTextLineEndings, joinText, splitLinesKeepEnds, splitText, stripLineEnding, TextLines } from "./eol";
import { mixedText } from "./test-arbitraries";

describe("line splitting", () => {
  it("keeps each line's terminator; a lone CR stays content", () => {
    expect(splitText("a\r\nb\nc\rd")).toEqual({ texts: ["a", "b", "c\rd"], endings: ["\r\n", "\n", ""] });
    expect(splitText("")).toEqual({ texts: [], endings: [] });
    expect(splitText("\n\n")).toEqual({ texts: ["", ""], endings: ["\n", "\n"] });
    expect(splitLinesKeepEnds("a\r\nb")).toEqual(["a\r\n", "b"]);
    expect(stripLineEnding("a\r\n")).toBe("a");
  });

  it("round-trips every text exactly (property)", () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const { texts, endings } = splitText(text);
        expect(joinText(texts, endings)).toBe(text);
        expect(splitLinesKeepEnds(text).join("")).toBe(text);
        const lines = new TextLines(text);
        expect(lines.lines).toEqual(texts);
        expect(Array.from({ length: lines.count }, (_, i) => lines.ending(i))).toEqual(endings);
        expect(lines.raw(0, lines.count)).toBe(text);
        expect(lines.lineEndings()).toEqual(detectLineEndings(endings));
      }),
      { numRuns: 200 },
    );
  });
});

describe("detectLineEndings", () => {
  it.each([
    ["a\nb\n", "lf", "\n"],
    ["a\r\nb\r\n", "crlf", "\r\n"],
    ["a\r\nb\r\nc\n", "mixed", "\r\n"],
    ["a\nb\nc\r\n", "mixed", "\n"],
    ["a\r\nb\n", "mixed", "\r\n"],
    ["a\nb\r\n", "mixed", "\n"],
    ["no newline", "none", "\n"],
  ])("%j is %s with dominant %j (ties go to the first seen)", (text, style, dominant) => {
    expect(detectTextLineEndings(text)).toMatchObject({ style, dominant });
  });
});
