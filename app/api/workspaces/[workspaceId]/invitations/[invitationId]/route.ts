import { z } from "zod";

import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { revokeInvitation } from "@/lib/workspaces/invitations";

type Params = { workspaceId: string; invitationId: string };

export const DELETE = route<Params>("invitation", async (_request, params) => {
  const actor = await requireWorkspaceAccess(params.workspaceId, "invitations.manage");
  if (!z.uuid().safeParse(params.invitationId).success) throw new AppError("not_found:invitation");
  await revokeInvitation(actor, params.invitationId);
  return new Response(null, { status: 204 });
});
