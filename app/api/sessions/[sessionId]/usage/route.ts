import { requireSessionAccess } from "@/lib/auth/guards";
import { json, route } from "@/lib/http/route";
import { sessionUsage } from "@/lib/usage/report";

type Params = { sessionId: string };

/** What this session's model calls cost so far, and the provider quota left (the chat header shows both). */
export const GET = route<Params>("session", async (_request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.read");
  return json(await sessionUsage(access));
});
