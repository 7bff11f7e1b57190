import { requireSessionAccess } from "@/lib/auth/guards";
import { route } from "@/lib/http/route";
import { FOLLOW_HEADERS, followTurnStream } from "@/lib/live/follow";

type Params = { sessionId: string };

/** The session's streaming turn, replayed then followed: the owner's reload or second device. */
export const GET = route<Params>("session", async (_request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.read");
  return new Response(followTurnStream(access.sessionId), { headers: FOLLOW_HEADERS });
});
