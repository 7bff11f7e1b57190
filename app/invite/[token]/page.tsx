import type { Metadata } from "next";
import Link from "next/link";

import { AcceptInvitation } from "@/components/workspaces/accept-invitation";
import { requirePageUser } from "@/lib/auth/guards";
import { invitationTokenSchema, type InvitationPreview } from "@/lib/workspaces/contract";
import { invitationProblemMessages, previewInvitation } from "@/lib/workspaces/invitations";
import { roleLabels } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "Invitation" };

type Props = { params: Promise<{ token: string }> };

/**
 * An invitation link. Anonymous visitors sign in or sign up first and come back here; a bad, expired,
 * revoked, used or already-accepted invitation gets a page that says so (never an error page).
 */
export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  const user = await requirePageUser(`/invite/${token}`);
  const preview: InvitationPreview | null = invitationTokenSchema.safeParse(token).success ? await previewInvitation(token, user.userId) : null;
  const problem = preview ? preview.problem : "not_found";
  return (
    <main className="flex min-h-full items-center justify-center px-4 py-16">
      <div className="w-full max-w-md space-y-5 rounded-lg border border-zinc-200 p-6 text-center dark:border-zinc-800" data-testid="invitation">
        <div className="mx-auto flex h-10 w-10 items-center justify-center rounded-lg bg-indigo-600 text-lg font-bold text-white">W</div>
        {preview ? (
          <h1 className="text-lg font-semibold">
            {preview.invitedBy ? `${preview.invitedBy} invited you to ` : "You are invited to "}
            <span data-testid="invitation-workspace">{preview.workspaceName}</span>
          </h1>
        ) : (
          <h1 className="text-lg font-semibold">Invitation not found</h1>
        )}
        {preview && !problem ? (
          <>
            <p className="text-sm text-zinc-500">
              You will join as <strong>{roleLabels[preview.role]}</strong>. Signed in as {user.email ?? user.name}.
            </p>
            <AcceptInvitation token={token} />
          </>
        ) : (
          <>
            <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="invitation-problem" data-problem={problem ?? ""}>
              {problem ? invitationProblemMessages[problem] : null}
            </p>
            {problem === "wrong_email" ? <p className="text-sm text-zinc-500">You are signed in as {user.email}.</p> : null}
            <Link
              href={problem === "already_member" && preview ? `/w/${preview.workspaceSlug}` : "/"}
              className="inline-block text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            >
              {problem === "already_member" && preview ? `Open ${preview.workspaceName}` : "Go to your workspace"}
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
