import { bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { messageRoles, messageStatuses } from "../enums";
import { users } from "./auth";
import { projects } from "./projects";

export const messageRoleEnum = pgEnum("message_role", messageRoles);
export const messageStatusEnum = pgEnum("message_status", messageStatuses);

/** A chat thread in a project. The server holds its history; clients send only new messages. */
export const codingSessions = pgTable(
  "coding_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("coding_sessions_project_idx").on(t.projectId, t.updatedAt)],
);

/**
 * One row per message, written once: user messages before the model call (idempotent on the
 * client's id), assistant messages when the turn ends. Parts and metrics are JSON shaped by lib/chat.
 */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => codingSessions.id, { onDelete: "cascade" }),
    /** Total order within a session, independent of clock skew between app instances. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    role: messageRoleEnum("role").notNull(),
    parts: jsonb("parts").$type<unknown[]>().notNull(),
    status: messageStatusEnum("status").notNull(),
    model: text("model"),
    /** User turns: the context chips sent; assistant turns: speed metrics and any error. */
    meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default({}),
    /**
     * What this turn's edit tools proposed (each file before and after), for review after a reload.
     * Kept out of `parts` so replaying history to the model never drags whole files along.
     */
    proposals: jsonb("proposals").$type<unknown[]>(),
    /** Tokens this message costs when replayed as history, so packing never re-tokenises old turns. */
    tokenCount: integer("token_count").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("messages_session_seq_idx").on(t.sessionId, t.seq)],
);

/** The files an AI turn changed, as they were before it, so the turn can be undone from any device. */
export const checkpoints = pgTable(
  "checkpoints",
  {
    messageId: uuid("message_id")
      .primaryKey()
      .references(() => messages.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => codingSessions.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    restoredAt: timestamp("restored_at", { withTimezone: true }),
  },
  (t) => [index("checkpoints_session_idx").on(t.sessionId)],
);

export const checkpointFiles = pgTable(
  "checkpoint_files",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => checkpoints.messageId, { onDelete: "cascade" }),
    path: text("path").notNull(),
    priorExists: boolean("prior_exists").notNull(),
    priorContent: text("prior_content"),
    priorVersion: integer("prior_version"),
    /** The file after the turn's last accepted change; null until something is accepted. */
    acceptedContent: text("accepted_content"),
    acceptedExists: boolean("accepted_exists"),
    /** Per-hunk review decisions ({ hunkId: "accepted" | "rejected" }), so review survives a reload. */
    decisions: jsonb("decisions").$type<Record<string, string>>().notNull().default({}),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.path] })],
);
