import "server-only";

import { and, asc, eq, inArray, like, or, sql } from "drizzle-orm";

import type { FileKind } from "../enums";
import { db, type Executor } from "../client";
import { files } from "../schema";

export type FileRow = typeof files.$inferSelect;
export type FileEntryRow = Omit<FileRow, "content" | "id" | "projectId" | "updatedBy">;

const entryColumns = {
  path: files.path,
  kind: files.kind,
  size: files.size,
  version: files.version,
  updatedAt: files.updatedAt,
};

/** LIKE treats % and _ as wildcards; paths may contain both. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function underPath(path: string) {
  return or(eq(files.path, path), like(files.path, `${escapeLike(path)}/%`));
}

export async function listFileEntriesByProjectId({ projectId }: { projectId: string }): Promise<FileEntryRow[]> {
  return db().select(entryColumns).from(files).where(eq(files.projectId, projectId)).orderBy(asc(files.path));
}

export async function listFilesByProjectId({
  executor = db(),
  projectId,
}: {
  executor?: Executor;
  projectId: string;
}): Promise<FileRow[]> {
  return executor.select().from(files).where(eq(files.projectId, projectId)).orderBy(asc(files.path));
}

/** One path in one project: what the single-path reads and the subtree operations take. */
interface PathInProject {
  executor?: Executor;
  projectId: string;
  path: string;
}

export async function getFileByPath({ executor = db(), projectId, path }: PathInProject): Promise<FileRow | null> {
  const [row] = await executor
    .select()
    .from(files)
    .where(and(eq(files.projectId, projectId), eq(files.path, path)))
    .limit(1);
  return row ?? null;
}

export async function getProjectUsageByProjectId({
  executor = db(),
  projectId,
}: {
  executor?: Executor;
  projectId: string;
}): Promise<{ count: number; bytes: number }> {
  const [row] = await executor
    .select({ count: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${files.size}), 0)::bigint` })
    .from(files)
    .where(eq(files.projectId, projectId));
  return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/** Entries at any of `paths`, or below `prefix`: what a create or move would collide with. */
export async function listCollidingEntriesByPaths({
  executor = db(),
  projectId,
  paths,
  prefix,
}: {
  executor?: Executor;
  projectId: string;
  paths: string[];
  prefix: string;
}): Promise<Pick<FileRow, "path" | "kind">[]> {
  return executor
    .select({ path: files.path, kind: files.kind })
    .from(files)
    .where(
      and(
        eq(files.projectId, projectId),
        or(inArray(files.path, paths), like(files.path, `${escapeLike(prefix)}/%`)),
      ),
    )
    .limit(5);
}

export async function insertFileEntries({
  executor = db(),
  projectId,
  userId,
  entries,
}: {
  executor?: Executor;
  projectId: string;
  userId: string;
  entries: { path: string; kind: FileKind; content: string; size: number }[];
}): Promise<FileRow[]> {
  if (entries.length === 0) return [];
  return executor
    .insert(files)
    .values(entries.map((e) => ({ ...e, projectId, updatedBy: userId })))
    .returning();
}

/** Zero rows back means the base version was stale (or the file is gone): the caller answers 409/404. */
export async function updateFileContentByVersion({
  executor = db(),
  projectId,
  path,
  content,
  size,
  baseVersion,
  userId,
}: {
  executor?: Executor;
  projectId: string;
  path: string;
  content: string;
  size: number;
  baseVersion: number;
  userId: string;
}): Promise<Pick<FileRow, "path" | "version" | "size" | "updatedAt"> | null> {
  const [row] = await executor
    .update(files)
    .set({ content, size, version: sql`${files.version} + 1`, updatedAt: sql`now()`, updatedBy: userId })
    .where(
      and(
        eq(files.projectId, projectId),
        eq(files.path, path),
        eq(files.kind, "file"),
        eq(files.version, baseVersion),
      ),
    )
    .returning({ path: files.path, version: files.version, size: files.size, updatedAt: files.updatedAt });
  return row ?? null;
}

/** Renames `from` and everything below it; versions grow so in-flight saves to the old path fail. */
export async function movePathByPrefix({
  executor = db(),
  projectId,
  from,
  to,
  userId,
}: {
  executor?: Executor;
  projectId: string;
  from: string;
  to: string;
  userId: string;
}): Promise<number> {
  const rows = await executor
    .update(files)
    .set({
      // char_length, not JS length: Postgres counts code points, JS counts UTF-16 units.
      path: sql`${to} || substr(${files.path}, char_length(${from}) + 1)`,
      version: sql`${files.version} + 1`,
      updatedAt: sql`now()`,
      updatedBy: userId,
    })
    .where(and(eq(files.projectId, projectId), underPath(from)))
    .returning({ id: files.id });
  return rows.length;
}

export async function deletePathByPrefix({ executor = db(), projectId, path }: PathInProject): Promise<number> {
  const rows = await executor
    .delete(files)
    .where(and(eq(files.projectId, projectId), underPath(path)))
    .returning({ id: files.id });
  return rows.length;
}

export async function countEntriesUnderPath({ executor = db(), projectId, path }: PathInProject): Promise<number> {
  const [row] = await executor
    .select({ count: sql<number>`count(*)::int` })
    .from(files)
    .where(and(eq(files.projectId, projectId), like(files.path, `${escapeLike(path)}/%`)));
  return Number(row?.count ?? 0);
}
