import type { Metadata } from "next";

import { signOutAction } from "@/app/(auth)/actions";
import { WorkspaceShell } from "@/components/dashboard/workspace-shell";
import { UsageReportView } from "@/components/usage/usage-report";
import { currentUser } from "@/lib/auth/guards";
import { workspaceUsageReport } from "@/lib/usage/report";

import { loadWorkspacePage } from "../load";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Usage" };

export default async function WorkspaceUsagePage({ params }: Props) {
  const { slug } = await params;
  const { actor, workspace, workspaces } = await loadWorkspacePage(slug, "workspace.read", `/w/${slug}/usage`);
  const now = new Date();
  const [user, report] = await Promise.all([currentUser(), workspaceUsageReport(actor, now)]);
  return (
    <WorkspaceShell user={{ name: user?.name ?? null, email: user?.email ?? null }} workspace={workspace} workspaces={workspaces} signOutAction={signOutAction} active="usage">
      <UsageReportView report={report} today={now.toISOString().slice(0, 10)} />
    </WorkspaceShell>
  );
}
