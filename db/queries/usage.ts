import "server-only";

import { and, desc, eq, gte, lt, sql } from "drizzle-orm";

import type { KeySource, ModelCallKind, ModelCallStatus } from "../enums";
import { db } from "../client";
import { modelCalls, providerQuotas, tokenBudgets, users } from "../schema";

/**
 * Adds `amount` to the month's bucket only if it stays within `limit`: one statement, so concurrent
 * callers on any number of app instances serialise on the row lock and none overdraws. Returns the
 * bucket's new total, or null when the amount does not fit.
 */
export async function reserveBudgetTokens({ workspaceId, month, amount, limit }: { workspaceId: string; month: string; amount: number; limit: number }): Promise<number | null> {
  const rows = await db()
    .insert(tokenBudgets)
    // No row is proposed when the amount alone exceeds the limit, so neither the insert nor the update runs.
    .select(sql`select ${workspaceId}::uuid, ${month}::date, ${amount}::bigint, now() where ${amount}::bigint <= ${limit}::bigint`)
    .onConflictDoUpdate({
      target: [tokenBudgets.workspaceId, tokenBudgets.month],
      set: { used: sql`${tokenBudgets.used} + excluded.used`, updatedAt: sql`now()` },
      setWhere: sql`${tokenBudgets.used} + excluded.used <= ${limit}::bigint`,
    })
    .returning({ used: tokenBudgets.used });
  return rows[0]?.used ?? null;
}

/** Settles a reservation: adds `delta` (settled minus reserved; negative releases the rest). */
export async function adjustBudgetTokens({ workspaceId, month, delta }: { workspaceId: string; month: string; delta: number }): Promise<void> {
  if (delta === 0) return;
  await db()
    .update(tokenBudgets)
    .set({ used: sql`greatest(0, ${tokenBudgets.used} + ${delta}::bigint)`, updatedAt: sql`now()` })
    .where(and(eq(tokenBudgets.workspaceId, workspaceId), eq(tokenBudgets.month, month)));
}

export async function getBudgetTokensUsed({ workspaceId, month }: { workspaceId: string; month: string }): Promise<number> {
  const [row] = await db()
    .select({ used: tokenBudgets.used })
    .from(tokenBudgets)
    .where(and(eq(tokenBudgets.workspaceId, workspaceId), eq(tokenBudgets.month, month)));
  return row?.used ?? 0;
}

export interface ModelCallRecord {
  workspaceId: string;
  userId: string | null;
  sessionId: string | null;
  kind: ModelCallKind;
  model: string;
  keySource: KeySource;
  status: ModelCallStatus;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number | null;
  reasoningTokens: number | null;
  acceptedPredictionTokens: number | null;
  rejectedPredictionTokens: number | null;
  ttftMs: number | null;
  tokensPerSecond: number | null;
  reserved: number;
  settled: number;
  costUsd: number;
  energyWhLow: number;
  energyWhHigh: number;
}

export async function insertModelCall(record: ModelCallRecord): Promise<void> {
  await db().insert(modelCalls).values(record);
}

export interface UsageTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  energyWhLow: number;
  energyWhHigh: number;
}

const totals = {
  calls: sql<number>`count(*)::int`,
  inputTokens: sql<number>`coalesce(sum(${modelCalls.inputTokens}), 0)::int`,
  outputTokens: sql<number>`coalesce(sum(${modelCalls.outputTokens}), 0)::int`,
  costUsd: sql<number>`coalesce(sum(${modelCalls.costUsd}), 0)::float8`,
  energyWhLow: sql<number>`coalesce(sum(${modelCalls.energyWhLow}), 0)::float8`,
  energyWhHigh: sql<number>`coalesce(sum(${modelCalls.energyWhHigh}), 0)::float8`,
};

export async function getSessionUsageTotals({ sessionId }: { sessionId: string }): Promise<UsageTotals> {
  const [row] = await db().select(totals).from(modelCalls).where(eq(modelCalls.sessionId, sessionId));
  return row!;
}

export interface WorkspaceUsage {
  totals: UsageTotals;
  /** UTC days (YYYY-MM-DD) with calls, oldest first. */
  byDay: (UsageTotals & { day: string })[];
  byMember: (UsageTotals & { userId: string | null; name: string | null; email: string | null })[];
  byModel: (UsageTotals & { model: string })[];
}

/** A workspace's ledger between two instants, summed four ways in one round trip each (the page is not on a hot path). */
export async function getWorkspaceUsage({ workspaceId, from, to }: { workspaceId: string; from: Date; to: Date }): Promise<WorkspaceUsage> {
  const where = and(eq(modelCalls.workspaceId, workspaceId), gte(modelCalls.createdAt, from), lt(modelCalls.createdAt, to));
  const day = sql<string>`to_char(${modelCalls.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const [sum, byDay, byMember, byModel] = await Promise.all([
    db().select(totals).from(modelCalls).where(where),
    db().select({ day, ...totals }).from(modelCalls).where(where).groupBy(day).orderBy(day),
    db()
      .select({ userId: modelCalls.userId, name: users.name, email: users.email, ...totals })
      .from(modelCalls)
      .leftJoin(users, eq(users.id, modelCalls.userId))
      .where(where)
      .groupBy(modelCalls.userId, users.name, users.email)
      .orderBy(desc(sql`sum(${modelCalls.inputTokens} + ${modelCalls.outputTokens})`)),
    db().select({ model: modelCalls.model, ...totals }).from(modelCalls).where(where).groupBy(modelCalls.model).orderBy(modelCalls.model),
  ]);
  return { totals: sum[0]!, byDay, byMember, byModel };
}

export interface ProviderQuotaRow {
  remainingTokensMinute: number | null;
  remainingRequestsDay: number | null;
  tokensResetAt: Date | null;
  requestsResetAt: Date | null;
  updatedAt: Date;
}

export async function upsertProviderQuota({ workspaceId, keySource, ...quota }: Omit<ProviderQuotaRow, "updatedAt"> & { workspaceId: string; keySource: KeySource }): Promise<void> {
  await db()
    .insert(providerQuotas)
    .values({ workspaceId, keySource, ...quota })
    .onConflictDoUpdate({ target: [providerQuotas.workspaceId, providerQuotas.keySource], set: { ...quota, updatedAt: sql`now()` } });
}

export async function getProviderQuota({ workspaceId, keySource }: { workspaceId: string; keySource: KeySource }): Promise<ProviderQuotaRow | null> {
  const [row] = await db()
    .select({
      remainingTokensMinute: providerQuotas.remainingTokensMinute,
      remainingRequestsDay: providerQuotas.remainingRequestsDay,
      tokensResetAt: providerQuotas.tokensResetAt,
      requestsResetAt: providerQuotas.requestsResetAt,
      updatedAt: providerQuotas.updatedAt,
    })
    .from(providerQuotas)
    .where(and(eq(providerQuotas.workspaceId, workspaceId), eq(providerQuotas.keySource, keySource)));
  return row ?? null;
}

export type ModelCallRow = typeof modelCalls.$inferSelect;

export async function listModelCallsBySessionId({ sessionId }: { sessionId: string }): Promise<ModelCallRow[]> {
  return db().select().from(modelCalls).where(eq(modelCalls.sessionId, sessionId)).orderBy(modelCalls.createdAt);
}
