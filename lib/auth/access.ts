import "server-only";

import { z } from "zod";

import { getProjectMembershipByUserId } from "@/db/queries/projects";
import { getSessionMembershipByUserId } from "@/db/queries/sessions";
import { getWorkspaceMembershipBySlug, getWorkspaceMembershipByUserId, type WorkspaceMembership } from "@/db/queries/workspaces";
import { AppError, type ErrorSurface } from "@/lib/errors";
import { planAccess, type PlanAccess, type StoredPlan } from "@/lib/plans/access";
import type { ProjectAccess } from "@/lib/projects/access";
import { can, canWrite, minimumRole, type WorkspaceAction } from "@/lib/workspaces/roles";

const uuidSchema = z.uuid();

/** What a workspace guard answers: the membership, with the plan in force and its entitlements. */
export type WorkspaceAccess = WorkspaceMembership & PlanAccess & { userId: string };

/** `plan` becomes the plan in force (the stored columns stay for display); entitlements come with it. */
function withPlan<T extends StoredPlan>(row: T): T & PlanAccess {
  return { ...row, ...planAccess(row) };
}

function forbidden(surface: ErrorSurface, role: string, action: WorkspaceAction): AppError {
  return new AppError(`forbidden:${surface}`, {
    message: `Your role (${role}) cannot do this; it needs ${minimumRole[action]} or above.`,
  });
}

/**
 * Membership is read from the database on every call, never from the token. Non-members get 404, not
 * 403, so ids reveal nothing; members whose role may not do `action` (lib/workspaces/roles) get 403.
 */
export async function resolveProjectAccess({
  userId,
  projectId,
  action,
  surface = "project",
}: {
  userId: string;
  projectId: string;
  action: WorkspaceAction;
  surface?: ErrorSurface;
}): Promise<ProjectAccess> {
  if (!uuidSchema.safeParse(projectId).success) throw new AppError(`not_found:${surface}`);
  const membership = await getProjectMembershipByUserId({ projectId, userId });
  if (!membership) throw new AppError(`not_found:${surface}`);
  if (!can(membership.role, action)) throw forbidden(surface, membership.role, action);
  return { userId, ...withPlan(membership), canWrite: canWrite(membership.role) };
}

export async function resolveWorkspaceAccess({
  userId,
  workspaceId,
  action,
}: {
  userId: string;
  workspaceId: string;
  action: WorkspaceAction;
}): Promise<WorkspaceAccess> {
  if (!uuidSchema.safeParse(workspaceId).success) throw new AppError("not_found:workspace");
  const membership = await getWorkspaceMembershipByUserId({ workspaceId, userId });
  if (!membership) throw new AppError("not_found:workspace");
  if (!can(membership.role, action)) throw forbidden("workspace", membership.role, action);
  return { ...withPlan(membership), userId };
}

/** For /w/[slug] pages: the slug is public-looking, so the same 404 for "no such slug" and "not yours". */
export async function resolveWorkspaceAccessBySlug({
  userId,
  slug,
  action,
}: {
  userId: string;
  slug: string;
  action: WorkspaceAction;
}): Promise<WorkspaceAccess> {
  const membership = await getWorkspaceMembershipBySlug({ slug, userId });
  if (!membership) throw new AppError("not_found:workspace");
  if (!can(membership.role, action)) throw forbidden("workspace", membership.role, action);
  return { ...withPlan(membership), userId };
}

/** A session is reached through its project: same rules, one query. */
export async function resolveSessionAccess({
  userId,
  sessionId,
  action,
}: {
  userId: string;
  sessionId: string;
  action: WorkspaceAction;
}): Promise<ProjectAccess & { sessionId: string; sessionTitle: string }> {
  if (!uuidSchema.safeParse(sessionId).success) throw new AppError("not_found:session");
  const membership = await getSessionMembershipByUserId({ sessionId, userId });
  if (!membership) throw new AppError("not_found:session");
  if (!can(membership.role, action)) throw forbidden("session", membership.role, action);
  const { sessionId: id, sessionTitle, ...project } = membership;
  return { userId, ...withPlan(project), sessionId: id, sessionTitle, canWrite: canWrite(membership.role) };
}
