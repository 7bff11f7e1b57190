/**
 * Scripted OpenAI-compatible upstream for tests, benchmarks and the offline demo model.
 *
 * Standalone:  npm run upstream -- --port 4010 --rate 2000
 * In-process:  const server = await startUpstreamServer(); server.upstream.enqueue(script); … baseURL: server.baseURL
 * Next.js:     const upstream = createUpstream({ controlRoutes: false, maxRecorded: 0 }); export const POST = upstream.handle;
 */
export { createUpstream, builtinDefaultScript, DEFAULT_MODELS } from "./upstream";
export type { Upstream, UpstreamOptions, EnqueueOptions, ScriptFactory } from "./upstream";
export { startUpstreamServer, toNodeListener } from "./node";
export type { UpstreamServer, UpstreamServerOptions, FetchHandler } from "./node";
export { demoScript, findActiveFile, demoPatch, commentStyleFor, DEMO_MODEL_ID, DEMO_RATE } from "./demo";
export type { ContextFile } from "./demo";
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
  SSE_FRAMINGS,
} from "./schema";
export type { Script, Step, Fault, UsageOverride, ModelInfo, ChatRequest, ChatMessage, FinishReason, HttpFaultStatus } from "./schema";
export type { RecordedRequest, RecordedHeaders, Stamp, Outcome, ScriptSource, RequestPredicate } from "./recorder";
export { OUTCOMES, SCRIPT_SOURCES } from "./recorder";
export type { ChatCompletionChunk, ChatCompletion, WireDelta, WireToolCallDelta, WireUsage, TimeInfo, WireError } from "./wire";
export { splitTokens, countTokens, countPromptTokens, warmTokenizer } from "./tokens";
export type { TokenPiece } from "./tokens";
