import "server-only";

import type { z } from "zod";

import { env } from "@/lib/env";
import { AppError, toAppError, type ErrorSurface } from "@/lib/errors";

import { isJsonContentType, originVerdict, SAFE_METHODS } from "./origin";
import { withRequest } from "./request-context";
import { assertWellFormed, decodeUtf8 } from "./text";

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler so every failure leaves as a typed error response: AppErrors as they are,
 * anything else logged and masked as a 500. Handlers stay a few lines of parse → guard → lib → answer.
 * Every mutation (any method but GET/HEAD/OPTIONS) must come from this app's origin.
 */
export function route<P = Record<string, never>>(
  surface: ErrorSurface,
  handler: (request: Request, params: P) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request, surface);
      const params = await context.params;
      assertWellFormed(params, surface);
      return await withRequest(request, () => handler(request, params));
    } catch (error) {
      return errorResponse(error, surface);
    }
  };
}

function assertSameOrigin(request: Request, surface: ErrorSurface): void {
  const { WAFER_APP_URL, TRUSTED_PROXY_HOPS } = env();
  const verdict = originVerdict(request.headers, { appUrl: WAFER_APP_URL, trustForwardedHost: TRUSTED_PROXY_HOPS > 0 });
  if (verdict === "cross-origin") throw new AppError(`forbidden:${surface}`, { message: "Cross-origin request refused." });
}

export function errorResponse(error: unknown, surface: ErrorSurface): Response {
  const appError = toAppError(error, surface);
  if (appError.visibility === "log" || appError.status >= 500) {
    console.error(`[${appError.code}]`, appError.cause ?? appError);
  }
  return appError.toResponse();
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { ...init, headers });
}

/** Reads at most `maxBytes` of body, so an oversized request is refused without buffering all of it. */
export async function readBody(request: Request, maxBytes: number, surface: ErrorSurface): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = () => new AppError(`payload_too_large:${surface}`, { message: `The request body is larger than ${Math.round(maxBytes / 1024)} KiB.` });
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await readOrCutOff(reader, surface);
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * A body that fails mid-read was cut off by the client or the network (Node reports `aborted` with
 * ECONNRESET), never by the database, so it must not be classified, logged and retried as one.
 */
async function readOrCutOff(reader: ReadableStreamDefaultReader<Uint8Array>, surface: ErrorSurface): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (error) {
    throw new AppError(`bad_request:${surface}`, { message: "The request was cut off before its body arrived.", cause: error });
  }
}

export async function parseJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  { surface, maxBytes = 64 * 1024 }: { surface: ErrorSurface; maxBytes?: number },
): Promise<z.infer<S>> {
  // A JSON content type makes a cross-origin fetch preflight, so a form or text/plain post cannot pass.
  if (!isJsonContentType(request.headers)) {
    throw new AppError(`bad_request:${surface}`, { status: 415, message: "Send the body as application/json." });
  }
  const text = decodeUtf8(await readBody(request, maxBytes, surface), surface);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError(`bad_request:${surface}`, { message: "The request body is not valid JSON." });
  }
  return parseInput(schema, raw, surface);
}

/** Query fields, refused when an escape is not valid UTF-8 (URLSearchParams would turn it into U+FFFD). */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S, surface: ErrorSurface): z.infer<S> {
  const url = new URL(request.url);
  try {
    for (const part of url.search.slice(1).split(/[&=]/)) decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    throw new AppError(`bad_request:${surface}`, { message: "The query string is not valid UTF-8 text." });
  }
  return parseInput(schema, Object.fromEntries(url.searchParams), surface);
}

/** Validates untrusted input (a parsed body, query fields, path params): valid text, then the schema. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, surface: ErrorSurface): z.infer<S> {
  assertWellFormed(raw, surface);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new AppError(`bad_request:${surface}`, { message: `${where}${issue?.message ?? "Invalid input."}` });
  }
  return result.data;
}
