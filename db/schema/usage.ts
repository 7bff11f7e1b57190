import { bigint, date, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { keySources, modelCallKinds, modelCallStatuses } from "../enums";
import { users } from "./auth";
import { codingSessions } from "./sessions";
import { workspaces } from "./workspaces";

export const modelCallKindEnum = pgEnum("model_call_kind", modelCallKinds);
export const keySourceEnum = pgEnum("key_source", keySources);
export const modelCallStatusEnum = pgEnum("model_call_status", modelCallStatuses);

/**
 * A workspace's tokens for one UTC month: `used` is settled spend plus open reservations. Reserved by
 * one conditional upsert, so every app instance sees the same bucket and none can overdraw it.
 */
export const tokenBudgets = pgTable(
  "token_budgets",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** First day of the UTC month. */
    month: date("month", { mode: "string" }).notNull(),
    used: bigint("used", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.month] })],
);

/** The usage ledger: one row per model call, written once when the call ends. */
export const modelCalls = pgTable(
  "model_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    sessionId: uuid("session_id").references(() => codingSessions.id, { onDelete: "set null" }),
    kind: modelCallKindEnum("kind").notNull(),
    model: text("model").notNull(),
    keySource: keySourceEnum("key_source").notNull(),
    status: modelCallStatusEnum("status").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    cachedTokens: integer("cached_tokens"),
    reasoningTokens: integer("reasoning_tokens"),
    acceptedPredictionTokens: integer("accepted_prediction_tokens"),
    rejectedPredictionTokens: integer("rejected_prediction_tokens"),
    ttftMs: integer("ttft_ms"),
    tokensPerSecond: integer("tokens_per_second"),
    /** Tokens held against the budget before the call, and what it settled to (0 on the workspace's key). */
    reserved: integer("reserved").notNull(),
    settled: integer("settled").notNull(),
    costUsd: doublePrecision("cost_usd").notNull(),
    energyWhLow: doublePrecision("energy_wh_low").notNull(),
    energyWhHigh: doublePrecision("energy_wh_high").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("model_calls_workspace_time_idx").on(t.workspaceId, t.createdAt), index("model_calls_session_idx").on(t.sessionId)],
);

/**
 * The provider's own rate-limit headroom as its last response reported it, per workspace and key:
 * in the database so the HUD shows the same figure whichever instance made the call.
 */
export const providerQuotas = pgTable(
  "provider_quotas",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    keySource: keySourceEnum("key_source").notNull(),
    remainingTokensMinute: bigint("remaining_tokens_minute", { mode: "number" }),
    remainingRequestsDay: bigint("remaining_requests_day", { mode: "number" }),
    tokensResetAt: timestamp("tokens_reset_at", { withTimezone: true }),
    requestsResetAt: timestamp("requests_reset_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.keySource] })],
);
