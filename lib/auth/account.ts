import "server-only";

import { deleteUserById, getUserByEmail, getUserById, updatePasswordHashByUserId, updateUserNameById, type UserRow } from "@/db/queries/auth";
import { deleteWorkspaceById, listMembershipHeadcountsByUserId, type MembershipHeadcount } from "@/db/queries/workspaces";
import { inTransaction } from "@/db/transaction";
import { AppError } from "@/lib/errors";

import { DELETION_PHRASE } from "./credentials";
import { hashPassword, verifyPassword } from "./password";
import { assertStrongNewPassword } from "./password-strength";

/**
 * Sets a new password after checking the current one. Every existing session ends with it (the
 * session generation is bumped in the same statement), including the caller's: the account page's
 * action signs the caller in again with the new password, so only their other sessions end.
 */
export async function changePassword({
  userId,
  currentPassword,
  newPassword,
}: {
  userId: string;
  currentPassword: string;
  newPassword: string;
}): Promise<void> {
  const user = await getUserById({ id: userId });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("forbidden:auth", { message: "The current password is wrong." });
  }
  assertStrongNewPassword(newPassword, [user.email ?? "", user.name ?? ""]);
  await updatePasswordHashByUserId({ userId, passwordHash: await hashPassword(newPassword) });
}

/**
 * An administrator's reset (the `wafer reset-password` CLI; no mail server is assumed): sets the
 * password of the account with this email and ends all of its sessions, like a change does.
 */
export async function resetPasswordByEmail({ email, newPassword }: { email: string; newPassword: string }): Promise<void> {
  const user = await getUserByEmail({ email: email.trim().toLowerCase() });
  if (!user) throw new AppError("not_found:auth", { message: `No account has the email ${email}.` });
  assertStrongNewPassword(newPassword, [user.email ?? "", user.name ?? ""]);
  await updatePasswordHashByUserId({ userId: user.id, passwordHash: await hashPassword(newPassword) });
}

export const NAME_MAX_LENGTH = 80;

export async function renameUser({ userId, name }: { userId: string; name: string }): Promise<string> {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new AppError("bad_request:auth", { message: "Enter a name." });
  if (trimmed.length > NAME_MAX_LENGTH) throw new AppError("bad_request:auth", { message: `Use at most ${NAME_MAX_LENGTH} characters.` });
  await updateUserNameById({ userId, name: trimmed });
  return trimmed;
}

/** What deleting the account does to each workspace the user belongs to; the account page shows it. */
export type WorkspaceFate =
  | { kind: "deleted"; reason: "personal" | "only-member" }
  | { kind: "left" }
  | { kind: "blocks"; members: number };

export interface AccountDeletionPlan {
  workspaces: Array<Pick<MembershipHeadcount, "workspaceId" | "slug" | "name" | "personal" | "role"> & { fate: WorkspaceFate }>;
  /** True when some team would be left with members and no owner: transfer ownership first. */
  blocked: boolean;
}

/**
 * The rules, in one place: the personal workspace and teams the user is alone in are deleted with
 * everything in them; teams with other owners or where the user is not an owner are simply left;
 * a team whose only owner is the user while others are members blocks deletion until ownership is
 * transferred (or the team deleted), so nobody is left in a workspace no one can manage.
 */
export function planAccountDeletion(memberships: MembershipHeadcount[]): AccountDeletionPlan {
  const workspaces = memberships.map(({ workspaceId, slug, name, personal, role, members, owners }) => {
    const fate: WorkspaceFate = personal
      ? { kind: "deleted", reason: "personal" }
      : members <= 1
        ? { kind: "deleted", reason: "only-member" }
        : role === "owner" && owners <= 1
          ? { kind: "blocks", members: members - 1 }
          : { kind: "left" };
    return { workspaceId, slug, name, personal, role, fate };
  });
  return { workspaces, blocked: workspaces.some((w) => w.fate.kind === "blocks") };
}

/**
 * How an account confirms its deletion: its password; for an account with none (it signs in only
 * through OAuth, e.g. GitHub) its email typed out exactly; with no email either, a fixed phrase.
 */
export type DeletionConfirmation = "password" | "email" | "phrase";

const confirmationFor = (user: Pick<UserRow, "passwordHash" | "email">): DeletionConfirmation =>
  user.passwordHash ? "password" : user.email ? "email" : "phrase";

/** `hasPassword`: only such an account is shown the change-password form (OAuth-only ones have nothing to change). */
export async function accountDeletionPlan(userId: string): Promise<AccountDeletionPlan & { confirmWith: DeletionConfirmation; hasPassword: boolean }> {
  const [memberships, user] = await Promise.all([listMembershipHeadcountsByUserId({ userId }), getUserById({ id: userId })]);
  return { ...planAccountDeletion(memberships), confirmWith: user ? confirmationFor(user) : "password", hasPassword: Boolean(user?.passwordHash) };
}

interface DeletionProof {
  password?: string;
  email?: string;
  phrase?: string;
}

/** Refuses unless the caller proved it is deliberate, with whichever proof `confirmationFor` names. */
async function assertDeletionConfirmed(user: UserRow | null, { password, email, phrase }: DeletionProof): Promise<void> {
  const confirmWith = user ? confirmationFor(user) : "password";
  if (confirmWith === "password") {
    if (password === undefined) throw new AppError("forbidden:auth", { message: "Enter your password to confirm." });
    if (user?.passwordHash && (await verifyPassword(user.passwordHash, password))) return;
    throw new AppError("forbidden:auth", { message: "The password is wrong." });
  }
  // An OAuth-only account has no secret to ask for; typing the address (or, with none, the phrase)
  // is the deliberate step (the session was checked already). Only surrounding blanks are forgiven.
  if (confirmWith === "email") {
    if (user?.email && email?.trim() === user.email) return;
    throw new AppError("forbidden:auth", { message: "Type your account's email exactly as shown to confirm." });
  }
  if (phrase?.trim().toLowerCase() === DELETION_PHRASE) return;
  throw new AppError("forbidden:auth", { message: `Type "${DELETION_PHRASE}" to confirm.` });
}

/**
 * Deletes the account after it is confirmed (`assertDeletionConfirmed`), with the workspaces the
 * plan deletes, in one transaction that re-reads the plan (a member may have joined since the page
 * was shown). Its sessions die with the row: every request checks the user still exists.
 */
export async function deleteAccount({ userId, ...proof }: { userId: string } & DeletionProof): Promise<void> {
  await assertDeletionConfirmed(await getUserById({ id: userId }), proof);
  await inTransaction(async (tx) => {
    const plan = planAccountDeletion(await listMembershipHeadcountsByUserId({ executor: tx, userId }));
    const blocking = plan.workspaces.filter((w) => w.fate.kind === "blocks").map((w) => w.name);
    if (blocking.length > 0) {
      throw new AppError("conflict:auth", {
        message: `You are the only owner of ${blocking.join(", ")}. Transfer ownership to another member (workspace settings) or delete the workspace first.`,
      });
    }
    for (const w of plan.workspaces) if (w.fate.kind === "deleted") await deleteWorkspaceById({ executor: tx, workspaceId: w.workspaceId });
    await deleteUserById({ executor: tx, userId });
  });
}
