/**
 * Scripted OpenAI-compatible upstream for tests and benchmarks. It plays the offline demo model's
 * reply too (lib/ai/demo), which the product itself serves without this module.
 *
 * Standalone:  npm run upstream -- --port 4010 --rate 2000
 * In-process:  const server = await startUpstreamServer(); server.upstream.enqueue(script); … baseURL: server.baseURL
 */
export { createUpstream, builtinDefaultScript, DEFAULT_MODELS } from "./upstream";
export type { Upstream, UpstreamOptions, EnqueueOptions, ScriptFactory } from "./upstream";
export { startUpstreamServer, toNodeListener } from "./node";
export type { UpstreamServer, UpstreamServerOptions, FetchHandler } from "./node";
export { demoScript } from "./demo";
export {
  ScriptSchema,
  StepSchema,
  FaultSchema,
  UsageOverrideSchema,
  ModelInfoSchema,
  ChatRequestSchema,
  FINISH_REASONS,
  HTTP_FAULT_STATUSES,
  REASONING_FIELDS,
  USAGE_CHUNK_STYLES,
} from "./schema";
export type { Script, Step, Fault, UsageOverride, ModelInfo, ChatRequest, ChatMessage, FinishReason, HttpFaultStatus } from "./schema";
export type { RecordedRequest, RecordedHeaders, Stamp, Outcome, ScriptSource, RequestPredicate } from "./recorder";
export { OUTCOMES, SCRIPT_SOURCES } from "./recorder";
export type { ChatCompletionChunk, ChatCompletion, WireDelta, WireToolCallDelta, WireUsage, TimeInfo, WireError } from "./wire";
export { splitTokens, countTokens, countPromptTokens, warmTokenizer } from "./tokens";
export type { TokenPiece } from "./tokens";
