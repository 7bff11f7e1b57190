import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";

import { clearRequestBodyMemory, deferLargeStrings, expandDeferred, LARGE } from "./request-body";

/** Units that stress JSON escaping and UTF-8: quotes, backslashes, controls, NUL-free, two-byte and astral. */
const UNITS = ["a", "z", " ", "\n", "\t", "\r", '"', "\\", "/", "\u0001", "\u001f", "\u007f", "é", "—", "中", "😀", "\u2028", "<", "}"];
const text = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...UNITS), minLength, maxLength });
/** Strings either side of LARGE, so bodies mix deferred and inline ones. */
const anyString = fc.oneof(text(0, 40), text(LARGE - 2, LARGE + 300));
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    anyString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 5 }),
  ),
})).value;

const roundTrip = (body: unknown, composed = [] as { text: string; pieces: string[] }[]) => {
  const deferred = deferLargeStrings(body, composed);
  const expanded = expandDeferred(JSON.stringify(deferred.body), deferred.fragments);
  return { deferred, text: new TextDecoder().decode(expanded.bytes), chars: expanded.chars, smallJson: JSON.stringify(deferred.body) };
};

describe("request bodies with large strings serialized once", () => {
  beforeEach(clearRequestBodyMemory);

  it("is byte for byte JSON.stringify of the body, and counts its length as a string", () => {
    fc.assert(
      fc.property(jsonValue, (body) => {
        const { text, chars } = roundTrip({ body });
        const expected = JSON.stringify({ body });
        expect(text).toBe(expected);
        expect(chars).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });

  it("a composed string is spliced from its pieces' JSON and equals the joined text's", () => {
    fc.assert(
      fc.property(fc.array(anyString, { minLength: 1, maxLength: 6 }), (pieces) => {
        const joined = pieces.join("");
        const body = { messages: [{ role: "user", content: joined }], other: joined.length >= LARGE ? `${joined}!` : "x" };
        const { text, chars } = roundTrip(body, [{ text: joined, pieces }]);
        expect(text).toBe(JSON.stringify(body));
        expect(chars).toBe(JSON.stringify(body).length);
      }),
      { numRuns: 200 },
    );
  });

  it("leaves large strings out of what the SDK stringifies, and repeats of one string share a fragment", () => {
    const big = "x".repeat(50_000);
    const body = { model: "m", messages: [{ role: "assistant", content: big }, { role: "user", content: big }], short: "hi" };
    const { deferred, smallJson, text } = roundTrip(body);
    expect(smallJson.length).toBeLessThan(400);
    expect(smallJson).not.toContain("xxxx");
    expect(deferred.fragments).toHaveLength(1);
    expect(text).toBe(JSON.stringify(body));
  });

  it("takes an unchanged string's JSON from memory on the next body", () => {
    const big = `${"é".repeat(2_000)}"quoted"`;
    const first = deferLargeStrings({ content: big });
    const second = deferLargeStrings({ content: `${big}` });
    expect(second.fragments[0]!.json).toBe(first.fragments[0]!.json);
  });

  it("a placeholder-looking text from a user is not expanded", () => {
    const spoof = '"\\u0000wafer:000000000000:0\\u0000"';
    const body = { content: "y".repeat(LARGE), note: JSON.parse(spoof) as string };
    const { text } = roundTrip(body);
    expect(text).toBe(JSON.stringify(body));
  });

  it("refuses a body whose placeholder has no fragment", () => {
    const deferred = deferLargeStrings({ content: "z".repeat(LARGE) });
    expect(() => expandDeferred(JSON.stringify(deferred.body), [])).toThrow(/placeholder/);
  });
});
