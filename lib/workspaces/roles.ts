import { z } from "zod";

import { workspaceRoles, type WorkspaceRole } from "@/db/enums";

export const workspaceRoleSchema = z.enum(workspaceRoles);
export type { WorkspaceRole };

/** Roles an invitation or a role change can grant; ownership only moves by transfer or by an owner. */
export const assignableRoles = ["admin", "member", "viewer"] as const satisfies readonly WorkspaceRole[];

const rank: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: WorkspaceRole, minimum: WorkspaceRole): boolean {
  return rank[role] >= rank[minimum];
}

/**
 * Every action in a workspace and the least role that may do it: the one table that route guards,
 * server pages and the UI (to hide or disable controls) all read.
 */
export const minimumRole = {
  // viewer: read projects, files and sessions.
  "workspace.read": "viewer",
  "project.read": "viewer",
  "file.read": "viewer",
  "session.read": "viewer",
  "workspace.leave": "viewer",
  // member: create, edit and delete projects and files, use AI, share sessions they can write.
  "project.create": "member",
  "project.edit": "member",
  "project.delete": "member",
  "file.write": "member",
  "session.write": "member",
  "ai.use": "member",
  "session.share": "member",
  // admin: members, invitations, workspace settings, billing.
  "members.manage": "admin",
  "invitations.manage": "admin",
  "workspace.settings": "admin",
  "billing.manage": "admin",
  // owner: everything, plus owners, transfer and delete.
  "owners.manage": "owner",
  "workspace.transfer": "owner",
  "workspace.delete": "owner",
} as const satisfies Record<string, WorkspaceRole>;

export type WorkspaceAction = keyof typeof minimumRole;
export const workspaceActions = Object.keys(minimumRole) as WorkspaceAction[];

export function can(role: WorkspaceRole, action: WorkspaceAction): boolean {
  return roleAtLeast(role, minimumRole[action]);
}

/** What a role may do, for the UI; serialisable, so a server page can hand it to client components. */
export type Permissions = Record<WorkspaceAction, boolean>;

export function permissionsOf(role: WorkspaceRole): Permissions {
  return Object.fromEntries(workspaceActions.map((action) => [action, can(role, action)])) as Permissions;
}

export const canWrite = (role: WorkspaceRole) => can(role, "file.write");

export const roleLabels: Record<WorkspaceRole, string> = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" };
