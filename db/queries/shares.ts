import "server-only";

import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";

import type { Plan } from "../enums";
import { db, type Executor } from "../client";
import { codingSessions, messages, projects, shareLinks, shareLinkViewers, turnEvents, turnStops, workspaces } from "../schema";

export type ShareLinkRow = typeof shareLinks.$inferSelect;
export type TurnEventRow = typeof turnEvents.$inferSelect;

export interface ActiveShare {
  shareId: string;
  sessionId: string;
  sessionTitle: string;
  projectId: string;
  projectName: string;
  workspaceId: string;
  plan: Plan;
  planUntil: Date | null;
  entitlementOverrides: unknown;
}

export async function insertShareLink(values: {
  sessionId: string;
  tokenHash: string;
  label: string;
  expiresAt: Date | null;
  createdBy: string;
}): Promise<ShareLinkRow> {
  const [row] = await db().insert(shareLinks).values(values).returning();
  if (!row) throw new Error("insert into share_links returned no row");
  return row;
}

export async function listShareLinksBySessionId({ sessionId }: { sessionId: string }): Promise<ShareLinkRow[]> {
  return db().select().from(shareLinks).where(eq(shareLinks.sessionId, sessionId)).orderBy(desc(shareLinks.createdAt));
}

/** Returns false when no link with that id belongs to the session. */
export async function revokeShareLinkById({ sessionId, shareId }: { sessionId: string; shareId: string }): Promise<boolean> {
  const rows = await db()
    .update(shareLinks)
    .set({ revokedAt: sql`coalesce(${shareLinks.revokedAt}, now())` })
    .where(and(eq(shareLinks.id, shareId), eq(shareLinks.sessionId, sessionId)))
    .returning({ id: shareLinks.id });
  return rows.length > 0;
}

/** Not revoked and not expired, judged by the database clock so every instance agrees. */
const active = and(isNull(shareLinks.revokedAt), or(isNull(shareLinks.expiresAt), gt(shareLinks.expiresAt, sql`now()`)));

const activeColumns = {
  shareId: shareLinks.id,
  sessionId: codingSessions.id,
  sessionTitle: codingSessions.title,
  projectId: projects.id,
  projectName: projects.name,
  workspaceId: workspaces.id,
  plan: workspaces.plan,
  planUntil: workspaces.planUntil,
  entitlementOverrides: workspaces.entitlementOverrides,
};

/** The live link for a token hash, with what it shows; null for unknown, revoked, expired or deleted. */
export async function getActiveShareByTokenHash({ tokenHash }: { tokenHash: string }): Promise<ActiveShare | null> {
  const [row] = await db()
    .select(activeColumns)
    .from(shareLinks)
    .innerJoin(codingSessions, eq(codingSessions.id, shareLinks.sessionId))
    .innerJoin(projects, eq(projects.id, codingSessions.projectId))
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .where(and(eq(shareLinks.tokenHash, tokenHash), active))
    .limit(1);
  return row ?? null;
}

/**
 * Counts an open of the link unless this viewer was counted within `windowSeconds`; always moves
 * `last_opened_at`. One statement: the viewer row's upsert only returns a row when it counts, so two
 * concurrent refreshes of one viewer count once. The link's other viewer rows past the window are
 * deleted on the way, since they can no longer stop a count: the table holds one window's viewers.
 */
export async function recordShareOpen({ shareId, viewerHash, windowSeconds }: { shareId: string; viewerHash: string; windowSeconds: number }): Promise<void> {
  await db().execute(sql`
    with pruned as (
      delete from ${shareLinkViewers}
      where share_id = ${shareId} and viewer_hash <> ${viewerHash}
        and ${shareLinkViewers.countedAt} < now() - make_interval(secs => ${windowSeconds})
    ),
    counted as (
      insert into ${shareLinkViewers} (share_id, viewer_hash) values (${shareId}, ${viewerHash})
      on conflict (share_id, viewer_hash) do update set counted_at = now()
        where ${shareLinkViewers.countedAt} < now() - make_interval(secs => ${windowSeconds})
      returning share_id
    )
    update ${shareLinks} set open_count = open_count + (select count(*) from counted), last_opened_at = now()
    where id = ${shareId}`);
}

/** One statement per batch, whatever its size: the insert and the NOTIFY that wakes readers. */
export async function insertTurnEventBatch({
  executor = db(),
  channel,
  sessionId,
  messageId,
  seq,
  parts,
}: {
  executor?: Executor;
  channel: string;
  sessionId: string;
  messageId: string;
  seq: number;
  parts: unknown[];
}): Promise<void> {
  await executor.execute(sql`
    with inserted as (
      insert into ${turnEvents} (session_id, message_id, seq, parts)
      values (${sessionId}, ${messageId}, ${seq}, ${JSON.stringify(parts)}::jsonb)
      returning session_id
    )
    select pg_notify(${channel}, session_id::text) from inserted`);
}

/** Finished turns' batches and their stop requests, if any, in one statement. */
export async function deleteTurnEventsByMessageIds({ messageIds }: { messageIds: readonly string[] }): Promise<void> {
  // JSON for the ids, so the statement text (and its plan) never varies with how many there are.
  const ids = sql`(select jsonb_array_elements_text(${JSON.stringify(messageIds)}::jsonb)::uuid)`;
  await db().execute(sql`
    with stops as (delete from ${turnStops} where message_id in ${ids})
    delete from ${turnEvents} where message_id in ${ids}`);
}

/** Records Stop for a turn of the session and wakes every instance (payload `stop:<sessionId>:<messageId>`). */
export async function insertTurnStop({ channel, sessionId, messageId }: { channel: string; sessionId: string; messageId: string }): Promise<void> {
  await db().execute(sql`
    with stop as (
      insert into ${turnStops} (message_id, session_id) values (${messageId}, ${sessionId})
      on conflict (message_id) do nothing
    )
    select pg_notify(${channel}, ${`stop:${sessionId}:${messageId}`})`);
}

/** Whether Stop was recorded for this turn of this session (the poll behind a lost notification). */
export async function turnStopExists({ sessionId, messageId }: { sessionId: string; messageId: string }): Promise<boolean> {
  const rows = await db()
    .select({ messageId: turnStops.messageId })
    .from(turnStops)
    .where(and(eq(turnStops.messageId, messageId), eq(turnStops.sessionId, sessionId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Batches of the session's open turns after `seen` (the last seq read of each turn), in write order.
 * A per-turn cursor, not the row id: ids are handed out before commit, so another turn's later id can
 * commit first and a reader past it would skip the earlier row for good. A turn writes its batches one
 * after another, so within a turn seq order is commit order.
 */
export async function listTurnEventsAfter({ sessionId, seen }: { sessionId: string; seen: ReadonlyMap<string, number> }): Promise<TurnEventRow[]> {
  const cursor = JSON.stringify(Object.fromEntries(seen));
  return db()
    .select()
    .from(turnEvents)
    .where(and(eq(turnEvents.sessionId, sessionId), sql`${turnEvents.seq} > coalesce((${cursor}::jsonb ->> ${turnEvents.messageId}::text)::int, -1)`))
    .orderBy(asc(turnEvents.id));
}


export async function notifyChannel({ channel, payload }: { channel: string; payload: string }): Promise<void> {
  await db().execute(sql`select pg_notify(${channel}, ${payload})`);
}

/**
 * Fork: a new session in `projectId` holding a copy of the shared session's transcript (new message
 * ids; proposals left behind, they were reviewed against the other project). Two statements, for the
 * caller's transaction.
 */
export async function copySessionInto({
  executor,
  fromSessionId,
  projectId,
  title,
  userId,
}: {
  executor: Executor;
  fromSessionId: string;
  projectId: string;
  title: string;
  userId: string;
}): Promise<string> {
  const [session] = await executor.insert(codingSessions).values({ projectId, title, createdBy: userId }).returning({ id: codingSessions.id });
  if (!session) throw new Error("insert into coding_sessions returned no row");
  await executor.execute(sql`
    insert into ${messages} (id, session_id, role, parts, status, model, meta, token_count, created_by)
    select gen_random_uuid(), ${session.id}, role, parts, status, model, meta, token_count, ${userId}
    from ${messages} where session_id = ${fromSessionId} order by seq`);
  return session.id;
}
