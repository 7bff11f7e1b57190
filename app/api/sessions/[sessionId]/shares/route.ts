import { requireSessionAccess } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { createShareBodySchema } from "@/lib/shares/contract";
import { createShareLink, listShareLinks } from "@/lib/shares/service";

type Params = { sessionId: string };

export const GET = route<Params>("session", async (_request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.share");
  return json({ links: await listShareLinks(access) });
});

/** The answer carries the link's path with its token: the only time it is ever shown. */
export const POST = route<Params>("session", async (request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.share");
  const body = await parseJson(request, createShareBodySchema, { surface: "session" });
  return json(await createShareLink(access, body), { status: 201 });
});
