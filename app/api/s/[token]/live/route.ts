import { parseQuery, route } from "@/lib/http/route";
import { followQuerySchema } from "@/lib/shares/contract";
import { followShare } from "@/lib/shares/service";

type Params = { token: string };

/** A share link's live turn (the link itself is the credential; no cookie is read). */
export const GET = route<Params>("session", async (request, { token }) => {
  const { wait } = parseQuery(request, followQuerySchema, "session");
  return (await followShare(token, { waitMs: wait })) ?? new Response(null, { status: 204 });
});
