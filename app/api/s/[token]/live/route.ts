import { parseQuery, route } from "@/lib/http/route";
import { FOLLOW_HEADERS } from "@/lib/live/follow";
import { followQuerySchema } from "@/lib/shares/contract";
import { followShare } from "@/lib/shares/service";

type Params = { token: string };

/** A share link's live turn (the link itself is the credential; no cookie is read). */
export const GET = route<Params>("session", async (request, { token }) => {
  const { wait } = parseQuery(request, followQuerySchema, "session");
  const stream = await followShare(token, { waitMs: wait });
  if (!stream) return new Response(null, { status: 204 });
  return new Response(stream, { headers: FOLLOW_HEADERS });
});
