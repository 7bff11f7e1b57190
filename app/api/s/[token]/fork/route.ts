import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { forkShareBodySchema } from "@/lib/shares/contract";
import { forkShare } from "@/lib/shares/service";

type Params = { token: string };

/** "Fork into my workspace": a signed-in viewer copies the files and transcript into a new project. */
export const POST = route<Params>("session", async (request, { token }) => {
  const body = await parseJson(request, forkShareBodySchema, { surface: "session" });
  const actor = await requireWorkspaceAccess(body.workspaceId, "project.create");
  return json(await forkShare(token, actor), { status: 201 });
});
