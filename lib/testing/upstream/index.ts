/**
 * Scripted OpenAI-compatible upstream for tests and benchmarks. It plays the offline demo model's
 * reply too (lib/ai/demo), which the product itself serves without this module.
 *
 * Standalone:  npm run upstream -- --port 4010 --rate 2000
 * In-process:  const server = await startUpstreamServer(); server.upstream.enqueue(script); … baseURL: server.baseURL
 */
export { startUpstreamServer } from "./node";
export type { UpstreamServer } from "./node";

export type { Script } from "./schema";
export type { RecordedRequest } from "./recorder";

