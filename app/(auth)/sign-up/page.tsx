import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AuthForm } from "@/components/auth/auth-form";
import { githubSignInEnabled } from "@/lib/auth/config";
import { currentUser } from "@/lib/auth/guards";
import { safeCallbackPath } from "@/lib/auth/redirect";

import { signInWithGitHubAction, signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create account" };

/** `callbackUrl` brings a new account back to where it came from, e.g. an invitation. */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthForm
      mode="sign-up"
      action={signUpAction}
      callbackUrl={callbackUrl}
      githubAction={githubSignInEnabled() ? signInWithGitHubAction : undefined}
    />
  );
}
