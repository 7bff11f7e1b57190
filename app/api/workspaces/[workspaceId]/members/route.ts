import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { addMemberBodySchema } from "@/lib/workspaces/contract";
import { addMemberByEmail } from "@/lib/workspaces/service";

export const POST = route<{ workspaceId: string }>("workspace", async (request, { workspaceId }) => {
  const body = await parseJson(request, addMemberBodySchema, { surface: "workspace" });
  const actor = await requireWorkspaceAccess(workspaceId, "admin");
  return json(await addMemberByEmail(actor, body), { status: 201 });
});
