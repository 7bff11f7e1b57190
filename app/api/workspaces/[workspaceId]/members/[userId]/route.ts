import { z } from "zod";

import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { json, parseInput, parseJson, route } from "@/lib/http/route";
import { changeRoleBodySchema } from "@/lib/workspaces/contract";
import { changeMemberRole, removeMember } from "@/lib/workspaces/service";

type Params = { workspaceId: string; userId: string };

const targetSchema = z.object({ userId: z.uuid() }).strict();

export const PATCH = route<Params>("workspace", async (request, params) => {
  const actor = await requireWorkspaceAccess(params.workspaceId, "members.manage");
  const { userId } = parseInput(targetSchema, { userId: params.userId }, "workspace");
  const body = await parseJson(request, changeRoleBodySchema, { surface: "workspace" });
  return json({ userId, role: await changeMemberRole(actor, userId, body.role) });
});

/** Removing yourself is leaving (any role); removing someone else needs members.manage (checked in lib). */
export const DELETE = route<Params>("workspace", async (_request, params) => {
  const actor = await requireWorkspaceAccess(params.workspaceId, "workspace.leave");
  const { userId } = parseInput(targetSchema, { userId: params.userId }, "workspace");
  await removeMember(actor, userId);
  return new Response(null, { status: 204 });
});
