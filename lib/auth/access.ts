import "server-only";

import { z } from "zod";

import { getProjectMembershipByUserId } from "@/db/queries/projects";
import { getSessionMembershipByUserId } from "@/db/queries/sessions";
import { getWorkspaceMembershipByUserId, type WorkspaceMembership } from "@/db/queries/workspaces";
import { AppError, type ErrorSurface } from "@/lib/errors";
import type { ProjectAccess } from "@/lib/projects/access";
import { canWrite, roleAtLeast, type WorkspaceRole } from "@/lib/workspaces/roles";

const uuidSchema = z.uuid();

/**
 * Membership is read from the database on every call, never from the token. Non-members get 404, not
 * 403, so ids reveal nothing; members below `minRole` get 403.
 */
export async function resolveProjectAccess({
  userId,
  projectId,
  minRole,
  surface = "project",
}: {
  userId: string;
  projectId: string;
  minRole: WorkspaceRole;
  surface?: ErrorSurface;
}): Promise<ProjectAccess> {
  if (!uuidSchema.safeParse(projectId).success) throw new AppError(`not_found:${surface}`);
  const membership = await getProjectMembershipByUserId({ projectId, userId });
  if (!membership) throw new AppError(`not_found:${surface}`);
  if (!roleAtLeast(membership.role, minRole)) {
    throw new AppError(`forbidden:${surface}`, { message: `Your role (${membership.role}) cannot do this.` });
  }
  return { userId, ...membership, canWrite: canWrite(membership.role) };
}

export async function resolveWorkspaceAccess({
  userId,
  workspaceId,
  minRole,
}: {
  userId: string;
  workspaceId: string;
  minRole: WorkspaceRole;
}): Promise<WorkspaceMembership & { userId: string }> {
  if (!uuidSchema.safeParse(workspaceId).success) throw new AppError("not_found:workspace");
  const membership = await getWorkspaceMembershipByUserId({ workspaceId, userId });
  if (!membership) throw new AppError("not_found:workspace");
  if (!roleAtLeast(membership.role, minRole)) {
    throw new AppError("forbidden:workspace", { message: `Your role (${membership.role}) cannot do this.` });
  }
  return { ...membership, userId };
}

/** A session is reached through its project: same rules, one query. */
export async function resolveSessionAccess({
  userId,
  sessionId,
  minRole,
}: {
  userId: string;
  sessionId: string;
  minRole: WorkspaceRole;
}): Promise<ProjectAccess & { sessionId: string; sessionTitle: string }> {
  if (!uuidSchema.safeParse(sessionId).success) throw new AppError("not_found:session");
  const membership = await getSessionMembershipByUserId({ sessionId, userId });
  if (!membership) throw new AppError("not_found:session");
  if (!roleAtLeast(membership.role, minRole)) {
    throw new AppError("forbidden:session", { message: `Your role (${membership.role}) cannot do this.` });
  }
  const { sessionId: id, sessionTitle, ...project } = membership;
  return { userId, ...project, sessionId: id, sessionTitle, canWrite: canWrite(membership.role) };
}
