import "server-only";

import { eq, sql } from "drizzle-orm";

import { db } from "../client";
import { userSettings } from "../schema";

export type UserSettingsRow = typeof userSettings.$inferSelect;
export type UserSettingsValues = Omit<UserSettingsRow, "userId" | "updatedAt">;

export async function getUserSettingsByUserId({ userId }: { userId: string }): Promise<UserSettingsRow | null> {
  const [row] = await db().select().from(userSettings).where(eq(userSettings.userId, userId)).limit(1);
  return row ?? null;
}

/** Writes the whole set (the form always sends every field), creating the row on first save. */
export async function upsertUserSettings({ userId, values }: { userId: string; values: UserSettingsValues }): Promise<UserSettingsRow> {
  const [row] = await db()
    .insert(userSettings)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: userSettings.userId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error("upsert into user_settings returned no row");
  return row;
}
