import { z } from "zod";

/** Finish reasons a script may force; the wire also uses them verbatim. */
const FINISH_REASONS = ["stop", "tool_calls", "length"] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/** Statuses an `http` fault may answer with (401/403/429/5xx are the ones Wafer must explain; 400/404/413 cover bad model and context overflow). */
const HTTP_FAULT_STATUSES = [400, 401, 403, 404, 413, 429, 500, 502, 503] as const;
export type HttpFaultStatus = (typeof HTTP_FAULT_STATUSES)[number];

/** Cerebras streams gpt-oss reasoning as `reasoning`; vLLM/llama.cpp/DeepSeek use `reasoning_content`. The AI SDK reads both. */
const REASONING_FIELDS = ["reasoning", "reasoning_content"] as const;

/** `inline`: usage + time_info ride on the finish_reason chunk (Cerebras). `separate`: an extra chunk with `choices: []` (OpenAI). */
const USAGE_CHUNK_STYLES = ["inline", "separate"] as const;

/**
 * How the scripted model delivers edit tool calls: `progressive` streams the arguments token by token
 * (Cerebras, OpenAI); `buffered` sends each call whole in one delta once its arguments are written
 * (Ollama, tabbyAPI); `content` never calls the edit tools and writes them as content blocks in its
 * answer (lib/edits/content-blocks).
 */
export const TOOL_CALL_MODES = ["progressive", "buffered", "content"] as const;
export type ToolCallMode = (typeof TOOL_CALL_MODES)[number];

/** SSE line ends: the spec allows all three; OpenAI sends LF, some servers and proxies CRLF. */
export const SSE_FRAMINGS = ["lf", "crlf", "cr"] as const;

const nonNegInt = z.number().int().nonnegative();

const StepSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }).strict(),
  z.object({ type: z.literal("reasoning"), text: z.string() }).strict(),
  z
    .object({
      type: z.literal("tool_call"),
      id: z.string().min(1).optional(),
      name: z.string().min(1),
      /** Raw JSON text, streamed token by token exactly as written (it need not be valid JSON, to test broken models). */
      arguments: z.string(),
    })
    .strict(),
]);

const FaultSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("http"),
      status: z.literal(HTTP_FAULT_STATUSES),
      /** Seconds, sent as the Retry-After header. */
      retryAfter: z.number().int().nonnegative().optional(),
      message: z.string().optional(),
    })
    .strict(),
  z.object({ kind: z.literal("error_chunk"), afterTokens: nonNegInt, message: z.string().optional() }).strict(),
  /** Counts SSE data events, the leading role chunk included. */
  z.object({ kind: z.literal("reset"), afterChunks: nonNegInt }).strict(),
  /** An event whose data is not JSON (a broken proxy or server), after `afterChunks` events; the stream goes on after it. */
  z.object({ kind: z.literal("malformed"), afterChunks: nonNegInt }).strict(),
  /** Without `ms` the stream stalls until the client gives up. */
  z.object({ kind: z.literal("stall"), afterTokens: nonNegInt, ms: z.number().nonnegative().optional() }).strict(),
]);

const UsageOverrideSchema = z
  .object({
    prompt_tokens: nonNegInt.optional(),
    completion_tokens: nonNegInt.optional(),
    total_tokens: nonNegInt.optional(),
    cached_tokens: nonNegInt.optional(),
    reasoning_tokens: nonNegInt.optional(),
    accepted_prediction_tokens: nonNegInt.optional(),
    rejected_prediction_tokens: nonNegInt.optional(),
  })
  .strict();

export const ScriptSchema = z
  .object({
    steps: z.array(StepSchema),
    /** Tokens per second; 0 streams as fast as the socket drains, undefined falls back to the upstream's defaultRate. */
    rate: z.number().nonnegative().optional(),
    ttftMs: z.number().nonnegative().optional(),
    chunkTokens: z.number().int().positive().optional(),
    finishReason: z.enum(FINISH_REASONS).optional(),
    usage: UsageOverrideSchema.optional(),
    timeInfo: z.boolean().optional(),
    fault: FaultSchema.optional(),
    reasoningField: z.enum(REASONING_FIELDS).optional(),
    usageChunk: z.enum(USAGE_CHUNK_STYLES).optional(),
    framing: z.enum(SSE_FRAMINGS).optional(),
    /** Undefined falls back to the upstream's mode (progressive unless set). */
    toolCallMode: z.enum(TOOL_CALL_MODES).optional(),
    /**
     * Predicted Outputs: output tokens on lines found in the request's `prediction` stream this many
     * times faster (the accepted spans); 1 models no gain. Default {@link DEFAULT_PREDICTION_SPEEDUP}.
     */
    predictionSpeedup: z.number().min(1).optional(),
  })
  .strict();
/** Assumed, not measured: accepted prediction tokens cost a quarter of a generated token's time. */
export const DEFAULT_PREDICTION_SPEEDUP = 4;
export type Script = z.infer<typeof ScriptSchema>;

export const ModelInfoSchema = z.object({ id: z.string().min(1), owned_by: z.string().min(1) }).strict();
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

// Request bodies are loose: we read a few fields and record the rest untouched for tests to assert on.
const ContentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });
const ChatMessageSchema = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(ContentPartSchema)]).nullish(),
  tool_calls: z
    .array(z.looseObject({ id: z.string().optional(), function: z.looseObject({ name: z.string(), arguments: z.string() }) }))
    .nullish(),
  tool_call_id: z.string().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(ChatMessageSchema),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_completion_tokens: z.number().int().nullish(),
  max_tokens: z.number().int().nullish(),
  tools: z.array(z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }) })).nullish(),
  prediction: z.looseObject({ type: z.string(), content: z.string() }).nullish(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const EnqueueBodySchema = z
  .object({ scripts: z.array(ScriptSchema).min(1), model: z.string().min(1).optional() })
  .strict();
export const DefaultBodySchema = z.object({ script: ScriptSchema.nullable() }).strict();
export const ModeBodySchema = z.object({ mode: z.enum(TOOL_CALL_MODES) }).strict();
/** Refuse (400) requests carrying both `prediction` and `tools`; null restores the configured switch. */
export const PredictionWithToolsBodySchema = z.object({ refuse: z.boolean().nullable() }).strict();
export const ModelsBodySchema = z.object({ models: z.array(ModelInfoSchema) }).strict();
/** Workspace keys (bring your own key): each accepted key and the models it reaches. */
export const KeysBodySchema = z.object({ keys: z.record(z.string().min(1), z.array(ModelInfoSchema)) }).strict();
