import "server-only";

import { and, asc, desc, eq } from "drizzle-orm";

import type { Plan, WorkspaceRole } from "../enums";
import { db, type Executor } from "../client";
import { workspaceMembers, workspaces } from "../schema";

export type WorkspaceRow = typeof workspaces.$inferSelect;

export interface WorkspaceMembership {
  workspaceId: string;
  slug: string;
  name: string;
  personal: boolean;
  plan: Plan;
  role: WorkspaceRole;
}

export async function createWorkspace({
  executor = db(),
  slug,
  name,
  personal,
}: {
  executor?: Executor;
  slug: string;
  name: string;
  personal: boolean;
}): Promise<WorkspaceRow> {
  const [row] = await executor.insert(workspaces).values({ slug, name, personal }).returning();
  if (!row) throw new Error("insert into workspaces returned no row");
  return row;
}

export async function addWorkspaceMember({
  executor = db(),
  workspaceId,
  userId,
  role,
}: {
  executor?: Executor;
  workspaceId: string;
  userId: string;
  role: WorkspaceRole;
}): Promise<void> {
  await executor.insert(workspaceMembers).values({ workspaceId, userId, role });
}

const membershipColumns = {
  workspaceId: workspaces.id,
  slug: workspaces.slug,
  name: workspaces.name,
  personal: workspaces.personal,
  plan: workspaces.plan,
  role: workspaceMembers.role,
};

export async function listWorkspacesByUserId({ userId }: { userId: string }): Promise<WorkspaceMembership[]> {
  return db()
    .select(membershipColumns)
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(desc(workspaces.personal), asc(workspaces.name));
}

export async function getWorkspaceMembershipByUserId({
  workspaceId,
  userId,
}: {
  workspaceId: string;
  userId: string;
}): Promise<WorkspaceMembership | null> {
  const [row] = await db()
    .select(membershipColumns)
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
    .limit(1);
  return row ?? null;
}

/** Adds a member, or changes the role of one who already is. */
export async function upsertWorkspaceMember({
  workspaceId,
  userId,
  role,
}: {
  workspaceId: string;
  userId: string;
  role: WorkspaceRole;
}): Promise<void> {
  await db()
    .insert(workspaceMembers)
    .values({ workspaceId, userId, role })
    .onConflictDoUpdate({ target: [workspaceMembers.workspaceId, workspaceMembers.userId], set: { role } });
}
