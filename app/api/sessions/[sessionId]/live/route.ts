import { requireSessionAccess } from "@/lib/auth/guards";
import { parseQuery, route } from "@/lib/http/route";
import { followTurnResponse } from "@/lib/live/follow";
import { followQuerySchema } from "@/lib/shares/contract";

type Params = { sessionId: string };

/** The session's streaming turn, replayed then followed: the owner's reload or second device. */
export const GET = route<Params>("session", async (request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.read");
  const { wait } = parseQuery(request, followQuerySchema, "session");
  return followTurnResponse(access.sessionId, { waitMs: wait });
});
