import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";

import { countPromptTokens, countTokens, splitTokens, warmTokenizer } from "./tokens";

// The real tokenizer, with `decode` watched: the split's work is counted, not timed.
vi.mock("gpt-tokenizer/encoding/o200k_base", async (importOriginal) => {
  const actual = await importOriginal<typeof import("gpt-tokenizer/encoding/o200k_base")>();
  return { ...actual, decode: vi.fn(actual.decode) };
});

beforeAll(() => {
  warmTokenizer();
});

// Whole-text encode is the tokenizer's own path; splitTokens regroups its tokens into text pieces, so they must agree.
const referenceCount = (text: string) => encode(text, { allowedSpecial: new Set(), disallowedSpecial: new Set() }).length;

const join = (text: string) => splitTokens(text).map((piece) => piece.text).join("");
const total = (text: string) => splitTokens(text).reduce((sum, piece) => sum + piece.tokens, 0);

describe("splitTokens", () => {
  it.each([
    ["ascii", "Hello, world! const x = 1;"],
    ["accents", "Grüße, café, naïve"],
    ["cjk", "日本語のテキストと中文"],
    ["emoji", "🚀🎉 👩‍💻 🇫🇷"],
    ["lone surrogate-free mix", "a\u0301 ∑ x² — \t\n\r\n  "],
    ["special token text stays plain", "<|endoftext|> and <|im_start|>"],
    ["empty", ""],
  ])("%s: pieces rebuild the input and counts match the tokenizer", (_name, text) => {
    expect(join(text)).toBe(text);
    expect(total(text)).toBe(referenceCount(text));
    expect(countTokens(text)).toBe(total(text));
  });

  it("never emits a piece that splits a character", () => {
    const pieces = splitTokens("🚀 x 🎉🎉🎉");
    expect(pieces.every((piece) => !piece.text.includes("\uFFFD"))).toBe(true);
    expect(pieces.some((piece) => piece.tokens > 1)).toBe(true);
  });

  it("rebuilds arbitrary unicode exactly (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        expect(join(text)).toBe(text);
        expect(total(text)).toBe(referenceCount(text));
      }),
      { numRuns: 300 },
    );
  });

  it("splits a 2,000-line source file in linear work: each token is decoded once", () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `  const item${i} = await load("k${i}", { retries: ${i % 5} }); // step ${i}`);
    const file = lines.join("\n");
    const decoded = vi.mocked(decode);
    decoded.mockClear();
    const pieces = splitTokens(file);
    expect(pieces.map((piece) => piece.text).join("")).toBe(file);
    // ASCII: every token is whole text, so each group is one token. Regrowing a group from further back
    // (quadratic in the file) would decode more tokens than the file has.
    const tokens = referenceCount(file);
    expect(decoded).toHaveBeenCalledTimes(tokens);
    expect(decoded.mock.calls.reduce((sum, [ids]) => sum + [...ids].length, 0)).toBe(tokens);
  });
});

describe("countPromptTokens", () => {
  it("counts message text, tool calls and tool definitions", () => {
    const base = { model: "m", messages: [{ role: "user", content: "Hello there" }] };
    const withTools = {
      ...base,
      tools: [{ type: "function", function: { name: "apply_patch", parameters: { type: "object" } } }],
    };
    const withParts = { model: "m", messages: [{ role: "user", content: [{ type: "text", text: "Hello there" }] }] };
    expect(countPromptTokens(base)).toBe(3 + 3 + countTokens("user") + countTokens("Hello there"));
    expect(countPromptTokens(withParts)).toBe(countPromptTokens(base));
    expect(countPromptTokens(withTools)).toBe(countPromptTokens(base) + countTokens(JSON.stringify(withTools.tools)));
    const withCall = {
      model: "m",
      messages: [{ role: "assistant", content: null, tool_calls: [{ function: { name: "read_file", arguments: '{"path":"a"}' } }] }],
    };
    expect(countPromptTokens(withCall)).toBe(6 + countTokens("assistant") + countTokens("read_file") + countTokens('{"path":"a"}'));
  });
});
