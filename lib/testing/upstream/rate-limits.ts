/**
 * Cerebras-style rate-limit headers for the scripted upstream: a per-minute token bucket (each
 * request holds its prompt plus `max_completion_tokens`, as Cerebras does) and a per-day request
 * count, reported on every chat response. Accounting only: the scripted upstream never refuses on them.
 */
export interface RateLimitOptions {
  tokensPerMinute?: number;
  requestsPerDay?: number;
}

export function createRateLimits({ tokensPerMinute = 1_000_000, requestsPerDay = 14_400 }: RateLimitOptions = {}, now: () => number = Date.now) {
  let minuteStart = now();
  let dayStart = now();
  let tokensUsed = 0;
  let requests = 0;
  return {
    /** Charges one request and returns the headers to send with its response. */
    charge(tokens: number): Record<string, string> {
      const t = now();
      if (t - minuteStart >= 60_000) {
        minuteStart = t;
        tokensUsed = 0;
      }
      if (t - dayStart >= 86_400_000) {
        dayStart = t;
        requests = 0;
      }
      tokensUsed += tokens;
      requests += 1;
      return {
        "x-ratelimit-limit-tokens-minute": String(tokensPerMinute),
        "x-ratelimit-remaining-tokens-minute": String(Math.max(0, tokensPerMinute - tokensUsed)),
        "x-ratelimit-reset-tokens-minute": ((60_000 - (t - minuteStart)) / 1000).toFixed(3),
        "x-ratelimit-limit-requests-day": String(requestsPerDay),
        "x-ratelimit-remaining-requests-day": String(Math.max(0, requestsPerDay - requests)),
        "x-ratelimit-reset-requests-day": ((86_400_000 - (t - dayStart)) / 1000).toFixed(3),
      };
    },
  };
}

/** The same response with the headers added (a streamed body is passed through untouched). */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
}
