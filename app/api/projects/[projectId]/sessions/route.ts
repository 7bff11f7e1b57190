import { requireProjectAccess } from "@/lib/auth/guards";
import { createSessionBodySchema } from "@/lib/chat/contract";
import { createSession, listSessions } from "@/lib/chat/service";
import { json, parseJson, route } from "@/lib/http/route";

type Params = { projectId: string };

export const GET = route<Params>("session", async (_request, { projectId }) => {
  const access = await requireProjectAccess(projectId, "session.read", "session");
  return json({ sessions: await listSessions(access) });
});

export const POST = route<Params>("session", async (request, { projectId }) => {
  const access = await requireProjectAccess(projectId, "session.write", "session");
  const body = await parseJson(request, createSessionBodySchema, { surface: "session" });
  return json(await createSession(access, body.title), { status: 201 });
});
