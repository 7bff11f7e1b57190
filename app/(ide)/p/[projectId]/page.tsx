import type { Metadata } from "next";
import { cookies } from "next/headers";
import { cache } from "react";

import { saveEditorSettingsAction } from "@/app/account/actions";
import { savedLayouts } from "@/components/workbench/layout-cookie";
import { Workbench } from "@/components/workbench/workbench";
import { requireProjectPage } from "@/lib/auth/guards";
import { listTree } from "@/lib/files/service";
import { getEditorSettings } from "@/lib/settings/service";
import { listWorkspaceChoices, recordWorkspaceVisit } from "@/lib/workspaces/service";

type Props = { params: Promise<{ projectId: string }> };

// One access check per request, shared by the metadata and the page.
const loadAccess = cache(requireProjectPage);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { projectId } = await params;
  const access = await loadAccess(projectId);
  return { title: access.projectName };
}

export default async function ProjectPage({ params }: Props) {
  const { projectId } = await params;
  const access = await loadAccess(projectId);
  const [entries, cookieStore, workspaces, settings] = await Promise.all([
    listTree(access),
    cookies(),
    listWorkspaceChoices(access.userId),
    getEditorSettings(access.userId),
    recordWorkspaceVisit(access),
  ]);
  const current = workspaces.find((w) => w.id === access.workspaceId);
  return (
    <Workbench
      // A role change (seen on refresh) remounts the workbench, so a downgraded editor turns read-only.
      key={`${access.projectId}:${access.role}`}
      project={{
        id: access.projectId,
        name: access.projectName,
        workspaceName: access.workspaceName,
        role: access.role,
        canWrite: access.canWrite,
        workspaces: current ? { current, all: workspaces } : undefined,
      }}
      initialEntries={entries}
      savedLayouts={savedLayouts(cookieStore.getAll())}
      settings={settings}
      saveSettings={saveEditorSettingsAction}
    />
  );
}
