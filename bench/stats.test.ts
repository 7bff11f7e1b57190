import { describe, expect, it } from "vitest";

import { medians, spread } from "./stats";

describe("medians", () => {
  it("reads a spread over runs back as one run of medians, not as its first run", () => {
    const runs = [
      { addedTtfbMs: { p50: 8.8 }, shapes: { fresh: { ratioToFresh: 1 }, files: { ratioToFresh: 1.45 } }, label: "a" },
      { addedTtfbMs: { p50: 10.7 }, shapes: { fresh: { ratioToFresh: 1 }, files: { ratioToFresh: 1.89 } }, label: "a" },
      { addedTtfbMs: { p50: 9.9 }, shapes: { fresh: { ratioToFresh: 1 }, files: { ratioToFresh: 1.67 } }, label: "a" },
    ];
    expect(medians(spread(runs))).toEqual({ addedTtfbMs: { p50: 9.9 }, shapes: { fresh: { ratioToFresh: 1 }, files: { ratioToFresh: 1.67 } }, label: "a" });
  });

  it("leaves one run as it was", () => {
    expect(medians(spread([{ a: 1.5, b: [1, 2] }]))).toEqual({ a: 1.5, b: [1, 2] });
  });
});
