import "server-only";

import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { db, type Executor } from "../../client";
import { checkpointFiles, checkpoints, messages } from "../../schema";

/** A turn's checkpoint: each file's state before the turn's edits, the decisions and what was accepted. */
export type CheckpointFileRow = typeof checkpointFiles.$inferSelect;

export async function ensureCheckpoint({
  executor,
  sessionId,
  messageId,
}: {
  executor: Executor;
  sessionId: string;
  messageId: string;
}): Promise<void> {
  await executor.insert(checkpoints).values({ sessionId, messageId }).onConflictDoNothing();
}

export async function getCheckpointFile({
  executor,
  messageId,
  path,
}: {
  executor: Executor;
  messageId: string;
  path: string;
}): Promise<CheckpointFileRow | null> {
  const [row] = await executor
    .select()
    .from(checkpointFiles)
    .where(and(eq(checkpointFiles.messageId, messageId), eq(checkpointFiles.path, path)))
    .limit(1);
  return row ?? null;
}

/** The prior state is written only the first time; decisions and the accepted result are updated. */
export async function upsertCheckpointFile({
  executor,
  messageId,
  path,
  prior,
  accepted,
  decisions,
}: {
  executor: Executor;
  messageId: string;
  path: string;
  prior: { exists: boolean; content: string | null; version: number | null };
  accepted: { exists: boolean; content: string | null } | null;
  decisions: Record<string, string>;
}): Promise<void> {
  await executor
    .insert(checkpointFiles)
    .values({
      messageId,
      path,
      priorExists: prior.exists,
      priorContent: prior.content,
      priorVersion: prior.version,
      acceptedExists: accepted?.exists ?? null,
      acceptedContent: accepted?.content ?? null,
      decisions,
    })
    .onConflictDoUpdate({
      target: [checkpointFiles.messageId, checkpointFiles.path],
      set: {
        decisions: sql`${checkpointFiles.decisions} || ${JSON.stringify(decisions)}::jsonb`,
        ...(accepted ? { acceptedExists: accepted.exists, acceptedContent: accepted.content } : {}),
        updatedAt: sql`now()`,
      },
    });
}

export interface CheckpointWithFiles {
  messageId: string;
  seq: number;
  createdAt: Date;
  restoredAt: Date | null;
  files: CheckpointFileRow[];
}

export async function listCheckpointsBySessionId({ sessionId }: { sessionId: string }): Promise<CheckpointWithFiles[]> {
  const rows = await db()
    .select({ checkpoint: checkpoints, seq: messages.seq, file: checkpointFiles })
    .from(checkpoints)
    .innerJoin(messages, eq(messages.id, checkpoints.messageId))
    .leftJoin(checkpointFiles, eq(checkpointFiles.messageId, checkpoints.messageId))
    .where(eq(checkpoints.sessionId, sessionId))
    .orderBy(asc(messages.seq), asc(checkpointFiles.path));
  const byMessage = new Map<string, CheckpointWithFiles>();
  for (const { checkpoint, seq, file } of rows) {
    let entry = byMessage.get(checkpoint.messageId);
    if (!entry) {
      entry = { messageId: checkpoint.messageId, seq, createdAt: checkpoint.createdAt, restoredAt: checkpoint.restoredAt, files: [] };
      byMessage.set(checkpoint.messageId, entry);
    }
    if (file) entry.files.push(file);
  }
  return [...byMessage.values()];
}

export async function markCheckpointsRestored({
  executor,
  messageIds,
}: {
  executor: Executor;
  messageIds: string[];
}): Promise<void> {
  if (messageIds.length === 0) return;
  await executor.update(checkpoints).set({ restoredAt: sql`now()` }).where(inArray(checkpoints.messageId, messageIds));
}
