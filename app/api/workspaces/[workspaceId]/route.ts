import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { deleteWorkspaceBodySchema, updateWorkspaceBodySchema } from "@/lib/workspaces/contract";
import { deleteWorkspace, updateWorkspace } from "@/lib/workspaces/service";

type Params = { workspaceId: string };

export const PATCH = route<Params>("workspace", async (request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "workspace.settings");
  const body = await parseJson(request, updateWorkspaceBodySchema, { surface: "workspace" });
  return json(await updateWorkspace(actor, body));
});

/** Owner only; the body repeats the workspace's name as the confirmation. */
export const DELETE = route<Params>("workspace", async (request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "workspace.delete");
  const body = await parseJson(request, deleteWorkspaceBodySchema, { surface: "workspace" });
  await deleteWorkspace(actor, body.confirmName);
  return new Response(null, { status: 204 });
});
