import { route } from "@/lib/http/route";
import { FOLLOW_HEADERS } from "@/lib/live/follow";
import { followShare } from "@/lib/shares/service";

type Params = { token: string };

/** A share link's live turn (the link itself is the credential; no cookie is read). */
export const GET = route<Params>("session", async (_request, { token }) => {
  const stream = await followShare(token);
  if (!stream) return new Response(null, { status: 204 });
  return new Response(stream, { headers: FOLLOW_HEADERS });
});
