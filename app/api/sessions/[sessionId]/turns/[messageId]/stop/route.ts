import { z } from "zod";

import { requireSessionAccess } from "@/lib/auth/guards";
import { json, parseInput, route } from "@/lib/http/route";
import { requestTurnStop } from "@/lib/live/stop";

/**
 * Stop for a streaming answer, whichever instance runs it (the browser leaving is not a Stop).
 * 202: the stop is recorded; the stream (or the stored message) says when the turn ended.
 */
export const POST = route<{ sessionId: string; messageId: string }>("chat", async (_request, params) => {
  const { messageId } = parseInput(z.object({ messageId: z.uuid() }).strict(), { messageId: params.messageId }, "chat");
  const access = await requireSessionAccess(params.sessionId, "ai.use");
  await requestTurnStop({ sessionId: access.sessionId, messageId });
  return json({ stopping: true }, { status: 202 });
});
