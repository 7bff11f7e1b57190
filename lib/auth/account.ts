import "server-only";

import { getUserByEmail, getUserById, updatePasswordHashByUserId } from "@/db/queries/auth";
import { AppError } from "@/lib/errors";

import { hashPassword, verifyPassword } from "./password";
import { assertStrongNewPassword } from "./password-strength";

/**
 * Sets a new password after checking the current one. Every existing session ends with it (the
 * session generation is bumped in the same statement), including the caller's: they sign in again.
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
