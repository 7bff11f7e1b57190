import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { parseJson, route } from "@/lib/http/route";
import { transferBodySchema } from "@/lib/workspaces/contract";
import { transferOwnership } from "@/lib/workspaces/service";

export const POST = route<{ workspaceId: string }>("workspace", async (request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "workspace.transfer");
  const body = await parseJson(request, transferBodySchema, { surface: "workspace" });
  await transferOwnership(actor, body.userId);
  return new Response(null, { status: 204 });
});
