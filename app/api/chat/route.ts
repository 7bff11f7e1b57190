import { streamTurn } from "@/lib/ai/chat";
import { requireSessionClaims } from "@/lib/auth/guards";
import { chatRequestSchema } from "@/lib/chat/contract";
import { parseJson, route } from "@/lib/http/route";

// Streams for as long as the model writes; never statically optimised.
export const dynamic = "force-dynamic";
export const maxDuration = 300;

/**
 * One chat turn. The session's access check, and the session token's validity, ride in the same
 * query that loads the turn's history and files (lib/ai/chat), because every statement here sits
 * before the first token.
 */
export const POST = route("chat", async (request) => {
  const requestStartedAt = Date.now();
  const user = await requireSessionClaims();
  const body = await parseJson(request, chatRequestSchema, { surface: "chat", maxBytes: 256 * 1024 });
  return streamTurn({ userId: user.userId, sessionGeneration: user.generation, request: body, requestStartedAt });
});
