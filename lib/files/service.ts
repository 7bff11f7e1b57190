import "server-only";

import {
  countEntriesUnderPath,
  deletePathByPrefix,
  getFileByPath,
  getProjectUsageByProjectId,
  insertFileEntries,
  listCollidingEntriesByPaths,
  listFileEntriesByProjectId,
  movePathByPrefix,
  updateFileContentByVersion,
  type FileEntryRow,
  type FileRow,
} from "@/db/queries/files";
import { lockProjectById } from "@/db/queries/projects";
import type { Executor } from "@/db/client";
import { inTransaction } from "@/db/transaction";
import type { FileKind } from "@/db/enums";
import { AppError } from "@/lib/errors";
import type { ProjectAccess } from "@/lib/projects/access";

import {
  FILE_SIZE_LIMIT_BYTES,
  PROJECT_FILE_LIMIT,
  PROJECT_SIZE_LIMIT_BYTES,
  type FileDocument,
  type FileEntry,
  type SaveConflictDetails,
  type SaveFileResponse,
} from "./contract";
import { ancestorsOf, parseProjectPath } from "./paths";

export interface NewEntry {
  path: string;
  kind: FileKind;
  content: string;
}

function toEntry(row: FileEntryRow): FileEntry {
  return { path: row.path, kind: row.kind, version: row.version, size: row.size, updatedAt: row.updatedAt.toISOString() };
}

function toDocument(row: FileRow): FileDocument {
  return { ...toEntry(row), content: row.content };
}

export function byteLength(content: string): number {
  return Buffer.byteLength(content, "utf8");
}

/** Postgres text cannot hold NUL, and lone surrogates would be silently replaced: refuse both up front. */
export function assertStorableContent(path: string, content: string): number {
  if (content.includes("\u0000")) {
    throw new AppError("bad_request:files", { message: `${path} looks binary (contains NUL bytes); Wafer stores text files only.` });
  }
  if (!content.isWellFormed()) {
    throw new AppError("bad_request:files", { message: `${path} is not valid Unicode text.` });
  }
  const size = byteLength(content);
  if (size > FILE_SIZE_LIMIT_BYTES) {
    throw new AppError("payload_too_large:files", {
      message: `${path} is ${formatBytes(size)}; files are limited to ${formatBytes(FILE_SIZE_LIMIT_BYTES)}.`,
    });
  }
  return size;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

async function assertProjectQuota({
  executor,
  projectId,
  addedEntries,
  addedBytes,
}: {
  executor: Executor;
  projectId: string;
  addedEntries: number;
  addedBytes: number;
}): Promise<void> {
  const usage = await getProjectUsageByProjectId({ executor, projectId });
  if (usage.count + addedEntries > PROJECT_FILE_LIMIT) {
    throw new AppError("payload_too_large:files", {
      message: `A project holds at most ${PROJECT_FILE_LIMIT} files and folders (this would make ${usage.count + addedEntries}).`,
    });
  }
  if (usage.bytes + addedBytes > PROJECT_SIZE_LIMIT_BYTES) {
    throw new AppError("payload_too_large:files", {
      message: `A project holds at most ${formatBytes(PROJECT_SIZE_LIMIT_BYTES)} (this would make ${formatBytes(usage.bytes + addedBytes)}).`,
    });
  }
}

async function lockOrNotFound(executor: Executor, projectId: string): Promise<void> {
  if (!(await lockProjectById({ executor, projectId }))) throw new AppError("not_found:project");
}

/** A path can be created only if nothing sits there, no ancestor is a file, and nothing lives below it. */
async function assertPathFree(executor: Executor, projectId: string, path: string): Promise<void> {
  const ancestors = ancestorsOf(path);
  const collisions = await listCollidingEntriesByPaths({ executor, projectId, paths: [path, ...ancestors], prefix: path });
  for (const entry of collisions) {
    if (entry.path === path || entry.path.startsWith(`${path}/`)) {
      throw new AppError("conflict:files", { message: `${path} already exists.` });
    }
    if (entry.kind === "file") {
      throw new AppError("conflict:files", { message: `${entry.path} is a file, so it cannot contain ${path}.` });
    }
  }
}

export async function listTree(access: ProjectAccess): Promise<FileEntry[]> {
  const rows = await listFileEntriesByProjectId({ projectId: access.projectId });
  return rows.map(toEntry);
}

export async function readFile(access: ProjectAccess, rawPath: string): Promise<FileDocument> {
  const path = parseProjectPath(rawPath);
  const row = await getFileByPath({ projectId: access.projectId, path });
  if (!row) throw new AppError("not_found:files", { message: `${path} does not exist.` });
  return toDocument(row);
}

export async function createEntry(access: ProjectAccess, input: NewEntry): Promise<FileEntry> {
  const path = parseProjectPath(input.path);
  const content = input.kind === "folder" ? "" : input.content;
  const size = assertStorableContent(path, content);
  return inTransaction(async (tx) => {
    await lockOrNotFound(tx, access.projectId);
    await assertPathFree(tx, access.projectId, path);
    await assertProjectQuota({ executor: tx, projectId: access.projectId, addedEntries: 1, addedBytes: size });
    const [row] = await insertFileEntries({
      executor: tx,
      projectId: access.projectId,
      userId: access.userId,
      entries: [{ path, kind: input.kind, content, size }],
    });
    if (!row) throw new Error("insert into files returned no row");
    return toEntry(row);
  });
}

export interface VersionedWrite {
  /** New text, or null to delete the file. */
  content: string | null;
  /** The version the writer read; null asserts the file does not exist yet. */
  baseVersion: number | null;
}

export interface WrittenFile {
  path: string;
  /** Null once deleted. */
  version: number | null;
  size: number;
  updatedAt: string;
}

function conflict(path: string, current: FileRow | null, expected: number | null): AppError {
  const details: SaveConflictDetails | undefined = current ? { current: toDocument(current) } : undefined;
  const message =
    current === null
      ? `${path} was deleted since you opened it.`
      : expected === null
        ? `${path} already exists.`
        : `${path} changed since you opened it (version ${expected} → ${current.version}).`;
  return new AppError("conflict:files", { message, details });
}

/**
 * Creates, updates or deletes one file, but only from the version the caller saw: the one write path
 * for saves, accepted AI edits and checkpoint restores. Call inside a transaction that holds the
 * project lock (lockProjectForWrite).
 */
export async function writeFileVersioned(
  executor: Executor,
  access: ProjectAccess,
  path: string,
  { content, baseVersion }: VersionedWrite,
): Promise<WrittenFile> {
  const size = content === null ? 0 : assertStorableContent(path, content);
  const current = await getFileByPath({ executor, projectId: access.projectId, path });
  if (current && current.kind !== "file") throw new AppError("bad_request:files", { message: `${path} is a folder.` });
  if ((current?.version ?? null) !== baseVersion) throw conflict(path, current, baseVersion);

  if (content === null) {
    await deletePathByPrefix({ executor, projectId: access.projectId, path });
    return { path, version: null, size: 0, updatedAt: new Date().toISOString() };
  }
  if (!current) {
    await assertPathFree(executor, access.projectId, path);
    await assertProjectQuota({ executor, projectId: access.projectId, addedEntries: 1, addedBytes: size });
    const [row] = await insertFileEntries({ executor, projectId: access.projectId, userId: access.userId, entries: [{ path, kind: "file", content, size }] });
    if (!row) throw new Error("insert into files returned no row");
    return { path, version: row.version, size: row.size, updatedAt: row.updatedAt.toISOString() };
  }
  if (size > current.size) {
    await assertProjectQuota({ executor, projectId: access.projectId, addedEntries: 0, addedBytes: size - current.size });
  }
  const saved = await updateFileContentByVersion({
    executor,
    projectId: access.projectId,
    path,
    content,
    size,
    baseVersion: current.version,
    userId: access.userId,
  });
  if (!saved) throw conflict(path, await getFileByPath({ executor, projectId: access.projectId, path }), baseVersion);
  return { path: saved.path, version: saved.version, size: saved.size, updatedAt: saved.updatedAt.toISOString() };
}

/** Serialises writers of one project for the rest of the transaction. */
export async function lockProjectForWrite(executor: Executor, projectId: string): Promise<void> {
  await lockOrNotFound(executor, projectId);
}

export async function saveFile(
  access: ProjectAccess,
  rawPath: string,
  { content, baseVersion }: { content: string; baseVersion: number },
): Promise<SaveFileResponse> {
  const path = parseProjectPath(rawPath);
  assertStorableContent(path, content);
  return inTransaction(async (tx) => {
    await lockOrNotFound(tx, access.projectId);
    const current = await getFileByPath({ executor: tx, projectId: access.projectId, path });
    if (!current) throw new AppError("not_found:files", { message: `${path} no longer exists. It may have been renamed or deleted.` });
    const written = await writeFileVersioned(tx, access, path, { content, baseVersion });
    return { path: written.path, version: written.version as number, size: written.size, updatedAt: written.updatedAt };
  });
}

export async function moveEntry(access: ProjectAccess, rawPath: string, rawNewPath: string): Promise<{ moved: number }> {
  const from = parseProjectPath(rawPath);
  const to = parseProjectPath(rawNewPath);
  if (from === to) return { moved: 0 };
  if (to.startsWith(`${from}/`)) {
    throw new AppError("bad_request:files", { message: `Cannot move ${from} into itself.` });
  }
  return inTransaction(async (tx) => {
    await lockOrNotFound(tx, access.projectId);
    const source = await getFileByPath({ executor: tx, projectId: access.projectId, path: from });
    const below = source?.kind === "file" ? 0 : await countEntriesUnderPath({ executor: tx, projectId: access.projectId, path: from });
    if (!source && below === 0) throw new AppError("not_found:files", { message: `${from} does not exist.` });
    await assertPathFree(tx, access.projectId, to);
    const moved = await movePathByPrefix({ executor: tx, projectId: access.projectId, from, to, userId: access.userId });
    return { moved };
  });
}

export async function deleteEntry(access: ProjectAccess, rawPath: string): Promise<{ deleted: number }> {
  const path = parseProjectPath(rawPath);
  return inTransaction(async (tx) => {
    await lockOrNotFound(tx, access.projectId);
    const deleted = await deletePathByPrefix({ executor: tx, projectId: access.projectId, path });
    if (deleted === 0) throw new AppError("not_found:files", { message: `${path} does not exist.` });
    return { deleted };
  });
}

/** Bulk insert for starters and zip imports: validated and quota-checked as one all-or-nothing write. */
export async function insertProjectFiles({
  executor,
  projectId,
  userId,
  entries,
}: {
  executor: Executor;
  projectId: string;
  userId: string;
  entries: NewEntry[];
}): Promise<void> {
  const seen = new Set<string>();
  const rows = entries.map((entry) => {
    const path = parseProjectPath(entry.path);
    if (seen.has(path)) throw new AppError("bad_request:files", { message: `${path} appears twice.` });
    seen.add(path);
    return { path, kind: entry.kind, content: entry.kind === "folder" ? "" : entry.content, size: entry.kind === "folder" ? 0 : assertStorableContent(path, entry.content) };
  });
  const kinds = new Map(rows.map((r) => [r.path, r.kind]));
  for (const row of rows) {
    const fileAncestor = ancestorsOf(row.path).find((a) => kinds.get(a) === "file");
    if (fileAncestor) throw new AppError("bad_request:files", { message: `${fileAncestor} is a file, so it cannot contain ${row.path}.` });
  }
  await assertProjectQuota({
    executor,
    projectId,
    addedEntries: rows.length,
    addedBytes: rows.reduce((sum, r) => sum + r.size, 0),
  });
  // Chunked so a 2,000-file import stays under Postgres' 65,535 bind-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await insertFileEntries({ executor, projectId, userId, entries: rows.slice(i, i + 500) });
  }
}
