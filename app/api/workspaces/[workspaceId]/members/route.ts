import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { addMemberBodySchema } from "@/lib/workspaces/contract";
import { addMemberByEmail, listMembers } from "@/lib/workspaces/service";

type Params = { workspaceId: string };

export const GET = route<Params>("workspace", async (_request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "workspace.read");
  return json({ members: await listMembers(actor) });
});

/** Adds an existing account; never re-roles a member (that is PATCH …/members/{userId}). */
export const POST = route<Params>("workspace", async (request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "members.manage");
  const body = await parseJson(request, addMemberBodySchema, { surface: "workspace" });
  return json(await addMemberByEmail(actor, body), { status: 201 });
});
