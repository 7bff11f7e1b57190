import "server-only";

import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";

import type { KeySource, ModelCallKind, ModelCallStatus } from "../enums";
import { db } from "../client";
import { modelCalls, providerQuotas, tokenBudgets, users } from "../schema";

/** One reservation: `amount` tokens of `month`'s bucket, within `limit`. */
export interface BudgetBucket {
  workspaceId: string;
  month: string;
  amount: number;
  limit: number;
}

/**
 * Adds `amount` to the month's bucket only if it stays within `limit`, returning the bucket's new
 * `used` (no row when it does not fit): one statement, so concurrent callers on any number of app
 * instances serialise on the row lock and none overdraws. Also a CTE of the turn's first write
 * (db/queries/sessions insertUserMessageIfReserved), so the rule lives here once.
 */
export function reservationStatement({ workspaceId, month, amount, limit }: BudgetBucket): SQL {
  // No row is proposed when the amount alone exceeds the limit, so neither the insert nor the update runs.
  return sql`insert into ${tokenBudgets} (workspace_id, month, used, updated_at)
    select ${workspaceId}::uuid, ${month}::date, ${amount}::bigint, now() where ${amount}::bigint <= ${limit}::bigint
    on conflict (workspace_id, month) do update set used = ${tokenBudgets}.used + excluded.used, updated_at = now()
    where ${tokenBudgets}.used + excluded.used <= ${limit}::bigint
    returning used::float8 as used`;
}

/** Reserves `amount` tokens (reservationStatement); the bucket's new total, or null when it does not fit. */
export async function reserveBudgetTokens(bucket: BudgetBucket): Promise<number | null> {
  const result = await db().execute(reservationStatement(bucket));
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { used: number }[];
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

/**
 * The end of one model call in ONE statement: its ledger row, its reservation settled (`delta` =
 * settled − reserved, when Wafer's budget held anything) and the provider's quota headers (when the
 * response carried them). Data-modifying CTEs always run, so each part is gated by its own condition.
 */
export async function recordModelCall({
  record,
  settle,
  quota,
}: {
  record: ModelCallRecord;
  settle: { month: string; delta: number } | null;
  quota: Omit<ProviderQuotaRow, "updatedAt"> | null;
}): Promise<void> {
  const r = record;
  const ts = (d: Date | null | undefined) => d?.toISOString() ?? null;
  await db().execute(sql`
    with settled as (
      update ${tokenBudgets} set used = greatest(0, used + ${settle?.delta ?? 0}::bigint), updated_at = now()
      where ${settle !== null} and workspace_id = ${r.workspaceId} and month = ${settle?.month ?? "1970-01-01"}::date
    ), quota as (
      insert into ${providerQuotas} (workspace_id, key_source, remaining_tokens_minute, remaining_requests_day, tokens_reset_at, requests_reset_at)
      select ${r.workspaceId}::uuid, ${r.keySource}::key_source, ${quota?.remainingTokensMinute ?? null}::bigint, ${quota?.remainingRequestsDay ?? null}::bigint,
        ${ts(quota?.tokensResetAt)}::timestamptz, ${ts(quota?.requestsResetAt)}::timestamptz
      where ${quota !== null}
      on conflict (workspace_id, key_source) do update set remaining_tokens_minute = excluded.remaining_tokens_minute,
        remaining_requests_day = excluded.remaining_requests_day, tokens_reset_at = excluded.tokens_reset_at,
        requests_reset_at = excluded.requests_reset_at, updated_at = now()
    )
    insert into ${modelCalls} (workspace_id, user_id, session_id, kind, model, key_source, status, input_tokens, output_tokens, cached_tokens,
      reasoning_tokens, accepted_prediction_tokens, rejected_prediction_tokens, ttft_ms, tokens_per_second, reserved, settled, cost_usd, energy_wh_low, energy_wh_high)
    values (${r.workspaceId}, ${r.userId}, ${r.sessionId}, ${r.kind}, ${r.model}, ${r.keySource}, ${r.status}, ${r.inputTokens}, ${r.outputTokens}, ${r.cachedTokens},
      ${r.reasoningTokens}, ${r.acceptedPredictionTokens}, ${r.rejectedPredictionTokens}, ${r.ttftMs}, ${r.tokensPerSecond}, ${r.reserved}, ${r.settled},
      ${r.costUsd}, ${r.energyWhLow}, ${r.energyWhHigh})`);
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
