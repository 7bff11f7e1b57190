import { APICallError, RetryError } from "ai";

import { AppError, isDatabaseError, isDatabaseUnavailable, toAppError } from "@/lib/errors";

function retryAfterSeconds(headers: Record<string, string> | undefined): number | undefined {
  const raw = headers?.["retry-after"] ?? headers?.["Retry-After"];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Error chunks arrive as plain objects ({ message, type, code }) rather than Errors. */
function describeUnknown(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String((error as { message: unknown }).message);
  return String(error);
}

/**
 * Every way a model call can fail, as an error the chat can explain: the operator's key (401/403),
 * the provider's rate limit with its countdown (429), the provider being down (5xx, network), or an
 * error in the middle of the stream.
 */
export function toChatError(error: unknown, { midStream }: { midStream: boolean }): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error) || isDatabaseError(error)) return toAppError(error, "chat");
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    // A 2xx whose body broke while it was read ("Failed to process successful response"): the
    // provider accepted the request and the connection dropped.
    if (status !== undefined && status >= 200 && status < 300) {
      return new AppError("upstream:model", {
        message: midStream ? "The connection to the model broke mid-answer." : "The connection to the model broke before its answer began. Your message is saved; retry when ready.",
        cause,
      });
    }
    if (status === 401 || status === 403) {
      return new AppError("upstream:model", {
        message: `The model provider refused Wafer's credentials (${status}). The operator should check CEREBRAS_API_KEY or AI_API_KEY.`,
        cause,
      });
    }
    if (status === 429) {
      const wait = retryAfterSeconds(cause.responseHeaders);
      return new AppError("rate_limit:model", {
        message: `The model provider is rate-limiting requests${wait !== undefined ? `; try again in ${wait} s` : ""}.`,
        retryAfterSeconds: wait,
        cause,
      });
    }
    if (status !== undefined && status >= 500) {
      return new AppError("upstream:model", { message: `The model provider had an error (${status}). Your message is saved; retry when ready.`, cause });
    }
    if (status === undefined) {
      return new AppError("offline:model", { message: "Could not reach the model provider. Your message is saved; retry when ready.", cause });
    }
    return new AppError("upstream:model", { message: `The model provider rejected the request (${status}): ${cause.message}`, cause });
  }
  const text = describeUnknown(cause);
  if (/fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|terminated|network/i.test(text)) {
    return new AppError(midStream ? "upstream:model" : "offline:model", {
      message: midStream ? "The connection to the model broke mid-answer." : "Could not reach the model provider. Your message is saved; retry when ready.",
      cause,
    });
  }
  return new AppError("upstream:model", { message: midStream ? `The model stopped with an error: ${text}` : `The model call failed: ${text}`, cause });
}
