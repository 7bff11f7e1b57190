import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { users } from "./auth";
import { codingSessions } from "./sessions";

/**
 * A read-only link to one session. Only the SHA-256 of the token is stored: the URL is shown once,
 * when the link is created. Deleting the session (or its project, or workspace) deletes its links.
 */
export const shareLinks = pgTable(
  "share_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => codingSessions.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    label: text("label").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastOpenedAt: timestamp("last_opened_at", { withTimezone: true }),
    openCount: integer("open_count").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("share_links_session_idx").on(t.sessionId, t.createdAt)],
);

/**
 * One viewer of one link (a browser's viewer cookie, hashed): the link's open count moves only when
 * this viewer was not counted within the window (db/queries/shares.ts recordShareOpen), so a refresh
 * is not another open. Deleted with the link.
 */
export const shareLinkViewers = pgTable(
  "share_link_viewers",
  {
    shareId: uuid("share_id")
      .notNull()
      .references(() => shareLinks.id, { onDelete: "cascade" }),
    viewerHash: text("viewer_hash").notNull(),
    countedAt: timestamp("counted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.shareId, t.viewerHash] })],
);

/**
 * A copy of a streaming turn's UI-message chunks, appended in batches (one row per batch) so viewers
 * and a reloading owner on any instance can replay, then follow. Rows are deleted when the turn ends.
 */
export const turnEvents = pgTable(
  "turn_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => codingSessions.id, { onDelete: "cascade" }),
    /** The assistant message being streamed (not yet stored in `messages`). */
    messageId: uuid("message_id").notNull(),
    /** Batch number within the turn, from 0. */
    seq: integer("seq").notNull(),
    parts: jsonb("parts").$type<unknown[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Readers keep a per-turn seq cursor (db/queries/shares.ts listTurnEventsAfter); a turn's seq is unique.
  (t) => [index("turn_events_session_idx").on(t.sessionId, t.id), uniqueIndex("turn_events_turn_seq_idx").on(t.messageId, t.seq)],
);

/**
 * Stop pressed for a streaming turn, from any instance: the instance generating it hears the NOTIFY
 * sent with the row (or finds the row on its poll) and aborts the model call. Deleted with the turn's
 * events.
 */
export const turnStops = pgTable("turn_stops", {
  messageId: uuid("message_id").primaryKey(),
  sessionId: uuid("session_id")
    .notNull()
    .references(() => codingSessions.id, { onDelete: "cascade" }),
  requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
});
