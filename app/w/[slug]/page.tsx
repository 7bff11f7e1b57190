import type { Metadata } from "next";

import { signOutAction } from "@/app/(auth)/actions";
import { Dashboard } from "@/components/dashboard/dashboard";
import { currentUser } from "@/lib/auth/guards";
import { listWorkspaceProjects } from "@/lib/projects/service";

import { loadWorkspacePage } from "./load";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const { workspace } = await loadWorkspacePage(slug, "workspace.read", `/w/${slug}`);
  return { title: workspace.name };
}

export default async function WorkspacePage({ params }: Props) {
  const { slug } = await params;
  const { actor, workspace, workspaces } = await loadWorkspacePage(slug, "workspace.read", `/w/${slug}`);
  const [user, projects] = await Promise.all([currentUser(), listWorkspaceProjects(actor)]);
  return (
    <Dashboard
      user={{ name: user?.name ?? null, email: user?.email ?? null }}
      workspace={workspace}
      workspaces={workspaces}
      projects={projects}
      signOutAction={signOutAction}
    />
  );
}
