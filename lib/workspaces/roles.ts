import { z } from "zod";

import { workspaceRoles, type WorkspaceRole } from "@/db/enums";

export const workspaceRoleSchema = z.enum(workspaceRoles);
export type { WorkspaceRole };

const rank: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: WorkspaceRole, minimum: WorkspaceRole): boolean {
  return rank[role] >= rank[minimum];
}

export const canWrite = (role: WorkspaceRole) => roleAtLeast(role, "member");
