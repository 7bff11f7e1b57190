import { z } from "zod";

import { requireSessionAccess } from "@/lib/auth/guards";
import { restoreCheckpoint } from "@/lib/chat/service";
import { json, parseInput, route } from "@/lib/http/route";

export const POST = route<{ sessionId: string; messageId: string }>("chat", async (_request, params) => {
  const { messageId } = parseInput(z.object({ messageId: z.uuid() }).strict(), { messageId: params.messageId }, "chat");
  const access = await requireSessionAccess(params.sessionId, "session.write");
  return json(await restoreCheckpoint(access, messageId));
});
