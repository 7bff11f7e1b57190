import "server-only";

import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";

import type { WorkspaceRole } from "../enums";
import { db, type Executor } from "../client";
import { invitations, users, workspaces } from "../schema";

export type InvitationRow = typeof invitations.$inferSelect;

export interface InvitationWithWorkspace extends InvitationRow {
  workspaceName: string;
  workspaceSlug: string;
  personal: boolean;
  invitedBy: string | null;
}

export async function insertInvitation(values: {
  workspaceId: string;
  role: WorkspaceRole;
  tokenHash: string;
  email: string | null;
  maxUses: number;
  expiresAt: Date;
  createdBy: string;
}): Promise<InvitationRow> {
  const [row] = await db().insert(invitations).values(values).returning();
  if (!row) throw new Error("insert into invitations returned no row");
  return row;
}

/** Not revoked, not expired, not used up. */
const pending = and(isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`), lt(invitations.uses, invitations.maxUses));

export async function listPendingInvitationsByWorkspaceId({ workspaceId }: { workspaceId: string }): Promise<InvitationRow[]> {
  return db()
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), pending))
    .orderBy(desc(invitations.createdAt));
}

/** Returns false when no invitation with that id belongs to the workspace. */
export async function revokeInvitationById({ workspaceId, invitationId }: { workspaceId: string; invitationId: string }): Promise<boolean> {
  const rows = await db()
    .update(invitations)
    .set({ revokedAt: sql`coalesce(${invitations.revokedAt}, now())` })
    .where(and(eq(invitations.id, invitationId), eq(invitations.workspaceId, workspaceId)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

export async function getInvitationByTokenHash({ tokenHash }: { tokenHash: string }): Promise<InvitationWithWorkspace | null> {
  const [row] = await db()
    .select({
      invitation: invitations,
      workspaceName: workspaces.name,
      workspaceSlug: workspaces.slug,
      personal: workspaces.personal,
      invitedBy: sql<string | null>`coalesce(${users.name}, ${users.email})`,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.createdBy))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
  if (!row) return null;
  return { ...row.invitation, workspaceName: row.workspaceName, workspaceSlug: row.workspaceSlug, personal: row.personal, invitedBy: row.invitedBy };
}

/**
 * Takes one use, only while the invitation is still pending: a single conditional UPDATE, so of two
 * people accepting the last use at the same moment exactly one gets the row back.
 */
export async function consumeInvitationUse({ executor, invitationId }: { executor: Executor; invitationId: string }): Promise<boolean> {
  const rows = await executor
    .update(invitations)
    .set({ uses: sql`${invitations.uses} + 1` })
    .where(and(eq(invitations.id, invitationId), pending))
    .returning({ id: invitations.id });
  return rows.length > 0;
}
