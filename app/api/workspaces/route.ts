import { requireUser } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { createWorkspaceBodySchema } from "@/lib/workspaces/contract";
import { createTeamWorkspace } from "@/lib/workspaces/service";

export const POST = route("workspace", async (request) => {
  const user = await requireUser();
  const body = await parseJson(request, createWorkspaceBodySchema, { surface: "workspace" });
  return json(await createTeamWorkspace({ userId: user.userId, name: body.name }), { status: 201 });
});
