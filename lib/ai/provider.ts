import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";

import { createOpenAICompatible, type MetadataExtractor } from "@ai-sdk/openai-compatible";
import { wrapLanguageModel, type LanguageModel } from "ai";

import { env } from "@/lib/env";

import { DEMO_MODEL_ID } from "./catalog";
import { coalesceSse } from "./coalesce";
import { contentChannelStream } from "./content-channel";
import { demoFetch } from "./demo/stream";
import { HISTORY_MARKER, historyMarkerMessage, markHistory, withHistory } from "./history-prompt";
import { deferLargeStrings, expandDeferred, type ComposedText, type Fragment } from "./request-body";

/** Where models come from: operator configuration only, never a user's input. */
export type EndpointKind = "cerebras" | "custom" | "demo";

export interface ModelEndpoint {
  kind: EndpointKind;
  /** Provider name; also the key of provider options and metadata. */
  name: string;
  baseURL: string;
  apiKey?: string;
}

const CEREBRAS_BASE_URL = "https://api.cerebras.ai/v1";
const DEMO_BASE_URL = "http://wafer-demo.invalid/v1";

/** The configured real endpoint, or null when none is (the app then offers only the demo model). */
export function configuredEndpoint(): ModelEndpoint | null {
  const { CEREBRAS_API_KEY, AI_BASE_URL, AI_API_KEY } = env();
  if (AI_BASE_URL) return { kind: "custom", name: "custom", baseURL: AI_BASE_URL.replace(/\/+$/, ""), apiKey: AI_API_KEY };
  if (CEREBRAS_API_KEY) return { kind: "cerebras", name: "cerebras", baseURL: CEREBRAS_BASE_URL, apiKey: CEREBRAS_API_KEY };
  return null;
}

export const demoEndpoint: ModelEndpoint = { kind: "demo", name: "demo", baseURL: DEMO_BASE_URL };

export function endpointForModel(modelId: string): ModelEndpoint {
  return modelId === DEMO_MODEL_ID ? demoEndpoint : (configuredEndpoint() ?? demoEndpoint);
}

/** Wall-clock stamps of the model's bytes, for the speed HUD and the benchmarks' shared clock. */
export interface ByteClock {
  firstByteAt: number | null;
  lastByteAt: number | null;
}

/** Per-turn state the shared provider's fetch needs, carried by the async context of the turn's model calls. */
interface TurnState {
  clock: ByteClock;
  before?: Promise<unknown>;
  calls?: ModelCallHooks;
  /** The server refused `prediction` with `tools` and the call went again without it (`confirmed`: and was served). */
  predictionRefused?: (confirmed: boolean) => Promise<void>;
  /** Strings of the turn built from pieces (./request-body). */
  composed?: readonly ComposedText[];
  /** The large strings the next request body left out, by placeholder (./request-body). */
  deferred?: Fragment[];
  /** The history's wire JSON, spliced where its marker message stands (./history-prompt). */
  historyWire?: Fragment | null;
  /** Called when a request of the turn has left, or could not (see TurnModelOptions). */
  requestSent?: () => void;
}

/** Around each HTTP call of a turn: the budget reserves before it, and reads the provider's rate-limit headers after. */
export interface ModelCallHooks {
  /** `bodyChars`: the request body's length as a JSON string. */
  beforeRequest(bodyChars: number): Promise<void>;
  response(headers: Headers): void;
}

/**
 * The request body without `prediction`, when it carried one together with tools; null otherwise.
 * Parsed only after a 4xx, so the usual path never reads the body twice.
 */
function withoutPrediction(body: BodyInit | null | undefined): string | null {
  const text = typeof body === "string" ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : null;
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { prediction, ...rest } = parsed as { prediction?: unknown; tools?: unknown };
  if (prediction == null || !Array.isArray(rest.tools) || rest.tools.length === 0) return null;
  return JSON.stringify(rest);
}

// Scoped to a turn's model calls (see turnModel): nothing to release, and nothing another instance needs.
const turnState = new AsyncLocalStorage<TurnState>();

/**
 * Node's own fetch. Next wraps the global one in route handlers for its data cache and tracing
 * (0.5 ms a call, measured); a model call is never cached, and sits before every first token.
 */
const nodeFetch: typeof fetch = (globalThis.fetch as typeof fetch & { _nextOriginalFetch?: typeof fetch })._nextOriginalFetch ?? globalThis.fetch;

/**
 * Sends the request at once, all of its body but the last byte, and the last byte once `gate`
 * settles. A server acts on no request it has not fully received, so the gate (the turn's question
 * stored and its budget held) still comes before the model call, while the upload of a long prompt
 * and the server's reading of it overlap that database write. When the gate fails the request is cut
 * off unfinished, and the gate's error is thrown. `onSent` is called once the connection has taken
 * the last byte, or once the request has ended otherwise (its gate failed, its answer came first).
 */
export async function sendAfter(
  send: typeof fetch,
  input: RequestInfo | URL,
  init: RequestInit,
  body: Uint8Array,
  gate: () => Promise<void>,
  onSent: () => void = () => {},
): Promise<Response> {
  let finish!: (error: unknown) => void;
  let lastQueued = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (body.length > 1) controller.enqueue(body.subarray(0, body.length - 1));
        finish = (error) => {
          if (error !== undefined) return controller.error(error);
          controller.enqueue(body.subarray(body.length - 1));
          lastQueued = true;
        };
      },
      // With no queue of its own the stream is pulled only by a read: one after the last byte means
      // the client has written that byte to the connection and looks for more. It ends the request
      // in the microtasks that follow; `onSent` comes after them.
      pull(controller) {
        if (!lastQueued) return;
        controller.close();
        setImmediate(onSent);
      },
    },
    { highWaterMark: 0 },
  );
  const headers = new Headers(init.headers);
  // A known length: the server gets a plain request, not a chunked one.
  headers.set("content-length", String(body.length));
  const response = send(input, { ...init, headers, body: stream, duplex: "half" } as RequestInit);
  // An answer that comes before the last byte ends the wait too; a failure is read by the caller
  // later, or never when the gate fails.
  response.then(onSent, onSent);
  try {
    await gate();
  } catch (error) {
    finish(error ?? new Error("the request's gate failed"));
    onSent();
    throw error;
  }
  finish(undefined);
  return response;
}

function upstreamFetch(endpoint: ModelEndpoint): typeof fetch {
  // The demo model is served in process, through the same provider and SSE parsing as a real model.
  const demo = endpoint.kind === "demo";
  const base: typeof fetch = demo ? (input, init) => demoFetch(new Request(input, init)) : nodeFetch;
  return async (input, requestInit) => {
    const hook = turnState.getStore();
    let init = requestInit;
    let bodyChars = typeof init?.body === "string" ? init.body.length : 0;
    const deferred = hook?.deferred;
    if (hook) hook.deferred = undefined;
    if (deferred && typeof init?.body === "string") {
      const expanded = expandDeferred(init.body, deferred);
      init = { ...init, body: expanded.bytes };
      bodyChars = expanded.chars;
    }
    const gate = async () => {
      await hook?.before;
      await hook?.calls?.beforeRequest(bodyChars);
    };
    const body = init?.body;
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body instanceof Uint8Array ? body : null;
    let response: Response;
    if (hook && !demo && init && bytes) {
      response = await sendAfter(base, input, init, bytes, gate, hook.requestSent);
    } else {
      try {
        await gate();
      } finally {
        hook?.requestSent?.();
      }
      response = await base(input, init);
    }
    // OpenAI documents Predicted Outputs as unsupported with function calling; a server refusing the
    // pair answers 400/422 before any output. The call goes again once, without the prediction (the
    // same call to the budget: nothing was generated), and the turn records the refusal for the model
    // before the answer streams, so the next turn on any instance reads it.
    const retryBody = response.status === 400 || response.status === 422 ? withoutPrediction(init?.body) : null;
    if (retryBody !== null) {
      await response.body?.cancel();
      response = await base(input, { ...init, body: retryBody });
      // A retry refused too was refused for something else: only its success convicts the pair.
      await hook?.predictionRefused?.(response.ok);
    }
    hook?.calls?.response(response.headers);
    if (!response.body) return response;
    const streaming = response.headers.get("content-type")?.includes("text/event-stream") ?? false;
    const clock = hook?.clock;
    // Per network chunk, not per token: costs nothing next to the stream itself.
    const stamped = (streaming ? response.body.pipeThrough(coalesceSse()) : response.body).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (clock) {
            const now = Date.now();
            clock.firstByteAt ??= now;
            clock.lastByteAt = now;
          }
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(stamped, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

export interface TimeInfo {
  queueTime?: number;
  promptTime?: number;
  completionTime?: number;
  totalTime?: number;
}

function readTimeInfo(value: unknown): TimeInfo | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const raw = (value as { time_info?: Record<string, unknown> }).time_info;
  if (!raw || typeof raw !== "object") return undefined;
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  return {
    queueTime: num(raw.queue_time),
    promptTime: num(raw.prompt_time),
    completionTime: num(raw.completion_time),
    totalTime: num(raw.total_time),
  };
}

/** Cerebras sends `time_info` on the last chunk; the provider drops unknown fields unless we pick them up. */
function timeInfoExtractor(name: string): MetadataExtractor {
  return {
    extractMetadata: async ({ parsedBody }) => {
      const timeInfo = readTimeInfo(parsedBody);
      return timeInfo ? { [name]: { timeInfo: { ...timeInfo } } } : undefined;
    },
    createStreamExtractor: () => {
      let timeInfo: TimeInfo | undefined;
      return {
        processChunk(chunk) {
          timeInfo = readTimeInfo(chunk) ?? timeInfo;
        },
        buildMetadata: () => (timeInfo ? { [name]: { timeInfo: { ...timeInfo } } } : undefined),
      };
    },
  };
}

// A chat model builds its zod chunk schemas when constructed: one per endpoint and model id keeps
// that off every turn's path to the first token.
type ChatModel = ReturnType<ReturnType<typeof createOpenAICompatible>["chatModel"]>;
const models = new Map<string, ChatModel>();

function modelFor(endpoint: ModelEndpoint, modelId: string): ChatModel {
  const key = `${endpoint.kind}|${endpoint.baseURL}|${endpoint.apiKey ?? ""}|${modelId}`;
  let model = models.get(key);
  if (!model) {
    const provider = createOpenAICompatible({
      name: endpoint.name,
      baseURL: endpoint.baseURL,
      apiKey: endpoint.apiKey,
      includeUsage: true,
      fetch: upstreamFetch(endpoint),
      metadataExtractor: timeInfoExtractor(endpoint.name),
      // Cerebras reserves max_completion_tokens against the rate limit; OpenAI-style servers take it
      // instead of the deprecated max_tokens, which the provider would send. In a turn, the body's
      // large strings skip the SDK's JSON.stringify and are spliced back in by upstreamFetch.
      transformRequestBody: ({ max_tokens, ...rest }) => {
        const body = { ...rest, max_completion_tokens: max_tokens };
        const state = turnState.getStore();
        if (!state) return body;
        const wire = state.historyWire;
        const { messages } = rest as { messages?: unknown };
        const marked = wire && Array.isArray(messages) ? { ...body, messages: markHistory(messages) } : body;
        const deferred = deferLargeStrings(marked, state.composed, wire ? new Map([[HISTORY_MARKER, wire]]) : undefined);
        state.deferred = deferred.fragments;
        return deferred.body;
      },
    });
    model = provider.chatModel(modelId);
    models.set(key, model);
  }
  return model;
}

/** What one turn adds around its model calls (all optional). */
export interface TurnModelOptions {
  /** Gates each HTTP call (the user's message reaching the database). */
  before?: Promise<unknown>;
  /** Content channel: edit tools are not offered to the model, and its edit blocks become their calls. */
  contentChannel?: { hiddenTools: readonly string[]; callPrefix: string };
  calls?: ModelCallHooks;
  /** The server refused `prediction` with `tools` and the call went again without it (`confirmed`: and was served). */
  predictionRefused?: (confirmed: boolean) => Promise<void>;
  /** Strings of the prompt built from pieces (the user's message): sent from their pieces' JSON (./request-body). */
  composed?: readonly ComposedText[];
  /**
   * The turn's history as the provider's wire JSON (./history-prompt): streamText is given only the
   * new message, and every call's body gets these messages right after its system prompt.
   */
  history?: Promise<Fragment | null>;
  /**
   * Called once a model call's whole request is on its connection, or when the call ended before
   * that (its gate or set-up failed, the server answered first); may be called more than once.
   */
  requestSent?: () => void;
}

/**
 * The model for one turn, with its own byte clock. `before` gates the HTTP call itself (not the
 * SDK's request preparation), so work that must precede the model call — the user's message
 * reaching the database — overlaps with the SDK's own setup. The shared model is wrapped so each of
 * the turn's model calls runs with the turn's state; the wrapper costs nothing to build.
 */
export function turnModel(
  endpoint: ModelEndpoint,
  modelId: string,
  clock: ByteClock,
  { before, contentChannel, calls, predictionRefused, history, composed, requestSent }: TurnModelOptions = {},
): LanguageModel {
  const state: TurnState = { clock, before, calls, predictionRefused, composed, requestSent };
  // A call that fails before its request leaves must still release whoever waits for it.
  const failedBeforeSending = (error: unknown): never => {
    requestSent?.();
    throw error;
  };
  let step = 0;
  return wrapLanguageModel({
    model: modelFor(endpoint, modelId),
    middleware: {
      specificationVersion: "v3",
      transformParams: async ({ params }) => {
        state.historyWire = history ? await history.catch(failedBeforeSending) : null;
        const prompt = state.historyWire ? withHistory(params.prompt, [historyMarkerMessage]) : params.prompt;
        const tools = contentChannel && params.tools ? params.tools.filter((t) => !contentChannel.hiddenTools.includes(t.name)) : params.tools;
        return prompt === params.prompt && tools === params.tools ? params : { ...params, prompt, tools };
      },
      wrapGenerate: ({ doGenerate }) => turnState.run(state, doGenerate),
      wrapStream: async ({ doStream }) => {
        const result = await Promise.resolve(turnState.run(state, doStream)).catch(failedBeforeSending);
        if (!contentChannel) return result;
        return { ...result, stream: contentChannelStream(result.stream, `${contentChannel.callPrefix}${step++}-`) };
      },
    },
  });
}

export async function fetchModelIds(endpoint: ModelEndpoint, signal?: AbortSignal): Promise<string[]> {
  const response = await upstreamFetch(endpoint)(`${endpoint.baseURL}/models`, {
    headers: endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {},
    signal,
  });
  if (!response.ok) throw new Error(`GET /models answered ${response.status}`);
  const body = (await response.json()) as { data?: { id?: unknown }[] };
  return (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === "string");
}
