import "server-only";

import { notFound, redirect } from "next/navigation";

import type { WorkspaceMembership } from "@/db/queries/workspaces";
import { AppError, type ErrorSurface } from "@/lib/errors";
import type { ProjectAccess } from "@/lib/projects/access";
import type { WorkspaceRole } from "@/lib/workspaces/roles";

import { resolveProjectAccess, resolveSessionAccess, resolveWorkspaceAccess } from "./access";
import { auth } from "./config";

export interface SessionUser {
  userId: string;
  email: string | null;
  name: string | null;
}

export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return { userId: id, email: session.user?.email ?? null, name: session.user?.name ?? null };
}

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized:auth");
  return user;
}

/**
 * The session gives identity only; access comes from lib/auth/access, read fresh per request.
 */
export async function requireProjectAccess(
  projectId: string,
  minRole: WorkspaceRole,
  surface: ErrorSurface = "project",
): Promise<ProjectAccess> {
  const user = await requireUser();
  return resolveProjectAccess({ userId: user.userId, projectId, minRole, surface });
}

export async function requireWorkspaceAccess(
  workspaceId: string,
  minRole: WorkspaceRole,
): Promise<WorkspaceMembership & { userId: string }> {
  const user = await requireUser();
  return resolveWorkspaceAccess({ userId: user.userId, workspaceId, minRole });
}

/** For pages: anonymous → sign-in, not a member → 404. */
export async function requirePageUser(callbackPath: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return user;
}

export async function requireProjectPage(projectId: string): Promise<ProjectAccess> {
  const user = await requirePageUser(`/p/${projectId}`);
  try {
    return await resolveProjectAccess({ userId: user.userId, projectId, minRole: "viewer" });
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  }
}

export async function requireSessionAccess(sessionId: string, minRole: WorkspaceRole) {
  const user = await requireUser();
  return resolveSessionAccess({ userId: user.userId, sessionId, minRole });
}
