import type { Metadata } from "next";

import { signOutAction } from "@/app/(auth)/actions";
import { WorkspaceBilling } from "@/components/dashboard/settings/workspace-billing";
import { WorkspaceSettings } from "@/components/dashboard/workspace-settings";
import { WorkspaceShell } from "@/components/dashboard/workspace-shell";
import { currentUser } from "@/lib/auth/guards";
import { billingOverview } from "@/lib/billing/service";
import { providerKeySummary } from "@/lib/provider-keys/service";
import { listPendingInvitations } from "@/lib/workspaces/invitations";
import { listMembers } from "@/lib/workspaces/service";

import { loadWorkspacePage } from "../load";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage({ params }: Props) {
  const { slug } = await params;
  const { actor, workspace, workspaces } = await loadWorkspacePage(slug, "workspace.read", `/w/${slug}/settings`);
  const managesBilling = workspace.permissions["billing.manage"];
  const [user, members, invitations, billing, providerKey] = await Promise.all([
    currentUser(),
    listMembers(actor),
    workspace.permissions["invitations.manage"] ? listPendingInvitations(actor) : Promise.resolve(null),
    managesBilling ? billingOverview(actor) : Promise.resolve(null),
    managesBilling ? providerKeySummary(actor.workspaceId) : Promise.resolve(null),
  ]);
  return (
    <WorkspaceShell
      user={{ name: user?.name ?? null, email: user?.email ?? null }}
      workspace={workspace}
      workspaces={workspaces}
      signOutAction={signOutAction}
      active="settings"
    >
      <WorkspaceSettings
        workspace={workspace}
        currentUserId={actor.userId}
        members={members}
        invitations={invitations}
        billing={billing ? <WorkspaceBilling workspace={workspace} billing={billing} providerKey={providerKey} /> : null}
      />
    </WorkspaceShell>
  );
}
