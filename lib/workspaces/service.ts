import "server-only";

import { randomBytes } from "node:crypto";

import type { Executor } from "@/db/client";
import { getUserByEmail } from "@/db/queries/auth";
import {
  addWorkspaceMember,
  countOwnersByWorkspaceId,
  createWorkspace,
  deleteWorkspaceById,
  deleteWorkspaceMember,
  getLastUsedWorkspaceByUserId,
  getMemberRole,
  insertWorkspaceMemberIfAbsent,
  listMembersByWorkspaceId,
  listWorkspacesByUserId,
  lockWorkspaceById,
  touchWorkspaceMember,
  updateMemberRole,
  updateWorkspaceById,
  type WorkspaceMembership,
  type WorkspaceRow,
} from "@/db/queries/workspaces";
import { inTransaction } from "@/db/transaction";
import { assertSeatAvailable } from "@/lib/billing/seats";
import { AppError } from "@/lib/errors";

import type { MemberSummary, WorkspaceChoice, WorkspaceSummary, WorkspaceView } from "./contract";
import { can, permissionsOf, type WorkspaceRole } from "./roles";
import { workspaceSlug } from "./slug";

export type WorkspaceActor = WorkspaceMembership & { userId: string };

const newSlug = (name: string) => workspaceSlug(name, randomBytes(4).toString("hex"));

const summaryOf = (row: WorkspaceRow): WorkspaceSummary => ({ id: row.id, slug: row.slug, name: row.name, personal: row.personal });

export const choiceOf = (m: WorkspaceMembership): WorkspaceChoice => ({
  id: m.workspaceId,
  slug: m.slug,
  name: m.name,
  personal: m.personal,
  plan: m.plan,
  role: m.role,
});

export const viewOf = (m: WorkspaceMembership): WorkspaceView => ({ ...choiceOf(m), permissions: permissionsOf(m.role) });

export async function createPersonalWorkspace({
  executor,
  userId,
  displayName,
}: {
  executor?: Executor;
  userId: string;
  displayName: string;
}): Promise<WorkspaceRow> {
  const workspace = await createWorkspace({ executor, slug: newSlug(displayName), name: `${displayName}'s workspace`, personal: true });
  await addWorkspaceMember({ executor, workspaceId: workspace.id, userId, role: "owner" });
  return workspace;
}

export async function createTeamWorkspace({ userId, name }: { userId: string; name: string }): Promise<WorkspaceSummary> {
  return inTransaction(async (tx) => {
    const workspace = await createWorkspace({ executor: tx, slug: newSlug(name), name, personal: false });
    await addWorkspaceMember({ executor: tx, workspaceId: workspace.id, userId, role: "owner" });
    return summaryOf(workspace);
  });
}

export async function listWorkspaceChoices(userId: string): Promise<WorkspaceChoice[]> {
  return (await listWorkspacesByUserId({ userId })).map(choiceOf);
}

export async function lastUsedWorkspaceSlug(userId: string): Promise<string | null> {
  return (await getLastUsedWorkspaceByUserId({ userId }))?.slug ?? null;
}

/** A page view in the workspace: its member's "last active", and the user's last used workspace. */
export async function recordWorkspaceVisit(actor: { workspaceId: string; userId: string }): Promise<void> {
  await touchWorkspaceMember({ workspaceId: actor.workspaceId, userId: actor.userId });
}

export async function listMembers(actor: WorkspaceActor): Promise<MemberSummary[]> {
  const rows = await listMembersByWorkspaceId({ workspaceId: actor.workspaceId });
  return rows.map((row) => ({
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role,
    joinedAt: row.joinedAt.toISOString(),
    lastActiveAt: row.lastActiveAt?.toISOString() ?? null,
  }));
}

export async function updateWorkspace(actor: WorkspaceActor, changes: { name?: string; slug?: string }): Promise<WorkspaceSummary> {
  const row = await updateWorkspaceById({ workspaceId: actor.workspaceId, ...changes });
  if (!row) throw new AppError("conflict:workspace", { message: "Another workspace already uses that slug." });
  return summaryOf(row);
}

const personalError = () => new AppError("bad_request:workspace", { message: "Personal workspaces cannot be shared. Create a team workspace." });
const lastOwnerError = (what: string) =>
  new AppError("conflict:workspace", { message: `The last owner cannot ${what}. Make someone else an owner first.` });

/**
 * Runs a membership change with the workspace row locked and the actor's role re-read inside the
 * lock, so the owner rules below hold under concurrent changes from any instance.
 */
async function withLockedWorkspace<T>(
  actor: WorkspaceActor,
  fn: (tx: Executor, actorRole: WorkspaceRole, workspace: WorkspaceRow) => Promise<T>,
): Promise<T> {
  return inTransaction(async (tx) => {
    const workspace = await lockWorkspaceById({ executor: tx, workspaceId: actor.workspaceId });
    const actorRole = await getMemberRole({ executor: tx, workspaceId: actor.workspaceId, userId: actor.userId });
    if (!workspace || !actorRole) throw new AppError("not_found:workspace");
    return fn(tx, actorRole, workspace);
  });
}

async function targetRoleOf(tx: Executor, workspaceId: string, userId: string): Promise<WorkspaceRole> {
  const role = await getMemberRole({ executor: tx, workspaceId, userId });
  if (!role) throw new AppError("not_found:workspace", { message: "That person is not a member of this workspace." });
  return role;
}

/** Admins re-role members; only owners touch an owner's role or make owners; the last owner stays. */
export async function changeMemberRole(actor: WorkspaceActor, targetUserId: string, role: WorkspaceRole): Promise<MemberSummary["role"]> {
  return withLockedWorkspace(actor, async (tx, actorRole, workspace) => {
    if (workspace.personal) throw personalError();
    if (!can(actorRole, "members.manage")) throw new AppError("forbidden:workspace");
    const current = await targetRoleOf(tx, workspace.id, targetUserId);
    if ((current === "owner" || role === "owner") && !can(actorRole, "owners.manage")) {
      throw new AppError("forbidden:workspace", { message: "Only an owner can change an owner's role or make someone an owner." });
    }
    if (targetUserId === actor.userId && actorRole !== "owner") {
      throw new AppError("forbidden:workspace", { message: "You cannot change your own role." });
    }
    if (current === "owner" && role !== "owner" && (await countOwnersByWorkspaceId({ executor: tx, workspaceId: workspace.id })) <= 1) {
      throw lastOwnerError("be demoted");
    }
    await updateMemberRole({ executor: tx, workspaceId: workspace.id, userId: targetUserId, role });
    return role;
  });
}

/** Removing yourself is leaving, open to every role; removing others is for admins (owners for owners). */
export async function removeMember(actor: WorkspaceActor, targetUserId: string): Promise<void> {
  await withLockedWorkspace(actor, async (tx, actorRole, workspace) => {
    const leaving = targetUserId === actor.userId;
    if (!leaving && !can(actorRole, "members.manage")) throw new AppError("forbidden:workspace");
    const current = await targetRoleOf(tx, workspace.id, targetUserId);
    if (!leaving && current === "owner" && !can(actorRole, "owners.manage")) {
      throw new AppError("forbidden:workspace", { message: "Only an owner can remove an owner." });
    }
    if (current === "owner" && (await countOwnersByWorkspaceId({ executor: tx, workspaceId: workspace.id })) <= 1) {
      throw lastOwnerError(leaving ? "leave" : "be removed");
    }
    await deleteWorkspaceMember({ executor: tx, workspaceId: workspace.id, userId: targetUserId });
  });
}

/** The new owner gets "owner", the old one steps down to admin. */
export async function transferOwnership(actor: WorkspaceActor, targetUserId: string): Promise<void> {
  await withLockedWorkspace(actor, async (tx, actorRole, workspace) => {
    if (workspace.personal) throw personalError();
    if (!can(actorRole, "workspace.transfer")) throw new AppError("forbidden:workspace");
    if (targetUserId === actor.userId) throw new AppError("bad_request:workspace", { message: "Choose another member." });
    await targetRoleOf(tx, workspace.id, targetUserId);
    await updateMemberRole({ executor: tx, workspaceId: workspace.id, userId: targetUserId, role: "owner" });
    await updateMemberRole({ executor: tx, workspaceId: workspace.id, userId: actor.userId, role: "admin" });
  });
}

/** Projects, files, sessions, messages, checkpoints, members and invitations go with it, atomically. */
export async function deleteWorkspace(actor: WorkspaceActor, confirmName: string): Promise<void> {
  await withLockedWorkspace(actor, async (tx, actorRole, workspace) => {
    if (workspace.personal) throw new AppError("bad_request:workspace", { message: "Your personal workspace cannot be deleted." });
    if (!can(actorRole, "workspace.delete")) throw new AppError("forbidden:workspace");
    if (confirmName !== workspace.name) {
      throw new AppError("bad_request:workspace", { message: "Type the workspace's name exactly to confirm." });
    }
    await deleteWorkspaceById({ executor: tx, workspaceId: workspace.id });
  });
}

/**
 * Adds an existing account directly. It never changes the role of someone who already is a member
 * (that goes through changeMemberRole and its owner rules), and only owners add owners.
 */
export async function addMemberByEmail(actor: WorkspaceActor, { email, role }: { email: string; role: WorkspaceRole }): Promise<{ userId: string; role: WorkspaceRole }> {
  if (actor.personal) throw personalError();
  if (role === "owner" && !can(actor.role, "owners.manage")) throw new AppError("forbidden:workspace", { message: "Only an owner can add owners." });
  const user = await getUserByEmail({ email });
  if (!user) throw new AppError("not_found:workspace", { message: "No Wafer account uses that email. Invite them by email instead." });
  const added = await inTransaction(async (tx) => {
    await assertSeatAvailable({ executor: tx, workspaceId: actor.workspaceId });
    return insertWorkspaceMemberIfAbsent({ executor: tx, workspaceId: actor.workspaceId, userId: user.id, role });
  });
  if (!added) throw new AppError("conflict:workspace", { message: "They are already a member. Change their role in the members list." });
  return { userId: user.id, role };
}
