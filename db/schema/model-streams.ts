import { integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";

import { toolStreamVerdicts } from "../enums";

export const toolStreamVerdictEnum = pgEnum("tool_stream_verdict", toolStreamVerdicts);

/**
 * Per model: whether its server streams tool-call arguments or sends them whole, and whether it
 * refused `prediction` sent with `tools`. In the database, not in process memory, so every app
 * instance picks the same edit route for the next turn. A row may hold either verdict alone.
 */
export const modelStreamVerdicts = pgTable("model_stream_verdicts", {
  model: text("model").primaryKey(),
  verdict: toolStreamVerdictEnum("verdict"),
  /** The evidence: the last conclusive call's argument deltas and bytes. */
  deltas: integer("deltas"),
  bytes: integer("bytes"),
  /**
   * When its server last answered 400/422 to a request carrying both `prediction` and `tools`
   * (lib/ai/provider). Believed for PREDICTION_REFUSAL_KEPT, then tried again: servers gain features.
   */
  predictionWithToolsRefusedAt: timestamp("prediction_with_tools_refused_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
