import "server-only";

import { sql } from "drizzle-orm";

import { db } from "./client";

const tables = [
  "users",
  "accounts",
  "workspaces",
  "workspace_members",
  "projects",
  "files",
  "coding_sessions",
  "messages",
  "checkpoints",
  "checkpoint_files",
] as const;

/**
 * Test support: a digest of every row of every app table (the throttle counters aside), so a test
 * can prove a refused request changed nothing at all.
 */
export async function databaseFingerprint(): Promise<string> {
  const parts = tables.map((table) => sql`coalesce((select md5(string_agg(t::text, ',' order by t::text)) from ${sql.identifier(table)} t), '-')`);
  const result = await db().execute(sql`select ${sql.join(parts, sql` || `)} as digest`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { digest: string }[];
  return rows[0]!.digest;
}

/** Test support: removes a user outright, as account deletion would. */
export async function deleteUserByIdForTest(userId: string): Promise<void> {
  await db().execute(sql`delete from users where id = ${userId}`);
}

/** Test support: a workspace's plan columns as an operator (or Stripe) would set them. */
export async function setWorkspacePlanForTest({
  workspaceId,
  plan,
  planUntil = null,
  entitlementOverrides = null,
}: {
  workspaceId: string;
  plan: "free" | "pro" | "team";
  planUntil?: Date | null;
  entitlementOverrides?: Record<string, unknown> | null;
}): Promise<void> {
  await db().execute(
    sql`update workspaces set plan = ${plan}, plan_until = ${planUntil?.toISOString() ?? null}, entitlement_overrides = ${entitlementOverrides === null ? null : JSON.stringify(entitlementOverrides)}::jsonb where id = ${workspaceId}`,
  );
}

/** Test support: forgets a workspace's budget buckets (a new month, as far as the test cares). */
export async function resetWorkspaceBudgetForTest(workspaceId: string): Promise<void> {
  await db().execute(sql`delete from token_budgets where workspace_id = ${workspaceId}`);
}

/** Test support: forgets a model's prediction-with-tools refusal (the verdict rows are shared by the whole run). */
export async function clearPredictionRefusalForTest(model: string): Promise<void> {
  await db().execute(sql`update model_stream_verdicts set prediction_with_tools_refused_at = null where model = ${model}`);
}

/** Test support: moves a model's prediction-with-tools refusal `days` into the past. */
export async function agePredictionRefusalForTest(model: string, days: number): Promise<void> {
  await db().execute(sql`update model_stream_verdicts set prediction_with_tools_refused_at = prediction_with_tools_refused_at - make_interval(days => ${days}) where model = ${model}`);
}

/** The project tree's fingerprint computed from its rows, to check the one the triggers keep (migration 0016). */
export async function treeFingerprintFromRowsForTest(projectId: string): Promise<string> {
  const result = await db().execute(
    sql`select count(*)::text || ':' || coalesce(sum(hashtextextended(kind::text || '/' || path, 0)), 0)::text as fingerprint from files where project_id = ${projectId}`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { fingerprint: string }[];
  return rows[0]!.fingerprint;
}
