"use server";

import { signIn, signOut } from "@/lib/auth/config";
import { changePassword, deleteAccount, renameUser } from "@/lib/auth/account";
import { changePasswordSchema, deleteAccountSchema, renameSchema } from "@/lib/auth/credentials";
import type { AccountFormState } from "@/lib/auth/form-state";
import { requireUser } from "@/lib/auth/guards";
import { toAppError } from "@/lib/errors";
import { editorSettingsSchema, type EditorSettings } from "@/lib/settings/contract";
import { saveEditorSettings } from "@/lib/settings/service";

// Server actions are public endpoints: each parses strictly, checks who calls, makes one lib call.
// Next refuses a server action whose Origin is not the app's own host.

function fields(formData: FormData, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((n) => [n, formData.get(n) ?? undefined]));
}

function failure(error: unknown): AccountFormState {
  const appError = toAppError(error, "auth");
  if (appError.visibility === "log") console.error(`[${appError.code}]`, appError.cause);
  return { error: appError.toBody().message };
}

export async function renameAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const parsed = renameSchema.safeParse(fields(formData, ["name"]));
  if (!parsed.success) return { error: "Enter a name." };
  try {
    const user = await requireUser();
    const name = await renameUser({ userId: user.userId, name: parsed.data.name });
    return { error: null, done: `Your name is now ${name}.` };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Ends every session (lib), then signs this browser in again with the new password, so only the
 * others end. The new session cookie comes with a redirect back to the page (a cookie set by an
 * action that returns state re-renders the route and drops that state).
 */
export async function changePasswordAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const parsed = changePasswordSchema.safeParse(fields(formData, ["currentPassword", "newPassword"]));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the form and try again." };
  let email: string | null;
  try {
    const user = await requireUser();
    await changePassword({ userId: user.userId, ...parsed.data });
    email = user.email;
  } catch (error) {
    return failure(error);
  }
  await signIn("credentials", { email, password: parsed.data.newPassword, redirectTo: "/account?password=changed#password" });
  return { error: null };
}

/**
 * Confirmed with the password, the exact email for an account without one (OAuth only), or the fixed
 * phrase with neither; the lib decides which counts. On success the session cookie is cleared and the browser lands on the home
 * page (a redirect).
 */
export async function deleteAccountAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const parsed = deleteAccountSchema.safeParse(fields(formData, ["password", "email", "phrase"]));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Confirm with your password or email." };
  try {
    const user = await requireUser();
    await deleteAccount({ userId: user.userId, ...parsed.data });
  } catch (error) {
    return failure(error);
  }
  await signOut({ redirectTo: "/?account=deleted" });
  return { error: null };
}

export async function saveEditorSettingsAction(settings: EditorSettings): Promise<{ settings: EditorSettings } | { error: string }> {
  const parsed = editorSettingsSchema.safeParse(settings);
  if (!parsed.success) return { error: "Those settings are out of range." };
  try {
    const user = await requireUser();
    return { settings: await saveEditorSettings(user.userId, parsed.data) };
  } catch (error) {
    return { error: failure(error).error ?? "" };
  }
}
