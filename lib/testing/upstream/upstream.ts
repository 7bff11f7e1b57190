import { z } from "zod";

import { DEMO_MODEL_ID } from "@/lib/ai/catalog";

import { demoScript } from "./demo";
import { completionResponse } from "./completion";
import { planScript } from "./plan";
import { streamResponse } from "./play";
import type { PlayContext } from "./play-context";
import { Recorder, stamp, type RecordedHeaders, type Stamp, type RecordedRequest, type RequestPredicate, type ScriptSource } from "./recorder";
import {
  ChatRequestSchema,
  DefaultBodySchema,
  EnqueueBodySchema,
  KeysBodySchema,
  ModeBodySchema,
  ModelInfoSchema,
  ModelsBodySchema,
  PredictionWithToolsBodySchema,
  ScriptSchema,
  type ChatRequest,
  type ModelInfo,
  type Script,
  type ToolCallMode,
} from "./schema";
import { createRateLimits, withHeaders, type RateLimitOptions } from "./rate-limits";
import { countPromptTokens } from "./tokens";
import { errorResponse, httpFaultError, jsonResponse } from "./wire";

type ScriptFactory = (body: ChatRequest) => Script;

export interface UpstreamOptions {
  /** Served by GET /v1/models. */
  models?: ModelInfo[];
  /** Played when no queued script applies; defaults to {@link builtinDefaultScript}. */
  defaultScript?: Script | ScriptFactory;
  /** Rate for scripts that leave `rate` undefined (0 = unpaced). */
  defaultRate?: number;
  /** Records kept, oldest dropped first; 0 records nothing. */
  maxRecorded?: number;
  /** Serve /__control/*. Turn off wherever strangers can reach the handler (the product's demo route). */
  controlRoutes?: boolean;
  /** When set, chat and models requests need `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /**
   * Further keys (a workspace's own), each with the models it reaches. With `apiKey` set, any other
   * key is refused; without it, unknown keys act as the operator's key.
   */
  keys?: Record<string, ModelInfo[]>;
  /** How edit tool calls are delivered when a script does not say (default progressive). */
  toolCallMode?: ToolCallMode;
  /** The per-key limits the rate-limit headers count down from. */
  rateLimits?: RateLimitOptions;
  /**
   * Answer a request carrying both `prediction` and `tools` with a 400 and an OpenAI-style error, as
   * OpenAI documents for Predicted Outputs with function calling. No script is consumed.
   */
  refusePredictionWithTools?: boolean;
}

interface EnqueueOptions {
  /** Only requests for this model id take these scripts. */
  model?: string;
}

export interface Upstream {
  /** Web Fetch handler: mount it behind node:http, call it in-process, or export it from a Next.js route. */
  handle(request: Request): Promise<Response>;
  enqueue(scripts: Script | readonly Script[], options?: EnqueueOptions): void;
  /** null restores the configured default. */
  setDefault(script: Script | ScriptFactory | null): void;
  setModels(models: readonly ModelInfo[]): void;
  setKeys(keys: Record<string, ModelInfo[]>): void;
  /** null restores the configured mode. */
  setToolCallMode(mode: ToolCallMode | null): void;
  /** null restores the configured switch. */
  setRefusePredictionWithTools(refuse: boolean | null): void;
  requests(): readonly Readonly<RecordedRequest>[];
  /** Clears queues, recordings, default script and models back to the options. */
  reset(): void;
  waitForRequest(predicate?: RequestPredicate, timeoutMs?: number): Promise<RecordedRequest>;
  waitForAbort(predicate?: RequestPredicate, timeoutMs?: number): Promise<RecordedRequest>;
}

const DEFAULT_MODELS: readonly ModelInfo[] = [
  { id: "gpt-oss-120b", owned_by: "OpenAI" },
  { id: DEMO_MODEL_ID, owned_by: "wafer" },
];

const DEFAULT_WAIT_MS = 5_000;
// Fixed so /v1/models answers are byte-identical across runs.
const MODELS_CREATED = 1_700_000_000;

/** Short replies that end multi-step tool loops; the demo model id gets the demo generator. */
function builtinDefaultScript(body: ChatRequest): Script {
  if (body.model === DEMO_MODEL_ID) return demoScript(body);
  if (body.messages.at(-1)?.role === "tool") {
    return { steps: [{ type: "text", text: "Done: the scripted upstream received the tool result." }] };
  }
  return { steps: [{ type: "text", text: "Hello from the scripted upstream. This is a canned reply." }] };
}

const bearerOf = (headers: Headers) => /^Bearer (.+)$/.exec(headers.get("authorization") ?? "")?.[1] ?? null;

function recordHeaders(headers: Headers): RecordedHeaders {
  return {
    authorization: headers.has("authorization"),
    keyLast4: bearerOf(headers)?.slice(-4) ?? null,
    contentType: headers.get("content-type"),
    userAgent: headers.get("user-agent"),
    acceptEncoding: headers.get("accept-encoding"),
  };
}

async function readJson(request: Request): Promise<{ ok: true; value: unknown; bodyAt: Stamp } | { ok: false }> {
  try {
    const text = await request.text();
    const bodyAt = stamp();
    return { ok: true, value: JSON.parse(text), bodyAt };
  } catch {
    return { ok: false };
  }
}

function validationError(error: z.ZodError): Response {
  return errorResponse(400, z.prettifyError(error));
}

let completionSeq = 0;

export function createUpstream(options: UpstreamOptions = {}): Upstream {
  const recorder = new Recorder(options.maxRecorded ?? 1_000);
  const rateLimits = createRateLimits(options.rateLimits);
  const queue: Script[] = [];
  const modelQueues = new Map<string, Script[]>();
  const initialModels = z.array(ModelInfoSchema).parse(options.models ?? DEFAULT_MODELS);
  let models: ModelInfo[] = initialModels;
  let keys = new Map(Object.entries(options.keys ?? {}));
  let defaultScript: Script | ScriptFactory = options.defaultScript ?? builtinDefaultScript;
  let toolCallMode: ToolCallMode = options.toolCallMode ?? "progressive";
  let refusePredictionWithTools = options.refusePredictionWithTools ?? false;

  function nextScript(body: ChatRequest): { script: Script; source: ScriptSource } {
    const forModel = modelQueues.get(body.model)?.shift();
    if (forModel) return { script: forModel, source: "model_queue" };
    const queued = queue.shift();
    if (queued) return { script: queued, source: "queue" };
    const script = typeof defaultScript === "function" ? ScriptSchema.parse(defaultScript(body)) : defaultScript;
    return { script, source: "default" };
  }

  function authorized(request: Request): boolean {
    const key = bearerOf(request.headers);
    return options.apiKey === undefined || key === options.apiKey || (key !== null && keys.has(key));
  }

  async function chat(request: Request): Promise<Response> {
    const receivedAt = stamp();
    if (!authorized(request)) return jsonResponse(httpFaultError(401), 401);
    const json = await readJson(request);
    if (!json.ok) return errorResponse(400, "Request body is not valid JSON");
    const parsed = ChatRequestSchema.safeParse(json.value);
    if (!parsed.success) return validationError(parsed.error);
    const body = parsed.data;
    if (refusePredictionWithTools && body.prediction && body.tools?.length) {
      const record = recorder.start({ model: body.model, stream: body.stream === true, body, headers: recordHeaders(request.headers), script: { steps: [] }, scriptSource: "refused", receivedAt, bodyAt: json.bodyAt });
      record.status = 400;
      recorder.finish(record, "http_error", null);
      return errorResponse(400, "Predicted Outputs are not supported with tools.", "invalid_request_error", "unsupported_parameter");
    }
    const { script, source } = nextScript(body);
    const stream = body.stream === true;
    const record = recorder.start({
      model: body.model,
      stream,
      body,
      headers: recordHeaders(request.headers),
      script,
      scriptSource: source,
      receivedAt,
      bodyAt: json.bodyAt,
    });
    let promptTokens: number | null = null;
    const countPrompt = () => (promptTokens ??= countPromptTokens(body));
    // The prompt's size from the body's length (~4 bytes a token): counting it here would sit before the first byte.
    const promptEstimate = Math.ceil(Number(request.headers.get("content-length") ?? 0) / 4);
    const limitHeaders = rateLimits.charge(promptEstimate + (body.max_completion_tokens ?? body.max_tokens ?? 0));

    const fault = script.fault;
    if (fault?.kind === "http") {
      record.status = fault.status;
      recorder.finish(record, "http_error", countPrompt());
      const headers: Record<string, string> = { ...limitHeaders, ...(fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {}) };
      return jsonResponse(httpFaultError(fault.status, fault.message), fault.status, headers);
    }

    const seq = ++completionSeq;
    const ctx: PlayContext = {
      script,
      plan: planScript(script, body.max_completion_tokens ?? body.max_tokens ?? null, `call_${seq.toString(36)}_`, {
        toolCallMode,
        prediction: body.prediction?.content ?? null,
      }),
      body,
      record,
      recorder,
      signal: request.signal,
      rate: script.rate ?? options.defaultRate ?? 0,
      completionId: `chatcmpl-${crypto.randomUUID()}`,
      created: Math.floor(Date.now() / 1000),
      playStart: performance.now(),
      promptTokens: countPrompt,
    };
    return withHeaders(stream ? streamResponse(ctx) : await completionResponse(ctx), limitHeaders);
  }

  function listModels(request: Request): Response {
    if (!authorized(request)) return jsonResponse(httpFaultError(401), 401);
    return jsonResponse({
      object: "list",
      data: (keys.get(bearerOf(request.headers) ?? "") ?? models).map((model) => ({ id: model.id, object: "model", created: MODELS_CREATED, owned_by: model.owned_by })),
    });
  }

  const upstream: Upstream = {
    enqueue(scripts, enqueueOptions = {}) {
      const parsed = z.array(ScriptSchema).parse(Array.isArray(scripts) ? scripts : [scripts]);
      const { model } = enqueueOptions;
      if (model === undefined) {
        queue.push(...parsed);
        return;
      }
      const forModel = modelQueues.get(model) ?? [];
      forModel.push(...parsed);
      modelQueues.set(model, forModel);
    },
    setDefault(script) {
      if (script === null) defaultScript = options.defaultScript ?? builtinDefaultScript;
      else defaultScript = typeof script === "function" ? script : ScriptSchema.parse(script);
    },
    setModels(next) {
      models = z.array(ModelInfoSchema).parse(next);
    },
    setKeys(next) {
      keys = new Map(Object.entries(KeysBodySchema.shape.keys.parse(next)));
    },
    setToolCallMode(mode) {
      toolCallMode = mode ?? options.toolCallMode ?? "progressive";
    },
    setRefusePredictionWithTools(refuse) {
      refusePredictionWithTools = refuse ?? options.refusePredictionWithTools ?? false;
    },
    requests: () => recorder.list(),
    reset() {
      toolCallMode = options.toolCallMode ?? "progressive";
      refusePredictionWithTools = options.refusePredictionWithTools ?? false;
      queue.length = 0;
      modelQueues.clear();
      recorder.clear();
      models = initialModels;
      keys = new Map(Object.entries(options.keys ?? {}));
      defaultScript = options.defaultScript ?? builtinDefaultScript;
    },
    waitForRequest: (predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) => recorder.waitFor(predicate, timeoutMs),
    waitForAbort: (predicate = () => true, timeoutMs = DEFAULT_WAIT_MS) =>
      recorder.waitFor((request) => request.aborted && predicate(request), timeoutMs),
    handle: async (request) => {
      const url = new URL(request.url);
      const path = url.pathname.replace(/\/+$/, "");
      const method = request.method.toUpperCase();
      // Suffix matching lets the same core live under any prefix (/v1, /api/demo/v1, …).
      const control = /\/__control\/([\w-]+)$/.exec(path);
      if (control && options.controlRoutes !== false) return handleControl(control[1]!, method, request, url);
      if (path.endsWith("/chat/completions")) {
        return method === "POST" ? chat(request) : errorResponse(405, "Use POST for chat completions");
      }
      if (path.endsWith("/models")) {
        return method === "GET" ? listModels(request) : errorResponse(405, "Use GET for models");
      }
      return errorResponse(404, `No route for ${method} ${url.pathname}`, "not_found_error");
    },
  };

  async function handleControl(action: string, method: string, request: Request, url: URL): Promise<Response> {
    if (action === "requests" && method === "GET") {
      const since = Number(url.searchParams.get("since") ?? 0);
      const all = recorder.list();
      const records = url.searchParams.get("last") === "1" ? all.slice(-1) : all.filter((record) => record.seq > since);
      // Timings only: a long session's bodies are hundreds of KB each.
      if (url.searchParams.get("bodies") === "0") return jsonResponse({ requests: records.map(({ body: _body, ...rest }) => rest) });
      return jsonResponse({ requests: records });
    }
    if (method !== "POST") return errorResponse(405, `Use POST for /__control/${action}`);
    if (action === "reset") {
      upstream.reset();
      return jsonResponse({ ok: true });
    }
    const json = await readJson(request);
    if (!json.ok) return errorResponse(400, "Control body is not valid JSON");
    if (action === "scripts") {
      const parsed = EnqueueBodySchema.safeParse(json.value);
      if (!parsed.success) return validationError(parsed.error);
      upstream.enqueue(parsed.data.scripts, { model: parsed.data.model });
      return jsonResponse({ ok: true, queued: parsed.data.scripts.length });
    }
    if (action === "default") {
      const parsed = DefaultBodySchema.safeParse(json.value);
      if (!parsed.success) return validationError(parsed.error);
      upstream.setDefault(parsed.data.script);
      return jsonResponse({ ok: true });
    }
    if (action === "mode") {
      const parsed = ModeBodySchema.safeParse(json.value);
      if (!parsed.success) return validationError(parsed.error);
      upstream.setToolCallMode(parsed.data.mode);
      return jsonResponse({ ok: true });
    }
    if (action === "prediction-with-tools") {
      const parsed = PredictionWithToolsBodySchema.safeParse(json.value);
      if (!parsed.success) return validationError(parsed.error);
      upstream.setRefusePredictionWithTools(parsed.data.refuse);
      return jsonResponse({ ok: true });
    }
    if (action === "keys") {
      const parsed = KeysBodySchema.safeParse(json.value);
      if (!parsed.success) return validationError(parsed.error);
      upstream.setKeys(parsed.data.keys);
      return jsonResponse({ ok: true });
    }
    if (action === "models") {
      const parsed = ModelsBodySchema.safeParse(json.value);
      if (!parsed.success) return validationError(parsed.error);
      upstream.setModels(parsed.data.models);
      return jsonResponse({ ok: true });
    }
    return errorResponse(404, `Unknown control action: ${action}`, "not_found_error");
  }

  return upstream;
}
