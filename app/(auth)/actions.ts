"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";

import { signIn, signOut } from "@/lib/auth/config";
import { signInSchema, signUpSchema } from "@/lib/auth/credentials";
import { clientIp } from "@/lib/auth/rate-limit";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { registerUser } from "@/lib/auth/signup";
import { toAppError } from "@/lib/errors";
import type { AuthFormState } from "@/lib/auth/form-state";

function fields(formData: FormData, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((n) => [n, formData.get(n) ?? undefined]));
}

function firstIssue(error: { issues: { message: string }[] }): string {
  return error.issues[0]?.message ?? "Check the form and try again.";
}

/** Sign-in throws a redirect on success, which must propagate; only Auth.js errors become messages. */
async function signInWithPassword(email: string, password: string, redirectTo: string): Promise<AuthFormState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return { error: null };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return {
        error: code === "rate_limited" ? "Too many failed attempts. Wait 15 minutes and try again." : "Wrong email or password.",
        email,
      };
    }
    throw error;
  }
}

export async function signInAction(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const parsed = signInSchema.safeParse(fields(formData, ["email", "password"]));
  if (!parsed.success) return { error: firstIssue(parsed.error), email: String(formData.get("email") ?? "") };
  return signInWithPassword(parsed.data.email, parsed.data.password, safeCallbackPath(formData.get("callbackUrl")));
}

export async function signUpAction(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const parsed = signUpSchema.safeParse(fields(formData, ["name", "email", "password"]));
  if (!parsed.success) return { error: firstIssue(parsed.error), email: String(formData.get("email") ?? "") };
  try {
    await registerUser(parsed.data, { ip: clientIp(await headers()) });
  } catch (error) {
    const appError = toAppError(error, "auth");
    if (appError.visibility === "log") console.error(`[${appError.code}]`, appError.cause);
    return { error: appError.toBody().message, email: parsed.data.email };
  }
  return signInWithPassword(parsed.data.email, parsed.data.password, safeCallbackPath(formData.get("callbackUrl")));
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

export async function signInWithGitHubAction(formData: FormData): Promise<void> {
  await signIn("github", { redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
}

