/** The provider's per-key headroom, as Cerebras reports it on every response. */
export interface RateLimitSnapshot {
  remainingTokensMinute: number | null;
  remainingRequestsDay: number | null;
  tokensResetAt: Date | null;
  requestsResetAt: Date | null;
}

function count(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

/** Cerebras sends resets as seconds from now ("33.011"); a duration like "1m2s" or "6ms" is read too. */
function resetAt(value: string | null, now: number): Date | null {
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(now + seconds * 1000);
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:([\d.]+)s)?(?:(\d+)ms)?$/.exec(value.trim());
  if (!match || match[0] === "") return null;
  const [, h = "0", m = "0", s = "0", ms = "0"] = match;
  return new Date(now + ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms));
}

/** Null when the response carries none of the headers (another provider, the demo model). */
export function readRateLimitHeaders(headers: Headers, now = Date.now()): RateLimitSnapshot | null {
  const snapshot = {
    remainingTokensMinute: count(headers.get("x-ratelimit-remaining-tokens-minute")),
    remainingRequestsDay: count(headers.get("x-ratelimit-remaining-requests-day")),
    tokensResetAt: resetAt(headers.get("x-ratelimit-reset-tokens-minute"), now),
    requestsResetAt: resetAt(headers.get("x-ratelimit-reset-requests-day"), now),
  };
  return Object.values(snapshot).every((v) => v === null) ? null : snapshot;
}
