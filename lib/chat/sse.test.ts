import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { SseDecoder } from "./sse";

const stream = 'data: {"type":"text-delta","delta":"h\u00e9llo 🌍"}\n\ndata: {"type":"finish"}\r\n\r\n: comment\n\ndata: [DONE]\n\n';
const expected = ['{"type":"text-delta","delta":"h\u00e9llo 🌍"}', '{"type":"finish"}', "[DONE]"];

function feed(bytes: Uint8Array, cuts: number[]): string[] {
  const decoder = new SseDecoder();
  const out: string[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...decoder.push(bytes.slice(from, cut)));
    from = cut;
  }
  return [...out, ...decoder.end()];
}

describe("SseDecoder", () => {
  const bytes = new TextEncoder().encode(stream);

  it("decodes a whole stream", () => {
    expect(feed(bytes, [])).toEqual(expected);
  });

  it("gives the same events for every single split point, including inside UTF-8 characters and CRLF", () => {
    for (let cut = 0; cut <= bytes.length; cut++) expect(feed(bytes, [cut])).toEqual(expected);
  });

  it("gives the same events for every pair of split points", () => {
    for (let a = 0; a <= bytes.length; a += 3) {
      for (let b = a; b <= bytes.length; b += 5) expect(feed(bytes, [a, b])).toEqual(expected);
    }
  });

  it("is split-invariant for random chunkings", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 20 }), (cuts) => {
        expect(feed(bytes, cuts.sort((x, y) => x - y))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("joins multi-line data and flushes an unterminated last event", () => {
    const decoder = new SseDecoder();
    expect(decoder.push("data: a\ndata: b\n\ndata: tail")).toEqual(["a\nb"]);
    expect(decoder.end()).toEqual(["tail"]);
  });
});

describe("SseDecoder framing", () => {
  it("splits events framed with CR alone, as the SSE spec allows", () => {
    const decoder = new SseDecoder();
    expect([...decoder.push("data: a\r\rdata: b\r"), ...decoder.push("\r"), ...decoder.end()]).toEqual(["a", "b"]);
  });
});
