import { integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

import { toolStreamVerdicts } from "../enums";

export const toolStreamVerdictEnum = pgEnum("tool_stream_verdict", toolStreamVerdicts);

/**
 * Per model: whether its server streams tool-call arguments or sends them whole. In the database,
 * not in process memory, so every app instance picks the same edit channel for the next turn.
 */
export const modelStreamVerdicts = pgTable("model_stream_verdicts", {
  model: text("model").primaryKey(),
  verdict: toolStreamVerdictEnum("verdict").notNull(),
  /** The evidence: the last conclusive call's argument deltas and bytes. */
  deltas: integer("deltas").notNull(),
  bytes: integer("bytes").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
