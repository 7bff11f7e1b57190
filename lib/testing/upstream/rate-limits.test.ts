import { describe, expect, it } from "vitest";

import { createRateLimits } from "./rate-limits";

describe("scripted rate-limit headers", () => {
  it("count down per minute and per day, and reset when the window turns", () => {
    let now = 0;
    const limits = createRateLimits({ tokensPerMinute: 10_000, requestsPerDay: 3 }, () => now);
    expect(limits.charge(4_000)).toMatchObject({ "x-ratelimit-remaining-tokens-minute": "6000", "x-ratelimit-remaining-requests-day": "2", "x-ratelimit-reset-tokens-minute": "60.000" });
    now = 15_000;
    expect(limits.charge(7_000)).toMatchObject({ "x-ratelimit-remaining-tokens-minute": "0", "x-ratelimit-remaining-requests-day": "1", "x-ratelimit-reset-tokens-minute": "45.000" });
    now = 60_000;
    expect(limits.charge(1_000)).toMatchObject({ "x-ratelimit-remaining-tokens-minute": "9000", "x-ratelimit-remaining-requests-day": "0" });
  });
});
