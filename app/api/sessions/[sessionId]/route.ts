import { requireSessionAccess } from "@/lib/auth/guards";
import { renameSessionBodySchema } from "@/lib/chat/contract";
import { deleteSession, getSessionDetail, renameSession } from "@/lib/chat/service";
import { json, parseJson, route } from "@/lib/http/route";

type Params = { sessionId: string };

export const GET = route<Params>("session", async (_request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.read");
  return json(await getSessionDetail(access));
});

export const PATCH = route<Params>("session", async (request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.write");
  const body = await parseJson(request, renameSessionBodySchema, { surface: "session" });
  await renameSession(access, body.title);
  return json({ id: sessionId, title: body.title });
});

export const DELETE = route<Params>("session", async (_request, { sessionId }) => {
  const access = await requireSessionAccess(sessionId, "session.write");
  await deleteSession(access);
  return new Response(null, { status: 204 });
});
