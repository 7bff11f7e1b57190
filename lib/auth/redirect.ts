/**
 * Reduces any callback (a path, or the absolute URL Auth.js puts in `callbackUrl`) to a path on this
 * origin, so sign-in can never become an open redirect.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || value === "") return "/";
  try {
    const url = new URL(value, "http://wafer.invalid");
    const path = `${url.pathname}${url.search}${url.hash}`;
    return path.startsWith("/") && !path.startsWith("//") ? path : "/";
  } catch {
    return "/";
  }
}
