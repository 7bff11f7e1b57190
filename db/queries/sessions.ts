import "server-only";

import { and, asc, desc, eq, gte, sql, type SQL } from "drizzle-orm";

import type { FileKind, MessageRole, MessageStatus, Plan, ToolStreamVerdict, WorkspaceRole } from "../enums";
import { db, executePrepared, type Executor } from "../client";
import { reservationStatement, type BudgetBucket } from "./usage";
import { codingSessions, files, messages, modelStreamVerdicts, projects, users, workspaceMembers, workspaceProviderKeys, workspaces } from "../schema";
import { PREDICTION_REFUSAL_KEPT } from "./model-streams";

export type CodingSessionRow = typeof codingSessions.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
// Checkpoints belong to the session aggregate; their queries live beside these (db/queries/sessions/).
export {
  ensureCheckpoint,
  getCheckpointFile,
  listCheckpointsBySessionId,
  markCheckpointsRestored,
  upsertCheckpointFile,
} from "./sessions/checkpoints";

export interface SessionMembership {
  sessionId: string;
  sessionTitle: string;
  projectId: string;
  projectName: string;
  workspaceId: string;
  workspaceName: string;
  plan: Plan;
  /** Read with the plan: lib/plans/access.ts turns the three into the plan in force and its entitlements. */
  planUntil: Date | null;
  entitlementOverrides: unknown;
  role: WorkspaceRole;
}

const membershipColumns = {
  sessionId: codingSessions.id,
  sessionTitle: codingSessions.title,
  projectId: projects.id,
  projectName: projects.name,
  workspaceId: workspaces.id,
  workspaceName: workspaces.name,
  plan: workspaces.plan,
  planUntil: workspaces.planUntil,
  entitlementOverrides: workspaces.entitlementOverrides,
  role: workspaceMembers.role,
};

export async function createCodingSession({
  projectId,
  title,
  createdBy,
}: {
  projectId: string;
  title: string;
  createdBy: string;
}): Promise<CodingSessionRow> {
  const [row] = await db().insert(codingSessions).values({ projectId, title, createdBy }).returning();
  if (!row) throw new Error("insert into coding_sessions returned no row");
  return row;
}

export async function listCodingSessionsByProjectId({ projectId }: { projectId: string }): Promise<CodingSessionRow[]> {
  return db().select().from(codingSessions).where(eq(codingSessions.projectId, projectId)).orderBy(desc(codingSessions.updatedAt));
}

/** Membership through the session's project, read fresh per request. */
export async function getSessionMembershipByUserId({
  sessionId,
  userId,
}: {
  sessionId: string;
  userId: string;
}): Promise<SessionMembership | null> {
  const [row] = await db()
    .select(membershipColumns)
    .from(codingSessions)
    .innerJoin(projects, eq(projects.id, codingSessions.projectId))
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .innerJoin(workspaceMembers, and(eq(workspaceMembers.workspaceId, workspaces.id), eq(workspaceMembers.userId, userId)))
    .where(eq(codingSessions.id, sessionId))
    .limit(1);
  return row ?? null;
}

export async function renameCodingSessionById({ sessionId, title }: { sessionId: string; title: string }): Promise<void> {
  await db().update(codingSessions).set({ title, updatedAt: sql`now()` }).where(eq(codingSessions.id, sessionId));
}

export async function deleteCodingSessionById({ sessionId }: { sessionId: string }): Promise<void> {
  await db().delete(codingSessions).where(eq(codingSessions.id, sessionId));
}

export async function listMessagesBySessionId({ sessionId }: { sessionId: string }): Promise<MessageRow[]> {
  return db().select().from(messages).where(eq(messages.sessionId, sessionId)).orderBy(asc(messages.seq));
}

/** The id of the session's last stored message (the last of listMessagesBySessionId), or null. */
export async function lastMessageIdBySessionId({ sessionId }: { sessionId: string }): Promise<string | null> {
  const [row] = await db().select({ id: messages.id }).from(messages).where(eq(messages.sessionId, sessionId)).orderBy(desc(messages.seq)).limit(1);
  return row?.id ?? null;
}

export interface TurnHistoryMessage {
  id: string;
  seq: number;
  role: MessageRole;
  /** Null for messages older than the history budget: the packer would drop them, so they are not read. */
  parts: unknown[] | null;
  /** User messages: the first 60 characters of their text (what the context report shows). */
  label: string | null;
  status: MessageStatus;
  tokenCount: number;
}

export interface TurnFileEntry {
  /**
   * With `version`, names one content for good (a re-created file gets a new id). Only entries the
   * turn asked for carry id, size and version; the rest of the tree is paths ("" and 0).
   */
  id: string;
  path: string;
  kind: FileKind;
  size: number;
  version: number;
  /** Only for the paths the turn asked for, unless the caller already holds that id and version. */
  content: string | null;
}

/** The project tree as paths, sorted. */
export interface TreePaths {
  files: string[];
  folders: string[];
}

interface TurnFiles {
  fingerprint: string;
  /** Null when the caller already holds the tree with this fingerprint. */
  paths: TreePaths | null;
  filesVersion: string;
  /** Null when the caller already holds the asked-for entries at this files version. */
  wanted: TurnFileEntry[] | null;
}

/**
 * Bare entries per tree and each path's index among them, built once: a held 2,000-path tree is the
 * same object turn after turn, and a turn then replaces only its few asked-for entries.
 */
const bareEntries = new WeakMap<TreePaths, { entries: readonly TurnFileEntry[]; index: ReadonlyMap<string, number> }>();

/** The tree's entries: full ones for the paths the turn asked for (`wanted`), bare (frozen, shared) paths for the rest. */
export function treeEntries(paths: TreePaths, wanted: readonly TurnFileEntry[]): TurnFileEntry[] {
  let bare = bareEntries.get(paths);
  if (!bare) {
    const entry = (path: string, kind: FileKind): TurnFileEntry => Object.freeze({ id: "", path, kind, size: 0, version: 0, content: null });
    const entries = [...paths.files.map((path) => entry(path, "file")), ...paths.folders.map((path) => entry(path, "folder"))];
    bare = { entries, index: new Map(entries.map((e, i) => [e.path, i])) };
    bareEntries.set(paths, bare);
  }
  const out = bare.entries.slice();
  for (const file of wanted) {
    const i = bare.index.get(file.path);
    if (i !== undefined) out[i] = file;
  }
  return out;
}

export interface TurnState extends SessionMembership {
  /** Only the messages after `historyAfterSeq`, when the caller named one. */
  history: TurnHistoryMessage[];
  /** `count:sum of seq` of the messages through `historyAfterSeq` ("0:0" without one). */
  heldHistory: string;
  /**
   * The whole tree, or only the asked-for entries when `tree.paths` is null (the caller holds the
   * rest); empty when `wanted` is null.
   */
  files: TurnFileEntry[];
  /** The full entries of the asked-for paths that exist; null when the caller holds them at `filesVersion`. */
  wanted: TurnFileEntry[] | null;
  /** The project's files version (projects.files_version): any write to its files moves it. */
  filesVersion: string;
  /**
   * The tree's fingerprint (entry count and the sum of 64-bit hashes of kind and path: any file
   * added, removed, renamed or turned into a folder changes it) and, unless the caller named it as
   * held, its paths.
   */
  tree: { fingerprint: string; paths: TreePaths | null };
  /** The caller's session token is still at the user's session generation (not signed out since). */
  sessionCurrent: boolean;
  /** Per model id: how its server was seen to stream tool arguments (picks the edit channel). */
  modelVerdicts: Record<string, ToolStreamVerdict>;
  /** Model ids whose server refused `prediction` sent with `tools` (picks the edit route). */
  predictionRefusedModels: string[];
  /** The workspace's own API key, sealed (lib/provider-keys): read here so a turn needs no extra statement. */
  providerKey: { baseUrl: string; encryptedKey: string } | null;
}

function buildTurnStateQuery() {
  // Kept by triggers on files (migration 0016): hashing a 2,000-file tree here cost every turn 0.5 ms
  // on Postgres and 3 ms on PGlite.
  const fingerprintSql = sql`${projects.treeCount}::text || ':' || ${projects.treeHash}::text`;
  // JSON for the paths, so the statement text (and its plan) never varies with how many there are.
  const paths = sql`jsonb_array_elements_text(${sql.placeholder("paths")}::jsonb)`;
  const known = sql`${sql.placeholder("knownFiles")}::jsonb`;
  const tree = sql`${sql.placeholder("knownTree")}::text`;
  const filesVersion = sql`${sql.placeholder("knownFilesVersion")}::text`;
  return db()
    .select({
      ...membershipColumns,
      // Parts only for the newest messages whose tokens, counted from the newest back, fit the
      // budget: older ones can never be packed, and their (TOASTed) parts are never detoasted.
      history: sql<TurnHistoryMessage[]>`coalesce((
        select json_agg(json_build_object('id', m.id, 'seq', m.seq, 'role', m.role, 'status', m.status, 'tokenCount', m.token_count,
          'parts', case when m.newer_tokens <= ${sql.placeholder("historyBudget")}::bigint then m.parts end,
          'label', case when m.role = 'user' then left(m.parts -> 0 ->> 'text', 60) end) order by m.seq)
        from (
          select id, seq, role, status, token_count, parts, sum(token_count) over (order by seq desc) as newer_tokens
          from ${messages} where session_id = ${codingSessions.id} and seq > ${sql.placeholder("historyAfterSeq")}::bigint
        ) m
      ), '[]'::json)`,
      // What the caller holds of the history (every message through historyAfterSeq) is still all
      // there is through it: messages are never changed, only deleted from one on, and every insert
      // gets a new seq, so the count and the sum of seqs tell it (a late commit of a lower seq too).
      heldHistory: sql<string>`(
        select count(*)::text || ':' || coalesce(sum(seq), 0)::text from ${messages}
        where session_id = ${codingSessions.id} and seq <= ${sql.placeholder("historyAfterSeq")}::bigint
      )`,
      // The tree as two path arrays (a JSON object per entry cost ~10 ms for 2,000 files), and only
      // when its fingerprint is not the one the caller holds: a 2,000-file tree rarely changes between
      // turns, and sorting, aggregating and parsing it was most of such a turn's read. Full entries
      // only for the paths the turn asked for (through the project/path index), and none when the
      // caller holds them at the project's files version (30 probes cost the read about 0.3 ms on
      // Postgres and PGlite: npm run bench:turn-read).
      files: sql<TurnFiles>`(
        select json_build_object(
          'fingerprint', t.fingerprint,
          'paths', case when t.project_id || ':' || t.fingerprint is distinct from ${tree} then (
            select json_build_object(
              'files', coalesce(array_agg(f.path order by f.path) filter (where f.kind = 'file'), '{}'),
              'folders', coalesce(array_agg(f.path order by f.path) filter (where f.kind = 'folder'), '{}'))
            from ${files} f where f.project_id = ${codingSessions.projectId}
          ) end,
          'filesVersion', t.files_version,
          'wanted', case when t.project_id || ':' || t.files_version is distinct from ${filesVersion} then (
            select coalesce(json_agg(json_build_object('id', f.id, 'path', f.path, 'kind', f.kind, 'size', f.size, 'version', f.version,
              'content', case when (${known} ->> f.path) is distinct from (f.id::text || ':' || f.version) then f.content end)), '[]')
            -- One probe of the (project, path) index per asked-for path, forced by the lateral limit:
            -- as "path = any(array)", or as a join once the statement's plan went generic (which
            -- estimates an average project), the planner scanned all of a 2,000-file project's rows
            -- (0.5–0.9 ms; 0.25 ms for the whole statement with the probes, measured).
            from ${paths} as p(path)
            cross join lateral (
              select f0.id, f0.path, f0.kind, f0.size, f0.version, f0.content from ${files} f0
              where f0.project_id = ${codingSessions.projectId} and f0.path = p.path limit 1
            ) f
          ) end)
        from (select ${projects.id}::text as project_id, ${fingerprintSql} as fingerprint, ${projects.filesVersion}::text as files_version) t
      )`,
      modelVerdicts: sql<Record<string, ToolStreamVerdict>>`(select coalesce(json_object_agg(v.model, v.verdict), '{}'::json) from ${modelStreamVerdicts} v where v.verdict is not null)`,
      predictionRefusedModels: sql<string[]>`(select coalesce(json_agg(v.model), '[]'::json) from ${modelStreamVerdicts} v where v.prediction_with_tools_refused_at > now() - ${PREDICTION_REFUSAL_KEPT})`,
      providerKey: sql<{ baseUrl: string; encryptedKey: string } | null>`(
        select json_build_object('baseUrl', k.base_url, 'encryptedKey', k.encrypted_key) from ${workspaceProviderKeys} k where k.workspace_id = ${workspaces.id}
      )`,
      sessionCurrent: sql<boolean>`exists(
        select 1 from ${users} u where u.id = ${sql.placeholder("userId")} and u.session_generation = ${sql.placeholder("sessionGeneration")}
      )`,
    })
    .from(codingSessions)
    .innerJoin(projects, eq(projects.id, codingSessions.projectId))
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .innerJoin(
      workspaceMembers,
      and(eq(workspaceMembers.workspaceId, workspaces.id), eq(workspaceMembers.userId, sql.placeholder("userId"))),
    )
    .where(eq(codingSessions.id, sql.placeholder("sessionId")))
    .limit(1)
    .prepare("turn_state");
}

let turnStateQuery: ReturnType<typeof buildTurnStateQuery> | undefined;

/**
 * Everything a chat turn needs before calling the model — session validity, access, history (without
 * proposals) and the project tree with the requested files' contents — in ONE prepared statement,
 * because every statement here sits between the user pressing Enter and the first token. History
 * parts are read for the newest `historyTokenBudget` tokens only (null: all of it), and history rows
 * only after `historyAfterSeq` (the caller holds the rest, checked by `heldHistory`); file contents
 * only where `knownFiles[path]` is not the file's current `id:version`, and no asked-for entry at all
 * when `knownFilesVersion` is the session's `projectId:filesVersion`; the tree's paths only when
 * `knownTree` is not its `projectId:fingerprint`. The project in each names whose memory it is, so a
 * caller's guess at a new session's project can never match another project's.
 */
export async function getTurnStateBySessionId({
  sessionId,
  userId,
  sessionGeneration,
  contentPaths,
  historyTokenBudget,
  historyAfterSeq = -1,
  knownFiles = {},
  knownTree = "",
  knownFilesVersion = "",
}: {
  sessionId: string;
  userId: string;
  /** The session token's generation claim (lib/auth/session-generation). */
  sessionGeneration: number;
  contentPaths: string[];
  historyTokenBudget: number | null;
  historyAfterSeq?: number;
  knownFiles?: Record<string, string>;
  /** `projectId:fingerprint` of the tree the caller holds. */
  knownTree?: string;
  /** `projectId:filesVersion` at which the caller holds every entry `contentPaths` names. */
  knownFilesVersion?: string;
}): Promise<TurnState | null> {
  turnStateQuery ??= buildTurnStateQuery();
  const [row] = await turnStateQuery.execute({
    sessionId,
    userId,
    sessionGeneration,
    paths: JSON.stringify(contentPaths),
    historyBudget: historyTokenBudget ?? Number.MAX_SAFE_INTEGER,
    historyAfterSeq,
    knownFiles: JSON.stringify(knownFiles),
    knownTree,
    knownFilesVersion,
  });
  if (!row) return null;
  const { fingerprint, paths, filesVersion: version, wanted } = row.files;
  const files = wanted === null ? [] : paths ? treeEntries(paths, wanted) : wanted;
  return { ...row, tree: { fingerprint, paths }, files, wanted, filesVersion: version };
}

export interface UserMessageRow {
  id: string;
  sessionId: string;
  parts: unknown[];
  tokenCount: number;
  createdBy: string;
  meta: Record<string, unknown>;
}

/** What storing a user message found: inserted, or the row already stored under that id (null: none visible). */
export type StoredUserMessage = { inserted: boolean; sessionId: string; parts: unknown[] } | null;

/**
 * The insert as a CTE `ins` (nothing on an id already stored), `where` gating it, then `async_commit`:
 * the model call waits on this write, so its commit skips the wait for the WAL flush (2–8 ms on a
 * plain disk): visible at once, and made durable by the WAL writer within a fraction of a second or
 * by the assistant message's synchronous commit at the end of the turn. A crash in between would
 * lose the whole turn anyway.
 */
function userMessageInsert(m: UserMessageRow, where: SQL) {
  return sql`ins as (
      insert into ${messages} (id, session_id, role, parts, status, token_count, created_by, meta)
      select ${m.id}::uuid, ${m.sessionId}::uuid, 'user', ${JSON.stringify(m.parts)}::jsonb, 'complete', ${m.tokenCount}::int, ${m.createdBy}::uuid, ${JSON.stringify(m.meta)}::jsonb
      where ${where}
      on conflict (id) do nothing
      returning session_id, parts
    ),
    async_commit as (select set_config('synchronous_commit', 'off', true)),
    stored as (
      select true as inserted, session_id, parts from ins
      union all
      select false as inserted, session_id, parts from ${messages} where id = ${m.id} and not exists (select 1 from ins)
    )`;
}

function storedOf(row: { inserted: boolean | null; session_id: string | null; parts: unknown[] | null } | undefined): StoredUserMessage {
  return row && row.inserted !== null ? { inserted: row.inserted, sessionId: row.session_id!, parts: row.parts! } : null;
}

/**
 * Stores the user's message once: a retry with the same client id is a no-op. When the id already
 * exists, the stored row comes back so the caller can tell a retry from a forged or reused id.
 */
export async function insertUserMessage(message: UserMessageRow): Promise<StoredUserMessage> {
  const rows = await executePrepared<{ inserted: boolean; session_id: string; parts: unknown[] }>(
    sql`with ${userMessageInsert(message, sql`true`)} select inserted, session_id, parts from stored, async_commit`,
  );
  return storedOf(rows[0]);
}

/**
 * A new turn's first write, in ONE statement: its budget reservation (db/queries/usage
 * reservationStatement) and, only if that fits, its question (as insertUserMessage). Its own
 * statement rather than two beside each other, since on PGlite statements run one after the other
 * on the app's event loop. Lives with the message, the row it stores; the budget's rule stays in usage.
 * `budgetUsed` is null when the reservation was refused, and then nothing was stored.
 */
export async function insertUserMessageIfReserved(message: UserMessageRow, bucket: BudgetBucket): Promise<{ budgetUsed: number | null; stored: StoredUserMessage }> {
  const [row] = await executePrepared<{ budget_used: number | null; inserted: boolean | null; session_id: string | null; parts: unknown[] | null }>(sql`
    with reserved as (${reservationStatement(bucket)}),
    ${userMessageInsert(message, sql`exists (select 1 from reserved)`)}
    select (select used from reserved) as budget_used, s.inserted, s.session_id, s.parts
    from async_commit left join stored s on true`);
  if (!row) throw new Error("insertUserMessageIfReserved: the statement returned no row");
  return { budgetUsed: row.budget_used, stored: row.budget_used === null ? null : storedOf(row) };
}

/** The assistant's message, written once when the turn ends, and the session's recency, together. */
export async function insertAssistantMessage({
  id,
  sessionId,
  parts,
  status,
  model,
  meta,
  proposals,
  tokenCount,
  title,
}: {
  id: string;
  sessionId: string;
  parts: unknown[];
  status: MessageStatus;
  model: string;
  meta: Record<string, unknown>;
  proposals: unknown[] | null;
  tokenCount: number;
  /** Replaces a placeholder title (the first turn names the session). */
  title: string | null;
}): Promise<void> {
  await db().execute(sql`
    with ins as (
      insert into ${messages} (id, session_id, role, parts, status, model, meta, proposals, token_count)
      values (${id}, ${sessionId}, 'assistant', ${JSON.stringify(parts)}::jsonb, ${status}, ${model}, ${JSON.stringify(meta)}::jsonb,
        ${proposals ? JSON.stringify(proposals) : null}::jsonb, ${tokenCount})
      returning session_id
    )
    update ${codingSessions} set updated_at = now(), title = coalesce(${title}, title)
    where id = (select session_id from ins)
  `);
}

/** Edit-and-resend and regenerate drop a message and everything after it. */
export async function deleteMessagesFromId({ sessionId, messageId }: { sessionId: string; messageId: string }): Promise<number> {
  const rows = await db()
    .delete(messages)
    .where(
      and(
        eq(messages.sessionId, sessionId),
        gte(messages.seq, sql`(select seq from ${messages} where id = ${messageId} and session_id = ${sessionId})`),
      ),
    )
    .returning({ id: messages.id });
  return rows.length;
}

export async function getMessageById({
  executor = db(),
  sessionId,
  messageId,
}: {
  executor?: Executor;
  sessionId: string;
  messageId: string;
}): Promise<MessageRow | null> {
  const [row] = await executor
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.sessionId, sessionId)))
    .limit(1);
  return row ?? null;
}

