import "server-only";

import {
  countProjectsByWorkspaceId,
  createProject,
  deleteProjectById,
  listProjectsByWorkspaceId,
  renameProjectById,
  type ProjectRow,
} from "@/db/queries/projects";
import { listFilesByProjectId } from "@/db/queries/files";
import type { Executor } from "@/db/client";
import { lockWorkspaceById } from "@/db/queries/workspaces";
import { inTransaction } from "@/db/transaction";
import { AppError } from "@/lib/errors";
import { upgradeHint } from "@/lib/plans/upgrade";
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

/**
 * Refuses a project beyond the plan's `maxProjects`. The workspace row is locked for the rest of the
 * transaction, so two instances creating the last allowed project at once cannot both pass.
 */
async function checkProjectQuota(tx: Executor, workspaceId: string, maxProjects: number): Promise<void> {
  await lockWorkspaceById({ executor: tx, workspaceId });
  const existing = await countProjectsByWorkspaceId({ executor: tx, workspaceId });
  if (existing < maxProjects) return;
  const hint = upgradeHint((e) => e.maxProjects > maxProjects);
  throw new AppError("forbidden:project", {
    message: `This workspace has ${existing} projects, its plan's limit of ${maxProjects}. Delete one, or upgrade: ${hint.message}`,
    details: { upgradeTo: hint.plan, maxProjects },
  });
}

export async function createProjectFromStarter({
  workspaceId,
  userId,
  name,
  starter,
  maxProjects,
}: {
  workspaceId: string;
  userId: string;
  name: string;
  starter: ProjectStarter;
  /** The plan's limit (entitlements.maxProjects), read with the caller's access. */
  maxProjects: number;
}): Promise<ProjectSummary> {
  return inTransaction(async (tx) => {
    await checkProjectQuota(tx, workspaceId, maxProjects);
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
  maxProjects,
}: {
  workspaceId: string;
  userId: string;
  name: string;
  archive: Buffer;
  maxProjects: number;
}): Promise<ImportProjectResponse> {
  const { entries, skipped } = await readZipImport(archive);
  const project = await inTransaction(async (tx) => {
    await checkProjectQuota(tx, workspaceId, maxProjects);
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
