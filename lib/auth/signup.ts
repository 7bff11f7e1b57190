import "server-only";

import { createUser } from "@/db/queries/auth";
import { inTransaction } from "@/db/transaction";
import { AppError } from "@/lib/errors";
import { createPersonalWorkspace } from "@/lib/workspaces/service";

import type { SignUpInput } from "./credentials";
import { hashPassword } from "./password";
import { assertStrongNewPassword } from "./password-strength";
import { allowSignUp } from "./rate-limit";

/** Creates the account and its personal workspace together: a user never exists without one. */
export async function registerUser(input: SignUpInput, { ip }: { ip: string | null }): Promise<{ userId: string }> {
  if (!(await allowSignUp({ ip }))) throw new AppError("rate_limit:auth", { message: "Too many sign-ups from this network. Try again later." });
  assertStrongNewPassword(input.password, [input.email, input.name ?? ""]);
  const passwordHash = await hashPassword(input.password);
  const displayName = input.name ?? input.email.split("@")[0] ?? "My";
  return inTransaction(async (tx) => {
    const user = await createUser({ executor: tx, email: input.email, name: input.name ?? null, passwordHash });
    if (!user) throw new AppError("conflict:auth", { message: "An account with this email already exists. Sign in instead." });
    await createPersonalWorkspace({ executor: tx, userId: user.id, displayName });
    return { userId: user.id };
  });
}
