import "server-only";

import { createHash, randomUUID } from "node:crypto";

import { z } from "zod";

import { listFilesByProjectId } from "@/db/queries/files";
import { createProject } from "@/db/queries/projects";
import { listMessagesBySessionId } from "@/db/queries/sessions";
import {
  copySessionInto,
  getActiveShareByTokenHash,
  insertShareLink,
  listShareLinksBySessionId,
  recordShareOpen,
  revokeShareLinkById,
  type ActiveShare,
  type ShareLinkRow,
} from "@/db/queries/shares";
import { toChatMessage, type SessionAccess } from "@/lib/chat/service";
import { inTransaction } from "@/db/transaction";
import { AppError } from "@/lib/errors";
import { insertProjectFiles } from "@/lib/files/service";
import { followTurnResponse } from "@/lib/live/follow";

import {
  sharePath,
  shareTokenSchema,
  type CreatedShareLink,
  type CreateShareBody,
  type ForkedShare,
  type SharedSessionView,
  type ShareLinkSummary,
  type ShareState,
} from "./contract";
import { liveFollowAllowed } from "./entitlement";
import { hashShareToken, newShareToken } from "./tokens";

const DAY_MS = 24 * 60 * 60 * 1000;

function stateOf(row: ShareLinkRow, now = Date.now()): ShareState {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now) return "expired";
  return "active";
}

const summaryOf = (row: ShareLinkRow): ShareLinkSummary => ({
  id: row.id,
  label: row.label,
  state: stateOf(row),
  expiresAt: row.expiresAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  lastOpenedAt: row.lastOpenedAt?.toISOString() ?? null,
  openCount: row.openCount,
  createdAt: row.createdAt.toISOString(),
});

export async function createShareLink(access: SessionAccess, body: CreateShareBody): Promise<CreatedShareLink> {
  const token = newShareToken();
  const row = await insertShareLink({
    sessionId: access.sessionId,
    tokenHash: hashShareToken(token),
    label: body.label,
    expiresAt: body.expiresInDays === null ? null : new Date(Date.now() + body.expiresInDays * DAY_MS),
    createdBy: access.userId,
  });
  return { ...summaryOf(row), path: sharePath(token) };
}

export async function listShareLinks(access: SessionAccess): Promise<ShareLinkSummary[]> {
  return (await listShareLinksBySessionId({ sessionId: access.sessionId })).map(summaryOf);
}

export async function revokeShareLink(access: SessionAccess, shareId: string): Promise<void> {
  if (!z.uuid().safeParse(shareId).success) throw new AppError("not_found:session");
  if (!(await revokeShareLinkById({ sessionId: access.sessionId, shareId }))) throw new AppError("not_found:session");
}

/**
 * The link's session, checked on every request against the database (revoked, expired, deleted
 * session or project: all the same 404). Never says which.
 */
export async function resolveShare(token: string): Promise<ActiveShare> {
  if (!shareTokenSchema.safeParse(token).success) throw new AppError("not_found:session");
  const share = await getActiveShareByTokenHash({ tokenHash: hashShareToken(token) });
  if (!share) throw new AppError("not_found:session");
  return share;
}

/** A viewer's opens of one link count once in this window: a refresh (or a tab reopened soon after) is the same visit. */
export const SHARE_VISIT_WINDOW_SECONDS = 30 * 60;

/**
 * The link's page, counting the open as a visit of `viewer` (the browser's viewer id, see proxy.ts);
 * with none, every open counts.
 */
export async function loadSharedSession(token: string, { viewer }: { viewer: string | null }): Promise<SharedSessionView> {
  const share = await resolveShare(token);
  const viewerHash = viewer ? createHash("sha256").update(viewer).digest("base64url") : randomUUID();
  const [rows, files] = await Promise.all([
    listMessagesBySessionId({ sessionId: share.sessionId }),
    listFilesByProjectId({ projectId: share.projectId }),
    recordShareOpen({ shareId: share.shareId, viewerHash, windowSeconds: SHARE_VISIT_WINDOW_SECONDS }),
  ]);
  return {
    title: share.sessionTitle,
    projectName: share.projectName,
    messages: rows.map(toChatMessage),
    files: files.map((f) => ({ path: f.path, kind: f.kind, content: f.kind === "file" ? f.content : null })),
    live: liveFollowAllowed(share),
  };
}

/** The link's session's current or next turn as a stream answer; null when live follow is off for its plan. */
export async function followShare(token: string, options: { waitMs?: number } = {}): Promise<Response | null> {
  const share = await resolveShare(token);
  if (!liveFollowAllowed(share)) return null;
  return followTurnResponse(share.sessionId, options);
}

/** Copies the link's project files and transcript into a new project of a workspace the caller may create projects in. */
export async function forkShare(token: string, actor: { userId: string; workspaceId: string }): Promise<ForkedShare> {
  const share = await resolveShare(token);
  const files = await listFilesByProjectId({ projectId: share.projectId });
  return inTransaction(async (tx) => {
    const project = await createProject({ executor: tx, workspaceId: actor.workspaceId, name: `${share.projectName} (fork)`.slice(0, 80), starter: "blank", createdBy: actor.userId });
    await insertProjectFiles({
      executor: tx,
      projectId: project.id,
      userId: actor.userId,
      entries: files.map((f) => ({ path: f.path, kind: f.kind, content: f.content })),
    });
    await copySessionInto({ executor: tx, fromSessionId: share.sessionId, projectId: project.id, title: share.sessionTitle, userId: actor.userId });
    return { projectId: project.id };
  });
}
