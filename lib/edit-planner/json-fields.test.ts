import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { JsonFieldDecoder, type FieldDelta } from "./json-fields";

interface Decoded {
  /** Concatenated text per string field, in first-seen order. */
  fields: Map<string, string>;
  /** How many `done` deltas each field got. */
  dones: Map<string, number>;
  deltas: FieldDelta[];
  decoder: JsonFieldDecoder;
}

function decode(chunks: readonly string[]): Decoded {
  const decoder = new JsonFieldDecoder();
  const deltas: FieldDelta[] = [];
  for (const chunk of chunks) deltas.push(...decoder.push(chunk));
  deltas.push(...decoder.end());
  const fields = new Map<string, string>();
  const dones = new Map<string, number>();
  for (const d of deltas) {
    expect(dones.get(d.field) ?? 0, `delta after done for ${d.field}`).toBe(0);
    const before = fields.get(d.field) ?? "";
    // A delta never ends between the halves of a surrogate pair (the high half waits for the next push).
    const high = before.charCodeAt(before.length - 1);
    const low = d.text.charCodeAt(0);
    expect(high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff, `pair split before ${JSON.stringify(d.text)}`).toBe(false);
    fields.set(d.field, before + d.text);
    if (d.done) dones.set(d.field, 1);
  }
  return { fields, dones, deltas, decoder };
}

function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

/** Escapes every non-ASCII UTF-16 unit, so emoji arrive as `\ud83d\ude00` pairs. */
function asciiJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Raw JSON texts with every construct; each is checked at every split point. */
const TABLE: { json: string; expected: Record<string, string> }[] = [
  {
    json: String.raw`{"path":"src/a.ts","content":"line1\nli\"q\\ \u00e9 \ud83d\ude00 \/ \t\r\b\f end"}`,
    expected: { path: "src/a.ts", content: 'line1\nli"q\\ é 😀 / \t\r\b\f end' },
  },
  {
    json: ' {\n "n" : -12.5e+3 ,\t"nested": {"a": ["x\\"}]", {"b": "}"}], "c": null},\r\n "flag":true, "patch" : "*** Begin Patch\\r\\n+😀", "z": [], "t": false, "nul": null } \n',
    expected: { patch: "*** Begin Patch\r\n+😀" },
  },
  { json: '{"content":"a😀b中","x":"😀"}', expected: { content: "a😀b中", x: "😀" } },
  { json: String.raw`{"con\u0074ent":"x","":"","k\"ey":"\u00E9\uD83D\uDE00"}`, expected: { content: "x", "": "", 'k"ey': "é😀" } },
  { json: String.raw`{"lone":"\ud83d!","low":"\ude00"}`, expected: { lone: "\ud83d!", low: "\ude00" } },
];

describe("JsonFieldDecoder chunk-split table", () => {
  for (const [n, { json, expected }] of TABLE.entries()) {
    it(`decodes input ${n} identically at every split point and pair of split points`, () => {
      const whole = decode([json]);
      expect(Object.fromEntries(whole.fields)).toEqual(expected);
      expect([...whole.dones.keys()].sort()).toEqual(Object.keys(expected).sort());
      expect(whole.decoder.status).toBe("complete");
      for (let a = 0; a <= json.length; a++) {
        const single = decode([json.slice(0, a), json.slice(a)]);
        expect(Object.fromEntries(single.fields), `split at ${a}`).toEqual(expected);
        for (let b = a; b <= json.length; b += 3) {
          const pair = decode([json.slice(0, a), json.slice(a, b), json.slice(b)]);
          expect(Object.fromEntries(pair.fields), `splits at ${a},${b}`).toEqual(expected);
        }
      }
      const perChar = decode([...json].flatMap((c) => (c.length === 2 ? [c[0]!, c[1]!] : [c])));
      expect(Object.fromEntries(perChar.fields)).toEqual(expected);
    });
  }

  it("streams a value as it arrives, one delta per field per push", () => {
    const decoder = new JsonFieldDecoder();
    expect(decoder.push('{"path":"a.ts","con')).toEqual([{ field: "path", text: "a.ts", done: true }]);
    expect(decoder.push('tent":"li')).toEqual([{ field: "content", text: "li", done: false }]);
    expect(decoder.push("ne1\\")).toEqual([{ field: "content", text: "ne1", done: false }]);
    expect(decoder.push("n\\ud83d")).toEqual([{ field: "content", text: "\n", done: false }]);
    expect(decoder.push('\\ude00"}')).toEqual([{ field: "content", text: "😀", done: true }]);
    expect(decoder.status).toBe("complete");
  });

  it("gives a truncated value its held-back character at end", () => {
    const decoder = new JsonFieldDecoder();
    expect(decoder.push('{"content":"x😀'.slice(0, -1))).toEqual([{ field: "content", text: "x", done: false }]);
    expect(decoder.end()).toEqual([{ field: "content", text: "\ud83d", done: false }]);
    expect(decoder.status).toBe("truncated");
  });

  it.each([
    ['{"a":"\\x"}', 7, "invalid escape \\x"],
    ['{"a":"\\u12g4"}', 10, 'invalid \\u escape digit "g"'],
    ["[1]", 0, "expected '{', got \"[\""],
    ['{"a" 1}', 5, "expected ':', got \"1\""],
    ['{"a":1 "b"}', 7, "expected ',' or '}', got \"\\\"\""],
    ['{"a":,}', 5, 'expected a value, got ","'],
    ['{"a":1} x', 8, 'unexpected "x" after the object'],
    ["{1}", 1, 'expected a key, got "1"'],
  ])("reports %s as an error at offset %i", (json, offset, message) => {
    for (let a = 0; a <= json.length; a++) {
      const { decoder } = decode([json.slice(0, a), json.slice(a)]);
      expect(decoder.status).toBe("error");
      expect(decoder.error).toEqual({ offset, message });
    }
  });

  it("ignores input after an error, and stops at end", () => {
    const decoder = new JsonFieldDecoder();
    expect(decoder.push('{"a":"x\\q')).toEqual([{ field: "a", text: "x", done: false }]);
    expect(decoder.push('more"}')).toEqual([]);
    expect(decoder.end()).toEqual([]);
    expect(decoder.push('{"b":"y"}')).toEqual([]);
  });
});

// Values that stress the decoder: every escape class, braces and quotes, astral and lone surrogates.
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', "\\", "\n", "\r", "\t", "\b", "\u0000", "\u001f", "\u2028", "😀", "é", "{", "}", "[", "]", ",", ":", " ", "/"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    fc.constantFrom("\ud83d", "\ude00"),
  ),
  maxLength: 40,
});
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nasty, fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })), { maxKeys: 3 }) },
);

describe("JsonFieldDecoder properties", () => {
  it("recovers every top-level string field, however the JSON is printed and chunked", () => {
    fc.assert(
      fc.property(
        fc.dictionary(nasty, value, { maxKeys: 6 }),
        fc.constantFrom("compact", "indented", "ascii"),
        fc.array(fc.nat(), { maxLength: 30 }),
        (object, style, cuts) => {
          const json = style === "compact" ? JSON.stringify(object) : style === "indented" ? JSON.stringify(object, null, 2) : asciiJson(object, 1);
          const { fields, dones, decoder } = decode(splitAt(json, cuts));
          const expected = Object.entries(object).filter((e): e is [string, string] => typeof e[1] === "string");
          expect([...fields]).toEqual(expected);
          expect(dones.size).toBe(expected.length);
          expect(decoder.status).toBe("complete");
          expect(decoder.charsScanned).toBe(json.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is linear: a 1 MB value pushed one character at a time scans each character once", () => {
    const content = "const x = 1;\n".repeat(80_000);
    const json = JSON.stringify({ path: "big.ts", content });
    const decoder = new JsonFieldDecoder();
    let decoded = "";
    for (let i = 0; i < json.length; i += 3) for (const d of decoder.push(json.slice(i, i + 3))) if (d.field === "content") decoded += d.text;
    expect(decoded).toBe(content);
    expect(decoder.charsScanned).toBe(json.length);
  });
});
