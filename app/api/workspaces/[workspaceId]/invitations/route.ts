import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { createInvitationBodySchema } from "@/lib/workspaces/contract";
import { createInvitation, listPendingInvitations } from "@/lib/workspaces/invitations";

type Params = { workspaceId: string };

export const GET = route<Params>("invitation", async (_request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "invitations.manage");
  return json({ invitations: await listPendingInvitations(actor) });
});

/** The answer carries the invitation's path with its token: the only time it is ever shown. */
export const POST = route<Params>("invitation", async (request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "invitations.manage");
  const body = await parseJson(request, createInvitationBodySchema, { surface: "invitation" });
  return json(await createInvitation(actor, body), { status: 201 });
});
