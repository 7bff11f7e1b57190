import "server-only";

import { getUserById, updatePasswordHashByUserId } from "@/db/queries/auth";
import { AppError } from "@/lib/errors";

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./credentials";
import { hashPassword, verifyPassword } from "./password";

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
  if (newPassword.length < PASSWORD_MIN_LENGTH || newPassword.length > PASSWORD_MAX_LENGTH) {
    throw new AppError("bad_request:auth", { message: `Use ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.` });
  }
  const user = await getUserById({ id: userId });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("forbidden:auth", { message: "The current password is wrong." });
  }
  await updatePasswordHashByUserId({ userId, passwordHash: await hashPassword(newPassword) });
}
