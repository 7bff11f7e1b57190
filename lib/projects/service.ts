import "server-only";

import {
  createProject,
  deleteProjectById,
  listProjectsByWorkspaceId,
  renameProjectById,
  type ProjectRow,
} from "@/db/queries/projects";
import { listFilesByProjectId } from "@/db/queries/files";
import { inTransaction } from "@/db/transaction";
import type { ProjectStarter } from "@/db/enums";
import { insertProjectFiles } from "@/lib/files/service";

import type { ProjectAccess } from "./access";
import type { ImportProjectResponse, ProjectSummary } from "./contract";
import { starterFiles } from "./starters";
import { buildZip, readZipImport } from "./zip";

export function toProjectSummary(row: ProjectRow): ProjectSummary {
  return { id: row.id, workspaceId: row.workspaceId, name: row.name, starter: row.starter, updatedAt: row.updatedAt.toISOString() };
}

/** A workspace's projects, most recently updated first; the caller has checked access to the workspace. */
export async function listWorkspaceProjects({ workspaceId }: { workspaceId: string }): Promise<ProjectSummary[]> {
  return (await listProjectsByWorkspaceId({ workspaceId })).map(toProjectSummary);
}

export async function createProjectFromStarter({
  workspaceId,
  userId,
  name,
  starter,
}: {
  workspaceId: string;
  userId: string;
  name: string;
  starter: ProjectStarter;
}): Promise<ProjectSummary> {
  return inTransaction(async (tx) => {
    const project = await createProject({ executor: tx, workspaceId, name, starter, createdBy: userId });
    await insertProjectFiles({
      executor: tx,
      projectId: project.id,
      userId,
      entries: starterFiles(starter, name).map((f) => ({ ...f, kind: "file" as const })),
    });
    return toProjectSummary(project);
  });
}

/** Everything is validated before the first row is written; a bad archive leaves no project behind. */
export async function importProjectFromZip({
  workspaceId,
  userId,
  name,
  archive,
}: {
  workspaceId: string;
  userId: string;
  name: string;
  archive: Buffer;
}): Promise<ImportProjectResponse> {
  const { entries, skipped } = await readZipImport(archive);
  const project = await inTransaction(async (tx) => {
    const row = await createProject({ executor: tx, workspaceId, name, starter: "imported", createdBy: userId });
    await insertProjectFiles({ executor: tx, projectId: row.id, userId, entries });
    return row;
  });
  return { project: toProjectSummary(project), imported: entries.filter((entry) => entry.kind === "file").length, skipped };
}

export async function renameProject(access: ProjectAccess, name: string): Promise<void> {
  await renameProjectById({ projectId: access.projectId, name });
}

export async function deleteProject(access: ProjectAccess): Promise<void> {
  await deleteProjectById({ projectId: access.projectId });
}

export async function exportProjectZip(access: ProjectAccess): Promise<{ filename: string; bytes: Uint8Array }> {
  const rows = await listFilesByProjectId({ projectId: access.projectId });
  const slug = access.projectName.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "project";
  return { filename: `${slug}.zip`, bytes: buildZip(rows) };
}
