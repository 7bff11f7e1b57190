/**
 * Cross-origin write protection (CSRF): a mutation is accepted only from this app's own origin.
 * Browsers send `Origin` on every cross-origin request and on same-origin non-GET fetches, and
 * `Sec-Fetch-Site` on all of them; a request with neither comes from a non-browser client (curl, the
 * CLI), which carries no ambient cookie risk. SameSite=Lax alone lets a same-site origin through
 * (another port, a sibling subdomain), so this compares the exact host.
 */
export type OriginVerdict = "same-origin" | "no-origin" | "cross-origin";

export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

export function originVerdict(
  headers: Headers,
  { appUrl, trustForwardedHost }: { appUrl?: string | undefined; trustForwardedHost: boolean },
): OriginVerdict {
  const origin = headers.get("origin");
  if (origin === null) {
    const site = headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none" ? "no-origin" : "cross-origin";
  }
  let originHost: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") return "cross-origin";
    originHost = url.host;
  } catch {
    // `Origin: null` (sandboxed frames, file:, some redirects) is never this app.
    return "cross-origin";
  }
  const allowed = [headers.get("host"), trustForwardedHost ? headers.get("x-forwarded-host")?.split(",")[0]?.trim() : null];
  if (appUrl) allowed.push(new URL(appUrl).host);
  return allowed.some((host) => host && host.toLowerCase() === originHost) ? "same-origin" : "cross-origin";
}

/**
 * Whether the browser reached this app over HTTPS, so cookies set here get `Secure`. Behind a
 * TLS-terminating proxy the request itself is plain HTTP: the trusted proxy's `X-Forwarded-Proto`
 * or an https `WAFER_APP_URL` tells.
 */
export function servedOverHttps(
  request: { url: string; headers: Headers },
  { appUrl, trustForwardedHost }: { appUrl?: string | undefined; trustForwardedHost: boolean },
): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  if (trustForwardedHost && request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https") return true;
  return appUrl !== undefined && new URL(appUrl).protocol === "https:";
}

/** `application/json`, with or without parameters such as `charset=utf-8`. */
export function isJsonContentType(headers: Headers): boolean {
  const type = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}
