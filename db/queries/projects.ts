import "server-only";

import { and, desc, eq, sql } from "drizzle-orm";

import type { Plan, ProjectOrigin, WorkspaceRole } from "../enums";
import { db, type Executor } from "../client";
import { projects, workspaceMembers, workspaces } from "../schema";

export type ProjectRow = typeof projects.$inferSelect;

export interface ProjectMembership {
  projectId: string;
  projectName: string;
  workspaceId: string;
  workspaceName: string;
  plan: Plan;
  /** Read with the plan: lib/plans/access.ts turns the three into the plan in force and its entitlements. */
  planUntil: Date | null;
  entitlementOverrides: unknown;
  role: WorkspaceRole;
}

export async function createProject({
  executor = db(),
  workspaceId,
  name,
  starter,
  createdBy,
}: {
  executor?: Executor;
  workspaceId: string;
  name: string;
  starter: ProjectOrigin;
  createdBy: string;
}): Promise<ProjectRow> {
  const [row] = await executor.insert(projects).values({ workspaceId, name, starter, createdBy }).returning();
  if (!row) throw new Error("insert into projects returned no row");
  return row;
}

/** One round trip answers "may this user see this project, and as what" — read fresh on every request. */
export async function getProjectMembershipByUserId({
  projectId,
  userId,
}: {
  projectId: string;
  userId: string;
}): Promise<ProjectMembership | null> {
  const [row] = await db()
    .select({
      projectId: projects.id,
      projectName: projects.name,
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      plan: workspaces.plan,
      planUntil: workspaces.planUntil,
      entitlementOverrides: workspaces.entitlementOverrides,
      role: workspaceMembers.role,
    })
    .from(projects)
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .innerJoin(
      workspaceMembers,
      and(eq(workspaceMembers.workspaceId, projects.workspaceId), eq(workspaceMembers.userId, userId)),
    )
    .where(eq(projects.id, projectId))
    .limit(1);
  return row ?? null;
}

export async function listProjectsByWorkspaceId({ workspaceId }: { workspaceId: string }): Promise<ProjectRow[]> {
  return db()
    .select()
    .from(projects)
    .where(eq(projects.workspaceId, workspaceId))
    .orderBy(desc(projects.updatedAt));
}

export async function renameProjectById({ projectId, name }: { projectId: string; name: string }): Promise<void> {
  await db().update(projects).set({ name, updatedAt: sql`now()` }).where(eq(projects.id, projectId));
}

export async function deleteProjectById({ projectId }: { projectId: string }): Promise<void> {
  await db().delete(projects).where(eq(projects.id, projectId));
}

/**
 * Serialises writers of one project for the rest of the transaction, so quota checks and the writes
 * they guard cannot interleave with another instance's.
 */
export async function lockProjectById({ executor, projectId }: { executor: Executor; projectId: string }): Promise<boolean> {
  const rows = await executor
    .update(projects)
    .set({ updatedAt: sql`now()` })
    .where(eq(projects.id, projectId))
    .returning({ id: projects.id });
  return rows.length > 0;
}

export async function countProjectsByWorkspaceId({ executor = db(), workspaceId }: { executor?: Executor; workspaceId: string }): Promise<number> {
  const [row] = await executor.select({ n: sql<number>`count(*)::int` }).from(projects).where(eq(projects.workspaceId, workspaceId));
  return row?.n ?? 0;
}
