import type { FinishReason, HttpFaultStatus } from "./schema";

// OpenAI chat-completions wire shapes as Cerebras sends them (tests parse the stream back into these).

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

/** Cerebras extra, in seconds; `created` is a Unix timestamp with fractions. */
export interface TimeInfo {
  queue_time: number;
  prompt_time: number;
  completion_time: number;
  total_time: number;
  created: number;
}

interface WireToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function: { name?: string; arguments: string };
}

export interface WireDelta {
  role?: "assistant";
  content?: string;
  reasoning?: string;
  reasoning_content?: string;
  tool_calls?: WireToolCallDelta[];
}

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  system_fingerprint: string;
  choices: { index: number; delta: WireDelta; finish_reason?: FinishReason }[];
  usage?: WireUsage;
  time_info?: TimeInfo;
}

export interface WireToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  system_fingerprint: string;
  choices: {
    index: number;
    message: {
      role: "assistant";
      content: string | null;
      reasoning?: string;
      reasoning_content?: string;
      tool_calls?: WireToolCall[];
    };
    finish_reason: FinishReason;
    logprobs: null;
  }[];
  usage: WireUsage;
  time_info?: TimeInfo;
}

export interface WireError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export const SYSTEM_FINGERPRINT = "fp_wafer_scripted";

export interface ChunkMeta {
  id: string;
  created: number;
  model: string;
}

/**
 * SSE framing for one completion. The envelope is serialized once; per token only the delta is
 * stringified, which keeps the fake's CPU negligible next to the app under test.
 */
export function createChunkFramer(meta: ChunkMeta) {
  const head =
    `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},` +
    `"model":${JSON.stringify(meta.model)},"system_fingerprint":"${SYSTEM_FINGERPRINT}","choices":`;
  const extras = (usage: WireUsage | undefined, timeInfo: TimeInfo | undefined) =>
    (usage ? `,"usage":${JSON.stringify(usage)}` : "") + (timeInfo ? `,"time_info":${JSON.stringify(timeInfo)}` : "");
  return {
    delta: (delta: WireDelta): string => `${head}[{"index":0,"delta":${JSON.stringify(delta)}}]}\n\n`,
    finish: (reason: FinishReason, usage?: WireUsage, timeInfo?: TimeInfo): string =>
      `${head}[{"index":0,"delta":{},"finish_reason":"${reason}"}]${extras(usage, timeInfo)}}\n\n`,
    /** OpenAI's `include_usage` style: a trailing chunk with no choices. */
    usageOnly: (usage: WireUsage, timeInfo?: TimeInfo): string => `${head}[]${extras(usage, timeInfo)}}\n\n`,
  };
}

export const SSE_DONE = "data: [DONE]\n\n";

export function sseError(error: WireError): string {
  return `data: ${JSON.stringify(error)}\n\n`;
}

const ERROR_DEFAULTS: Record<HttpFaultStatus, { type: string; code: string; message: string }> = {
  400: { type: "invalid_request_error", code: "bad_request", message: "Bad request" },
  401: { type: "authentication_error", code: "wrong_api_key", message: "Wrong API Key" },
  403: { type: "permission_denied_error", code: "permission_denied", message: "Permission denied" },
  404: { type: "not_found_error", code: "model_not_found", message: "Model not found" },
  413: { type: "invalid_request_error", code: "request_too_large", message: "Request too large" },
  429: { type: "too_many_requests_error", code: "request_quota_exceeded", message: "Requests per minute limit exceeded" },
  500: { type: "server_error", code: "internal_error", message: "Internal server error" },
  502: { type: "server_error", code: "bad_gateway", message: "Bad gateway" },
  503: { type: "server_error", code: "service_unavailable", message: "Service temporarily unavailable" },
};

export function httpFaultError(status: HttpFaultStatus, message?: string): WireError {
  const defaults = ERROR_DEFAULTS[status];
  return { error: { message: message ?? defaults.message, type: defaults.type, param: null, code: defaults.code } };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export function errorResponse(status: number, message: string, type = "invalid_request_error", code: string | null = null): Response {
  const body: WireError = { error: { message, type, param: null, code } };
  return jsonResponse(body, status);
}
