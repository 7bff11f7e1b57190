import { describe, expect, it } from "vitest";

import { readRateLimitHeaders } from "./rate-limit-headers";

describe("readRateLimitHeaders", () => {
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);

  it("reads Cerebras's remaining counts and resets in seconds", () => {
    const headers = new Headers({
      "x-ratelimit-remaining-tokens-minute": "59000",
      "x-ratelimit-remaining-requests-day": "14399",
      "x-ratelimit-reset-tokens-minute": "33.5",
      "x-ratelimit-reset-requests-day": "1m2s",
    });
    expect(readRateLimitHeaders(headers, now)).toEqual({
      remainingTokensMinute: 59000,
      remainingRequestsDay: 14399,
      tokensResetAt: new Date(now + 33_500),
      requestsResetAt: new Date(now + 62_000),
    });
  });

  it("is null without the headers, and ignores garbage", () => {
    expect(readRateLimitHeaders(new Headers(), now)).toBeNull();
    expect(readRateLimitHeaders(new Headers({ "x-ratelimit-remaining-tokens-minute": "lots" }), now)).toBeNull();
  });
});
