import { describe, expect, it } from "vitest";

import { tokensPerSecond } from "./turn-outcome";

describe("tokensPerSecond", () => {
  it("divides output by the span it arrived over", () => {
    expect(tokensPerSecond(2000, 1000, 0.5)).toBe(2000);
  });

  it("falls back to the provider's completion time when the answer arrived in one read", () => {
    expect(tokensPerSecond(20, 0, 0.01)).toBe(2000);
    expect(tokensPerSecond(20, null, 0.01)).toBe(2000);
  });

  it("is unknown with neither", () => {
    expect(tokensPerSecond(20, 0, undefined)).toBeNull();
  });
});
