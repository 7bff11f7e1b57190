import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AuthForm } from "@/components/auth/auth-form";
import { githubSignInEnabled } from "@/lib/auth/config";
import { currentUser } from "@/lib/auth/guards";
import { safeCallbackPath } from "@/lib/auth/redirect";

import { signInAction, signInWithGitHubAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthForm
      mode="sign-in"
      action={signInAction}
      callbackUrl={callbackUrl}
      githubAction={githubSignInEnabled() ? signInWithGitHubAction : undefined}
    />
  );
}
