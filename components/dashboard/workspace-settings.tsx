"use client";

import type { ReactNode } from "react";

import { ChoiceDialogHost } from "@/components/ui/choice-dialog";
import type { InvitationSummary, MemberSummary, WorkspaceView } from "@/lib/workspaces/contract";

import { DangerZone } from "./settings/danger-zone";
import { GeneralSection } from "./settings/general";
import { InvitationsSection } from "./settings/invitations";
import { MembersSection } from "./settings/members";

/** The workspace settings page: one section per concern, each shown only to roles that may use it. */
export function WorkspaceSettings({
  workspace,
  currentUserId,
  members,
  invitations,
  billing,
}: {
  workspace: WorkspaceView;
  currentUserId: string;
  members: MemberSummary[];
  invitations: InvitationSummary[] | null;
  /** Billing and the workspace's own key (components/dashboard/settings/billing*), for those who manage billing. */
  billing?: ReactNode;
}) {
  const { permissions } = workspace;
  return (
    <div className="space-y-6" data-testid="workspace-settings">
      <h1 className="text-lg font-semibold">Settings</h1>
      <GeneralSection workspace={workspace} />
      {billing}
      <MembersSection workspace={workspace} currentUserId={currentUserId} members={members} />
      {workspace.personal ? null : invitations && permissions["invitations.manage"] ? <InvitationsSection workspace={workspace} invitations={invitations} /> : null}
      {!workspace.personal && permissions["workspace.transfer"] ? <DangerZone workspace={workspace} currentUserId={currentUserId} members={members} /> : null}
      <ChoiceDialogHost />
    </div>
  );
}
