import { describe, expect, it } from "vitest";
import { foldPunctuation, LineMatcher, seekSequence } from "./seek";

describe("seekSequence (Codex seek_sequence)", () => {
  it("finds an exact run", () => {
    expect(seekSequence(["foo", "bar", "baz"], ["bar", "baz"], 0)).toEqual({ index: 1, level: "exact" });
  });

  it("falls back to ignoring trailing whitespace", () => {
    expect(seekSequence(["foo   ", "bar\t\t"], ["foo", "bar"], 0)).toEqual({ index: 0, level: "trim_end" });
  });

  it("then to ignoring surrounding whitespace", () => {
    expect(seekSequence(["    foo   ", "   bar\t"], ["foo", "bar"], 0)).toEqual({ index: 0, level: "trim" });
  });

  it("then to folding Unicode punctuation look-alikes", () => {
    expect(seekSequence(["import asyncio  # local import – avoids top‑level dep"], ["import asyncio  # local import - avoids top-level dep"], 0)).toEqual({
      index: 0,
      level: "unicode",
    });
    expect(foldPunctuation(" “quoted” ‘single’ a\u00a0b — c ")).toBe("\"quoted\" 'single' a b - c");
  });

  it("never matches before `start`, and an empty pattern matches at `start`", () => {
    expect(seekSequence(["x", "y", "x"], ["x"], 1)).toEqual({ index: 2, level: "exact" });
    expect(seekSequence(["x"], [], 1)).toEqual({ index: 1, level: "exact" });
  });

  it("returns null for a pattern longer than the input", () => {
    expect(seekSequence(["just one line"], ["too", "many", "lines"], 0)).toBeNull();
  });

  it("with eof only matches at the end, never before `start`", () => {
    expect(seekSequence(["a", "b", "a", "b"], ["a", "b"], 0, true)).toEqual({ index: 2, level: "exact" });
    expect(seekSequence(["a", "b", "c"], ["a", "b"], 0, true)).toBeNull();
    expect(seekSequence(["a", "b"], ["a", "b"], 1, true)).toBeNull();
  });

  it("prefers a stricter match further on over a looser one earlier", () => {
    expect(new LineMatcher(["foo ", "foo"]).seek(["foo"], 0, false)).toEqual({ index: 1, level: "exact" });
  });
});
