import "server-only";

import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";

import type { Plan, WorkspaceRole } from "../enums";
import { db, type Executor } from "../client";
import { users, workspaceMembers, workspaces } from "../schema";

export type WorkspaceRow = typeof workspaces.$inferSelect;

export interface WorkspaceMembership {
  workspaceId: string;
  slug: string;
  name: string;
  personal: boolean;
  plan: Plan;
  /** Read with the plan: lib/plans/access.ts turns the three into the plan in force and its entitlements. */
  planUntil: Date | null;
  entitlementOverrides: unknown;
  role: WorkspaceRole;
}

export interface WorkspaceMemberRow {
  userId: string;
  name: string | null;
  email: string | null;
  role: WorkspaceRole;
  joinedAt: Date;
  lastActiveAt: Date | null;
}

const UNIQUE_VIOLATION = "23505";

/** postgres.js and PGlite both expose the SQLSTATE as `code`, possibly on a wrapped cause. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
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

interface NewMember {
  executor?: Executor;
  workspaceId: string;
  userId: string;
  role: WorkspaceRole;
}

export async function addWorkspaceMember({ executor = db(), ...member }: NewMember): Promise<void> {
  await executor.insert(workspaceMembers).values(member);
}

/** Returns false when the user already is a member (nothing changes then). */
export async function insertWorkspaceMemberIfAbsent({ executor = db(), ...member }: NewMember): Promise<boolean> {
  const rows = await executor.insert(workspaceMembers).values(member).onConflictDoNothing().returning({ userId: workspaceMembers.userId });
  return rows.length > 0;
}

const membershipColumns = {
  workspaceId: workspaces.id,
  slug: workspaces.slug,
  name: workspaces.name,
  personal: workspaces.personal,
  plan: workspaces.plan,
  planUntil: workspaces.planUntil,
  entitlementOverrides: workspaces.entitlementOverrides,
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

/** The workspace the user opened last (personal first when none was ever opened). */
export async function getLastUsedWorkspaceByUserId({ userId }: { userId: string }): Promise<WorkspaceMembership | null> {
  const [row] = await db()
    .select(membershipColumns)
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .orderBy(sql`${workspaceMembers.lastActiveAt} desc nulls last`, desc(workspaces.personal), asc(workspaces.createdAt))
    .limit(1);
  return row ?? null;
}

export async function getWorkspaceMembershipByUserId({
  executor = db(),
  workspaceId,
  userId,
}: {
  executor?: Executor;
  workspaceId: string;
  userId: string;
}): Promise<WorkspaceMembership | null> {
  const [row] = await executor
    .select(membershipColumns)
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function getWorkspaceMembershipBySlug({ slug, userId }: { slug: string; userId: string }): Promise<WorkspaceMembership | null> {
  const [row] = await db()
    .select(membershipColumns)
    .from(workspaces)
    .innerJoin(workspaceMembers, and(eq(workspaceMembers.workspaceId, workspaces.id), eq(workspaceMembers.userId, userId)))
    .where(eq(workspaces.slug, slug))
    .limit(1);
  return row ?? null;
}

export async function touchWorkspaceMember({ workspaceId, userId }: { workspaceId: string; userId: string }): Promise<void> {
  await db()
    .update(workspaceMembers)
    .set({ lastActiveAt: sql`now()` })
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
}

export async function listMembersByWorkspaceId({ workspaceId }: { workspaceId: string }): Promise<WorkspaceMemberRow[]> {
  return db()
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: workspaceMembers.role,
      joinedAt: workspaceMembers.createdAt,
      lastActiveAt: workspaceMembers.lastActiveAt,
    })
    .from(workspaceMembers)
    .innerJoin(users, eq(users.id, workspaceMembers.userId))
    .where(eq(workspaceMembers.workspaceId, workspaceId))
    .orderBy(asc(workspaceMembers.createdAt));
}

/**
 * Serialises membership changes of one workspace for the rest of the transaction, so "is this the
 * last owner?" and the change it guards cannot interleave with another instance's.
 */
export async function lockWorkspaceById({ executor, workspaceId }: { executor: Executor; workspaceId: string }): Promise<WorkspaceRow | null> {
  const [row] = await executor.select().from(workspaces).where(eq(workspaces.id, workspaceId)).for("update");
  return row ?? null;
}

export async function countOwnersByWorkspaceId({ executor, workspaceId }: { executor: Executor; workspaceId: string }): Promise<number> {
  const [row] = await executor
    .select({ owners: count() })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.role, "owner")));
  return row?.owners ?? 0;
}

export async function getMemberRole({
  executor,
  workspaceId,
  userId,
}: {
  executor: Executor;
  workspaceId: string;
  userId: string;
}): Promise<WorkspaceRole | null> {
  const [row] = await executor
    .select({ role: workspaceMembers.role })
    .from(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
  return row?.role ?? null;
}

export async function updateMemberRole({
  executor,
  workspaceId,
  userId,
  role,
}: {
  executor: Executor;
  workspaceId: string;
  userId: string;
  role: WorkspaceRole;
}): Promise<void> {
  await executor
    .update(workspaceMembers)
    .set({ role })
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
}

export async function deleteWorkspaceMember({
  executor,
  workspaceId,
  userId,
}: {
  executor: Executor;
  workspaceId: string;
  userId: string;
}): Promise<void> {
  await executor
    .delete(workspaceMembers)
    .where(and(eq(workspaceMembers.workspaceId, workspaceId), eq(workspaceMembers.userId, userId)));
}

/** Returns null when the slug is taken by another workspace. */
export async function updateWorkspaceById({
  workspaceId,
  name,
  slug,
}: {
  workspaceId: string;
  name?: string;
  slug?: string;
}): Promise<WorkspaceRow | null> {
  try {
    const [row] = await db()
      .update(workspaces)
      .set({ ...(name === undefined ? {} : { name }), ...(slug === undefined ? {} : { slug }) })
      .where(eq(workspaces.id, workspaceId))
      .returning();
    if (!row) throw new Error("update of workspaces matched no row");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** One statement: projects, their files, sessions, messages, checkpoints, members and invitations cascade. */
export async function deleteWorkspaceById({ executor, workspaceId }: { executor: Executor; workspaceId: string }): Promise<void> {
  await executor.delete(workspaces).where(eq(workspaces.id, workspaceId));
}

export interface MembershipHeadcount {
  workspaceId: string;
  slug: string;
  name: string;
  personal: boolean;
  role: WorkspaceRole;
  members: number;
  owners: number;
}

/** Every workspace the user belongs to, with how many members and owners it has (account deletion). */
export async function listMembershipHeadcountsByUserId({ executor = db(), userId }: { executor?: Executor; userId: string }): Promise<MembershipHeadcount[]> {
  const all = alias(workspaceMembers, "all_members");
  return executor
    .select({
      ...membershipColumns,
      members: sql<number>`count(${all.userId})::int`,
      owners: sql<number>`(count(*) filter (where ${all.role} = 'owner'))::int`,
    })
    .from(workspaceMembers)
    .innerJoin(workspaces, eq(workspaces.id, workspaceMembers.workspaceId))
    .innerJoin(all, eq(all.workspaceId, workspaceMembers.workspaceId))
    .where(eq(workspaceMembers.userId, userId))
    .groupBy(workspaces.id, workspaceMembers.workspaceId, workspaceMembers.userId)
    .orderBy(desc(workspaces.personal), asc(workspaces.name));
}

/** Sets a workspace's plan columns (operators, billing, the benchmark's own account). */
export async function setWorkspacePlanById({
  workspaceId,
  plan,
  planUntil,
  entitlementOverrides,
}: {
  workspaceId: string;
  plan: Plan;
  planUntil: Date | null;
  entitlementOverrides: Record<string, unknown> | null;
}): Promise<void> {
  await db().update(workspaces).set({ plan, planUntil, entitlementOverrides }).where(eq(workspaces.id, workspaceId));
}
