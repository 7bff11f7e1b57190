import { AppError } from "@/lib/errors";

import { originVerdict, SAFE_METHODS } from "./origin";

/** Decodes each path segment as Next will; false when one is not valid percent-encoded UTF-8. */
export function hasValidEscapes(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * What proxy.ts refuses before Next routes a request: a path Next cannot decode (it would throw
 * while matching dynamic segments and answer 500), and a write to a page from another origin (a
 * forged server action, which Next itself aborts with a 500). Route handlers check Origin in
 * `route()`; Auth.js's routes keep their own CSRF token.
 */
export function screenRequest(
  request: Request,
  options: { appUrl?: string | undefined; trustForwardedHost: boolean },
): Response | null {
  const { pathname } = new URL(request.url);
  if (!hasValidEscapes(pathname)) {
    return new AppError("bad_request:api", { message: "The URL has a malformed percent-escape." }).toResponse();
  }
  if (!pathname.startsWith("/api/") && !SAFE_METHODS.has(request.method) && originVerdict(request.headers, options) === "cross-origin") {
    return new AppError("forbidden:api", { message: "Cross-origin request refused." }).toResponse();
  }
  return null;
}
