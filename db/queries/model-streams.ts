import "server-only";

import { isNotNull, sql } from "drizzle-orm";

import type { ToolStreamVerdict } from "../enums";
import { db } from "../client";
import { modelStreamVerdicts } from "../schema";

/** Every model's tool-stream verdict (one row per model ever seen to call a tool): small. */
export async function listModelStreamVerdicts(): Promise<Record<string, ToolStreamVerdict>> {
  const rows = await db()
    .select({ model: modelStreamVerdicts.model, verdict: modelStreamVerdicts.verdict })
    .from(modelStreamVerdicts)
    .where(isNotNull(modelStreamVerdicts.verdict));
  return Object.fromEntries(rows.map((r) => [r.model, r.verdict as ToolStreamVerdict]));
}

/**
 * How long a refusal of `prediction` with `tools` is believed. After it, one turn sends both again;
 * a server that still refuses costs that turn one quick 400 and is believed for as long again.
 */
export const PREDICTION_REFUSAL_KEPT = sql.raw("interval '7 days'");

/** The models whose server refused `prediction` sent with `tools` within PREDICTION_REFUSAL_KEPT. */
export async function listPredictionWithToolsRefused(): Promise<string[]> {
  const rows = await db()
    .select({ model: modelStreamVerdicts.model })
    .from(modelStreamVerdicts)
    .where(sql`${modelStreamVerdicts.predictionWithToolsRefusedAt} > now() - ${PREDICTION_REFUSAL_KEPT}`);
  return rows.map((r) => r.model);
}

/** Records that the model's server refused `prediction` with `tools`; writes only when that is news. */
export async function markPredictionWithToolsRefused(model: string): Promise<void> {
  await db()
    .insert(modelStreamVerdicts)
    .values({ model, predictionWithToolsRefusedAt: sql`now()` })
    .onConflictDoUpdate({
      target: modelStreamVerdicts.model,
      set: { predictionWithToolsRefusedAt: sql`now()`, updatedAt: sql`now()` },
      setWhere: sql`${modelStreamVerdicts.predictionWithToolsRefusedAt} is null or ${modelStreamVerdicts.predictionWithToolsRefusedAt} <= now() - ${PREDICTION_REFUSAL_KEPT}`,
    });
}

export async function upsertModelStreamVerdict({
  model,
  verdict,
  deltas,
  bytes,
}: {
  model: string;
  verdict: ToolStreamVerdict;
  deltas: number;
  bytes: number;
}): Promise<void> {
  await db()
    .insert(modelStreamVerdicts)
    .values({ model, verdict, deltas, bytes })
    .onConflictDoUpdate({ target: modelStreamVerdicts.model, set: { verdict, deltas, bytes, updatedAt: sql`now()` } });
}
