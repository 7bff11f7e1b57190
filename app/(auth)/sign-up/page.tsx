import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { AuthForm } from "@/components/auth/auth-form";
import { githubSignInEnabled } from "@/lib/auth/config";
import { currentUser } from "@/lib/auth/guards";

import { signInWithGitHubAction, signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await currentUser()) redirect("/");
  return (
    <AuthForm mode="sign-up" action={signUpAction} githubAction={githubSignInEnabled() ? signInWithGitHubAction : undefined} />
  );
}
