import type { Metadata } from "next";
import Link from "next/link";

import { signOutAction } from "@/app/(auth)/actions";
import { DeleteAccountForm, NameForm, PasswordForm, Section } from "@/components/account/account-forms";
import { DeletionSummary } from "@/components/account/deletion-summary";
import { EditorSettingsForm } from "@/components/settings/editor-settings-form";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { buttonClassName } from "@/components/ui/button";
import { accountDeletionPlan } from "@/lib/auth/account";
import { requirePageUser } from "@/lib/auth/guards";
import { getEditorSettings } from "@/lib/settings/service";
import { lastUsedWorkspaceSlug } from "@/lib/workspaces/service";

import { changePasswordAction, deleteAccountAction, renameAction, saveEditorSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

type Props = { searchParams: Promise<{ password?: string }> };

export default async function AccountPage({ searchParams }: Props) {
  const user = await requirePageUser("/account");
  const { password } = await searchParams;
  const [settings, plan, slug] = await Promise.all([getEditorSettings(user.userId), accountDeletionPlan(user.userId), lastUsedWorkspaceSlug(user.userId)]);
  return (
    <div className="min-h-full">
      <header className="flex items-center justify-between gap-4 border-b border-zinc-200 px-6 py-2.5 dark:border-zinc-800">
        <div className="flex items-center gap-3">
          <Link href="/" className="flex h-7 w-7 items-center justify-center rounded-md bg-indigo-600 text-sm font-semibold text-white" aria-label="Wafer home">
            W
          </Link>
          <Link href={slug ? `/w/${slug}` : "/"} className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100" data-testid="back-to-dashboard">
            ← Dashboard
          </Link>
        </div>
        <div className="flex items-center gap-3 text-sm">
          <ThemeToggle />
          <form action={signOutAction}>
            <button type="submit" className={buttonClassName({ variant: "secondary", size: "sm" })}>
              Sign out
            </button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-2xl space-y-6 px-6 py-8">
        <div className="space-y-1">
          <h1 className="text-xl font-semibold">Account</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="account-email">
            Signed in as {user.email ?? user.name ?? "an account without an email"}
          </p>
        </div>
        <Section id="profile" title="Profile" description="Your name is what teammates see next to your projects and chats.">
          <NameForm action={renameAction} name={user.name ?? ""} />
        </Section>
        <Section id="editor" title="Editor settings" description="Saved to your account: they follow you to every browser. Also in the IDE's command palette (Ctrl+Shift+P → Settings).">
          <EditorSettingsForm initial={settings} save={saveEditorSettingsAction} />
        </Section>
        {plan.hasPassword ? (
          <Section id="password" title="Password" description="Changing it signs you out everywhere else; this browser stays signed in.">
            <PasswordForm action={changePasswordAction} done={password === "changed" ? "Password changed. Your other sessions were signed out." : undefined} />
          </Section>
        ) : (
          <Section id="password" title="Password" description="This account has no password: you sign in through GitHub, so there is no password to change here." />
        )}
        <Section
          id="danger"
          title="Delete account"
          description={
            plan.blocked
              ? "Not yet: a team you alone own still has other members. Make one of them an owner in the team's settings (Members → Transfer ownership), or delete the team, then come back."
              : "This cannot be undone. Here is what happens to each workspace you belong to:"
          }
        >
          <DeletionSummary plan={plan} />
          <DeleteAccountForm action={deleteAccountAction} blocked={plan.blocked} confirmWith={plan.confirmWith} email={user.email ?? ""} />
        </Section>
      </main>
    </div>
  );
}
