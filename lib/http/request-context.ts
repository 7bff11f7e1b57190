import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";

import { headers } from "next/headers";

/**
 * The request a route handler is serving, set by `route()`. Guards read the caller's cookies from it
 * directly instead of Next's `headers()`, which is the same data but only exists inside Next's own
 * request scope; pages and server actions fall back to `headers()`.
 */
const current = new AsyncLocalStorage<Request>();

export function withRequest<T>(request: Request, run: () => Promise<T>): Promise<T> {
  return current.run(request, run);
}

export async function requestHeaders(): Promise<Headers> {
  const request = current.getStore();
  if (request) return request.headers;
  return await headers();
}
