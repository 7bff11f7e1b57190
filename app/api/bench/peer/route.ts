import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
import { z } from "zod";

import { STREAM_HEADERS } from "@/lib/ai/turn-response";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseJson, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const peerBodySchema = z.object({ prompt: z.string().max(10_000), model: z.string().min(1).max(200) }).strict();

/**
 * The benchmark's peer (configuration P): a bare AI SDK route, no auth, no tools, no persistence,
 * against the same upstream as Wafer, answered with the same stream headers. It exists only when WAFER_BENCH_ROUTES=true (off by default),
 * so production builds answer 404 here.
 */
export const POST = route("api", async (request) => {
  const { WAFER_BENCH_ROUTES, AI_BASE_URL, AI_API_KEY } = env();
  if (!WAFER_BENCH_ROUTES || !AI_BASE_URL) throw new AppError("not_found:api");
  const body = await parseJson(request, peerBodySchema, { surface: "api" });
  const provider = createOpenAICompatible({ name: "peer", baseURL: AI_BASE_URL, apiKey: AI_API_KEY, includeUsage: true });
  const result = streamText({ model: provider.chatModel(body.model), prompt: body.prompt, abortSignal: request.signal });
  // Wafer's own stream headers, so Next compresses neither (the comparison is of the same bytes).
  return result.toUIMessageStreamResponse({ headers: STREAM_HEADERS });
});
