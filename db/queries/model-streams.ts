import "server-only";

import { sql } from "drizzle-orm";

import type { ToolStreamVerdict } from "../enums";
import { db } from "../client";
import { modelStreamVerdicts } from "../schema";

/** Every model's verdict (one row per model ever seen to call a tool): small. */
export async function listModelStreamVerdicts(): Promise<Record<string, ToolStreamVerdict>> {
  const rows = await db().select({ model: modelStreamVerdicts.model, verdict: modelStreamVerdicts.verdict }).from(modelStreamVerdicts);
  return Object.fromEntries(rows.map((r) => [r.model, r.verdict]));
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
