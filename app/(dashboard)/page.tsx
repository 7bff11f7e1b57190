import type { Metadata } from "next";

import { Dashboard } from "@/components/dashboard/dashboard";
import { requirePageUser } from "@/lib/auth/guards";
import { listDashboard } from "@/lib/projects/service";
import { canWrite } from "@/lib/workspaces/roles";

import { signOutAction } from "../(auth)/actions";

export const metadata: Metadata = { title: "Projects" };

export default async function DashboardPage() {
  const user = await requirePageUser("/");
  const sections = await listDashboard(user.userId);
  return (
    <Dashboard
      user={{ name: user.name, email: user.email }}
      sections={sections.map(({ workspace, projects }) => ({
        workspace: {
          id: workspace.workspaceId,
          name: workspace.name,
          personal: workspace.personal,
          plan: workspace.plan,
          role: workspace.role,
          canWrite: canWrite(workspace.role),
        },
        projects,
      }))}
      signOutAction={signOutAction}
    />
  );
}
