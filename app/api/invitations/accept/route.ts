import { requireUser } from "@/lib/auth/guards";
import { json, parseJson, route } from "@/lib/http/route";
import { acceptInvitationBodySchema } from "@/lib/workspaces/contract";
import { acceptInvitation } from "@/lib/workspaces/invitations";

/** Any signed-in account may try; the token, its state and its email binding decide (lib). */
export const POST = route("invitation", async (request) => {
  const user = await requireUser();
  const body = await parseJson(request, acceptInvitationBodySchema, { surface: "invitation" });
  return json(await acceptInvitation(body.token, user.userId));
});
