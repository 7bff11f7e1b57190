import "server-only";

import {
  createCodingSession,
  deleteCodingSessionById,
  ensureCheckpoint,
  getCheckpointFile,
  getMessageById,
  listCheckpointsBySessionId,
  listCodingSessionsByProjectId,
  listMessagesBySessionId,
  markCheckpointsRestored,
  renameCodingSessionById,
  upsertCheckpointFile,
  type CodingSessionRow,
  type MessageRow,
} from "@/db/queries/sessions";
import { getFileByPath } from "@/db/queries/files";
import { inTransaction } from "@/db/transaction";
import type { FileEdit } from "@/lib/edits/format";
import { formatPatch } from "@/lib/edits/format";
import { noteSessionProject } from "@/lib/ai/turn-cache";
import { AppError } from "@/lib/errors";
import { lockProjectForWrite, writeFileVersioned } from "@/lib/files/service";
import type { ProjectAccess } from "@/lib/projects/access";

import { DEFAULT_SESSION_TITLE, type SessionDetail, type SessionSummary } from "./contract";
import type { ChatMessage, MessageContextChips, MessageError, MessagePart, TurnMetrics } from "./messages";
import type { EditProposal } from "./proposals";
import { reviewableDecisionKeys, type RestoreResponse, type ReviewBody, type ReviewResponse } from "./review";

/** A session's access is its project's; the guard resolves both in one query. */
export type SessionAccess = ProjectAccess & { sessionId: string; sessionTitle: string };

function toSummary(row: CodingSessionRow): SessionSummary {
  return { id: row.id, projectId: row.projectId, title: row.title, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export function toChatMessage(row: MessageRow): ChatMessage {
  const meta = row.meta as { metrics?: TurnMetrics; error?: MessageError; context?: MessageContextChips };
  return {
    id: row.id,
    role: row.role,
    parts: row.parts as MessagePart[],
    status: row.status,
    model: row.model,
    metrics: meta.metrics ?? null,
    error: meta.error ?? null,
    context: meta.context ?? null,
    proposals: (row.proposals as EditProposal[] | null) ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listSessions(access: ProjectAccess): Promise<SessionSummary[]> {
  return (await listCodingSessionsByProjectId({ projectId: access.projectId })).map(toSummary);
}

export async function createSession(access: ProjectAccess, title: string | undefined): Promise<SessionSummary> {
  const session = toSummary(await createCodingSession({ projectId: access.projectId, title: title || DEFAULT_SESSION_TITLE, createdBy: access.userId }));
  noteSessionProject(session.id, access.projectId);
  return session;
}

export async function renameSession(access: SessionAccess, title: string): Promise<void> {
  await renameCodingSessionById({ sessionId: access.sessionId, title });
}

export async function deleteSession(access: SessionAccess): Promise<void> {
  await deleteCodingSessionById({ sessionId: access.sessionId });
}

export async function getSessionDetail(access: SessionAccess): Promise<SessionDetail> {
  noteSessionProject(access.sessionId, access.projectId);
  const [rows, checkpoints] = await Promise.all([
    listMessagesBySessionId({ sessionId: access.sessionId }),
    listCheckpointsBySessionId({ sessionId: access.sessionId }),
  ]);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    id: access.sessionId,
    projectId: access.projectId,
    title: access.sessionTitle,
    createdAt: (first?.createdAt ?? new Date()).toISOString(),
    updatedAt: (last?.createdAt ?? new Date()).toISOString(),
    messages: rows.map(toChatMessage),
    checkpoints: checkpoints.map((c) => ({
      messageId: c.messageId,
      createdAt: c.createdAt.toISOString(),
      restoredAt: c.restoredAt?.toISOString() ?? null,
      paths: c.files.filter((f) => f.acceptedExists !== null).map((f) => f.path),
      decisions: Object.fromEntries(c.files.map((f) => [f.path, f.decisions as Record<string, "accepted" | "rejected">])),
    })),
  };
}

/**
 * Records review decisions for one file of one AI turn and, when something was accepted, writes the
 * file (versioned: a stale base is a 409, nothing half-done). The file's state before the turn's
 * first accepted change is kept as the turn's checkpoint.
 */
export async function reviewChange(access: SessionAccess, body: ReviewBody): Promise<ReviewResponse> {
  return inTransaction(async (tx) => {
    await lockProjectForWrite(tx, access.projectId);
    const message = await getMessageById({ executor: tx, sessionId: access.sessionId, messageId: body.messageId });
    if (!message || message.role !== "assistant") throw new AppError("not_found:chat", { message: "That AI turn no longer exists." });
    const proposals = (message.proposals as EditProposal[] | null) ?? [];
    const fileProposals = proposals.flatMap((p) => p.files.filter((f) => f.path === body.path || f.moveTo === body.path));
    if (fileProposals.length === 0) throw new AppError("bad_request:chat", { message: `That turn proposed no change to ${body.path}.` });

    const known = await getCheckpointFile({ executor: tx, messageId: body.messageId, path: body.path });
    // Decisions are bounded by the hunks that exist: unknown keys are refused, never stored.
    const allowed = reviewableDecisionKeys(fileProposals, { ...(known?.decisions as Record<string, string> | null), ...body.decisions });
    const unknown = Object.keys(body.decisions).filter((key) => !allowed.has(key));
    if (unknown.length > 0) {
      throw new AppError("bad_request:chat", { message: `${unknown.length} decision(s) name no hunk of this change.` });
    }

    await ensureCheckpoint({ executor: tx, sessionId: access.sessionId, messageId: body.messageId });
    const current = await getFileByPath({ executor: tx, projectId: access.projectId, path: body.path });
    const prior = known
      ? { exists: known.priorExists, content: known.priorContent, version: known.priorVersion }
      : { exists: current !== null, content: current?.content ?? null, version: current?.version ?? null };

    let version: number | null = current?.version ?? null;
    if (body.write) {
      const written = await writeFileVersioned(tx, access, body.path, body.write);
      version = written.version;
    }
    await upsertCheckpointFile({
      executor: tx,
      messageId: body.messageId,
      path: body.path,
      prior,
      accepted: body.write ? { exists: body.write.content !== null, content: body.write.content } : null,
      decisions: body.decisions,
    });
    const after = await getCheckpointFile({ executor: tx, messageId: body.messageId, path: body.path });
    return { path: body.path, version, decisions: (after?.decisions ?? body.decisions) as ReviewResponse["decisions"] };
  });
}

/**
 * Puts every file touched by this turn, or any later one, back as it was before this turn: per
 * path, the state recorded by the earliest such turn. Later turns are marked restored too.
 */
export async function restoreCheckpoint(access: SessionAccess, messageId: string): Promise<RestoreResponse> {
  const checkpoints = await listCheckpointsBySessionId({ sessionId: access.sessionId });
  const index = checkpoints.findIndex((c) => c.messageId === messageId);
  if (index < 0) throw new AppError("not_found:chat", { message: "That turn changed no files, so there is nothing to restore." });
  const affected = checkpoints.slice(index);
  const earliest = new Map<string, { exists: boolean; content: string | null }>();
  for (const checkpoint of affected) {
    for (const file of checkpoint.files) {
      if (!earliest.has(file.path)) earliest.set(file.path, { exists: file.priorExists, content: file.priorContent });
    }
  }
  return inTransaction(async (tx) => {
    await lockProjectForWrite(tx, access.projectId);
    const files: RestoreResponse["files"] = [];
    for (const [path, prior] of earliest) {
      const current = await getFileByPath({ executor: tx, projectId: access.projectId, path });
      if (!prior.exists && !current) continue;
      if (prior.exists && current?.content === prior.content) {
        files.push({ path, version: current.version });
        continue;
      }
      // A restore is the user's explicit choice, so it builds on whatever is there now.
      const written = await writeFileVersioned(tx, access, path, { content: prior.exists ? prior.content : null, baseVersion: current?.version ?? null });
      files.push({ path, version: written.version });
    }
    await markCheckpointsRestored({ executor: tx, messageIds: affected.map((c) => c.messageId) });
    return { files, restoredMessageIds: affected.map((c) => c.messageId) };
  });
}

/** Every accepted AI change in the session as one Codex patch: per file, before the first turn → after the last accept. */
export async function exportSessionPatch(access: SessionAccess): Promise<string | null> {
  const checkpoints = await listCheckpointsBySessionId({ sessionId: access.sessionId });
  const net = new Map<string, { before: string | null; after: string | null; accepted: boolean }>();
  for (const checkpoint of checkpoints) {
    for (const file of checkpoint.files) {
      const entry = net.get(file.path) ?? { before: file.priorExists ? file.priorContent : null, after: null, accepted: false };
      if (file.acceptedExists !== null) {
        entry.after = file.acceptedExists ? file.acceptedContent : null;
        entry.accepted = true;
      }
      net.set(file.path, entry);
    }
  }
  const edits: FileEdit[] = [];
  for (const [path, { before, after, accepted }] of net) {
    if (!accepted || before === after) continue;
    if (before === null && after !== null) edits.push({ kind: "add", path, content: after });
    else if (before !== null && after === null) edits.push({ kind: "delete", path });
    else if (before !== null && after !== null) edits.push({ kind: "update", path, previous: before, content: after });
  }
  return edits.length ? formatPatch(edits) : null;
}
