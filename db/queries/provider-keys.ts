import "server-only";

import { eq } from "drizzle-orm";

import { db } from "../client";
import { workspaceProviderKeys } from "../schema";

export type ProviderKeyRow = typeof workspaceProviderKeys.$inferSelect;

export async function getProviderKeyByWorkspaceId({ workspaceId }: { workspaceId: string }): Promise<ProviderKeyRow | null> {
  const [row] = await db().select().from(workspaceProviderKeys).where(eq(workspaceProviderKeys.workspaceId, workspaceId));
  return row ?? null;
}

/** Adds or replaces the workspace's key. */
export async function upsertProviderKey(values: { workspaceId: string; baseUrl: string; encryptedKey: string; last4: string; createdBy: string }): Promise<void> {
  const { baseUrl, encryptedKey, last4, createdBy } = values;
  await db()
    .insert(workspaceProviderKeys)
    .values(values)
    .onConflictDoUpdate({ target: workspaceProviderKeys.workspaceId, set: { baseUrl, encryptedKey, last4, createdBy, updatedAt: new Date() } });
}

export async function deleteProviderKeyByWorkspaceId({ workspaceId }: { workspaceId: string }): Promise<boolean> {
  const rows = await db().delete(workspaceProviderKeys).where(eq(workspaceProviderKeys.workspaceId, workspaceId)).returning({ id: workspaceProviderKeys.workspaceId });
  return rows.length > 0;
}
