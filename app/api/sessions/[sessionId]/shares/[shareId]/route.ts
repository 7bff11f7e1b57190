import { requireSessionAccess } from "@/lib/auth/guards";
import { route } from "@/lib/http/route";
import { revokeShareLink } from "@/lib/shares/service";

type Params = { sessionId: string; shareId: string };

export const DELETE = route<Params>("session", async (_request, { sessionId, shareId }) => {
  const access = await requireSessionAccess(sessionId, "session.share");
  await revokeShareLink(access, shareId);
  return new Response(null, { status: 204 });
});
