import "server-only";

import type { z } from "zod";

import { AppError, toAppError, type ErrorSurface } from "@/lib/errors";

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler so every failure leaves as a typed error response: AppErrors as they are,
 * anything else logged and masked as a 500. Handlers stay a few lines of parse → guard → lib → answer.
 */
export function route<P = Record<string, never>>(
  surface: ErrorSurface,
  handler: (request: Request, params: P) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, await context.params);
    } catch (error) {
      return errorResponse(error, surface);
    }
  };
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
    const { done, value } = await reader.read();
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

export async function parseJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  { surface, maxBytes = 64 * 1024 }: { surface: ErrorSurface; maxBytes?: number },
): Promise<z.infer<S>> {
  const text = new TextDecoder().decode(await readBody(request, maxBytes, surface));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError(`bad_request:${surface}`, { message: "The request body is not valid JSON." });
  }
  return parseInput(schema, raw, surface);
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, surface: ErrorSurface): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new AppError(`bad_request:${surface}`, { message: `${where}${issue?.message ?? "Invalid input."}` });
  }
  return result.data;
}
