import "server-only";

import { createHash } from "node:crypto";

import { deleteProviderKeyByWorkspaceId, getProviderKeyByWorkspaceId, upsertProviderKey } from "@/db/queries/provider-keys";
import { configuredEndpoint, fetchModelIds, type ModelEndpoint } from "@/lib/ai/provider";
import type { ProviderKeySummary } from "@/lib/billing/contract";
import { dataDir, env, localSecret } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { WorkspaceActor } from "@/lib/workspaces/service";

import { open, seal } from "./seal";

/** Whose key a model call uses: Wafer's (counted against the plan's budget) or the workspace's own (not counted). */
export type KeySource = "wafer" | "workspace";

export type ProviderKeyChoice =
  /** baseURL null: no provider configured (the demo model only). */
  | { source: "wafer"; apiKey: string | undefined; baseURL: string | null }
  | { source: "workspace"; apiKey: string; baseURL: string };
type WorkspaceKey = Extract<ProviderKeyChoice, { source: "workspace" }>;

/** A stored key as the turn-state read returns it (db/queries/sessions.ts), so the chat reads no extra row. */
export interface StoredProviderKey {
  baseUrl: string;
  encryptedKey: string;
}

const normalise = (url: string) => url.trim().replace(/\/+$/, "");

/** Where a workspace key may be sent: a fixed list, so a key can never point the server at an arbitrary host. */
export function allowedBaseUrls(): string[] {
  return env().BYOK_ALLOWED_BASE_URLS.split(",").map(normalise).filter(Boolean);
}

let encryptionKeyCache: Buffer | undefined;

/** WAFER_KEY_ENCRYPTION_KEY (32 bytes, base64), else one generated into the data dir like the auth secret. */
function encryptionKey(): Buffer {
  if (encryptionKeyCache) return encryptionKeyCache;
  const configured = env().WAFER_KEY_ENCRYPTION_KEY;
  const key = Buffer.from(configured ?? localSecret(dataDir(), "key-encryption-key", 32), configured ? "base64" : "base64url");
  if (key.length !== 32) throw new Error("WAFER_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  encryptionKeyCache = key;
  return key;
}

const waferChoice = (): ProviderKeyChoice => {
  const endpoint = configuredEndpoint();
  return { source: "wafer", apiKey: endpoint?.apiKey, baseURL: endpoint?.baseURL ?? null };
};

/** The key a workspace's model calls use, from its stored row (or Wafer's when it has none). */
export function providerKeyFromRow(workspaceId: string, row: StoredProviderKey | null): ProviderKeyChoice {
  if (!row) return waferChoice();
  // Checked on every use too: an operator who narrows the allowlist stops old keys at once.
  if (!allowedBaseUrls().includes(normalise(row.baseUrl))) {
    throw new AppError("conflict:provider_key", { message: "This workspace's API key is for a provider this server no longer allows. An admin can add a new key in settings." });
  }
  let apiKey: string;
  try {
    apiKey = open(row.encryptedKey, encryptionKey(), workspaceId);
  } catch (cause) {
    throw new AppError("conflict:provider_key", {
      message: "This workspace's API key can no longer be read (the server's encryption key changed). An admin can add it again in settings.",
      cause,
    });
  }
  return { source: "workspace", apiKey, baseURL: normalise(row.baseUrl) };
}

export async function providerKeyFor(workspaceId: string): Promise<ProviderKeyChoice> {
  return providerKeyFromRow(workspaceId, await getProviderKeyByWorkspaceId({ workspaceId }));
}

/** The model endpoint of a workspace key; Wafer's own stays lib/ai/provider's configured endpoint. */
export function workspaceEndpoint(choice: WorkspaceKey): ModelEndpoint {
  return { kind: "custom", name: "workspace", baseURL: choice.baseURL, apiKey: choice.apiKey };
}

const MODELS_FRESH_MS = 5 * 60_000;
// A cache, not state: keyed by a hash of the key, and another instance simply asks the provider itself.
const keyModels = new Map<string, { at: number; ids: Promise<string[]> }>();
const fingerprint = (choice: ProviderKeyChoice) => createHash("sha256").update(`${choice.baseURL}\n${choice.apiKey}`).digest("hex");

/** The models a workspace key reaches: its /v1/models list. */
export function modelsForKey(choice: WorkspaceKey): Promise<string[]> {
  const id = fingerprint(choice);
  const hit = keyModels.get(id);
  if (hit && Date.now() - hit.at < MODELS_FRESH_MS) return hit.ids;
  const ids = fetchModelIds(workspaceEndpoint(choice), AbortSignal.timeout(5000));
  keyModels.set(id, { at: Date.now(), ids });
  ids.catch(() => keyModels.delete(id));
  return ids;
}

const summaryOf = (row: { last4: string; baseUrl: string; updatedAt: Date }): ProviderKeySummary => ({ last4: row.last4, baseUrl: row.baseUrl, updatedAt: row.updatedAt.toISOString() });

export async function providerKeySummary(workspaceId: string): Promise<ProviderKeySummary | null> {
  const row = await getProviderKeyByWorkspaceId({ workspaceId });
  return row ? summaryOf(row) : null;
}

/**
 * Adds or replaces the workspace's key, after the provider accepted it on /v1/models. Only the
 * ciphertext is stored; the answer names the key by its last 4 characters and lists what it reaches.
 */
export async function saveProviderKey(actor: WorkspaceActor, { apiKey }: { apiKey: string }): Promise<{ key: ProviderKeySummary; models: string[] }> {
  const baseURL = allowedBaseUrls()[0];
  if (!baseURL) throw new AppError("bad_request:provider_key", { message: "This server allows no provider for workspace keys (BYOK_ALLOWED_BASE_URLS is empty)." });
  const choice: WorkspaceKey = { source: "workspace", apiKey, baseURL };
  let models: string[];
  try {
    models = await fetchModelIds(workspaceEndpoint(choice), AbortSignal.timeout(10_000));
  } catch (cause) {
    const refused = /answered 40[13]/.test(String(cause));
    throw new AppError("bad_request:provider_key", {
      message: refused ? "The provider refused this key. Check it and try again." : "The provider could not be reached to check this key. Try again later.",
      cause,
    });
  }
  if (models.length === 0) throw new AppError("bad_request:provider_key", { message: "This key reaches no models." });
  keyModels.set(fingerprint(choice), { at: Date.now(), ids: Promise.resolve(models) });
  const row = { baseUrl: baseURL, encryptedKey: seal(apiKey, encryptionKey(), actor.workspaceId), last4: apiKey.slice(-4) };
  await upsertProviderKey({ workspaceId: actor.workspaceId, createdBy: actor.userId, ...row });
  return { key: summaryOf({ ...row, updatedAt: new Date() }), models };
}

/** Idempotent: deleting a key that is not there is not an error. */
export async function deleteProviderKey(actor: WorkspaceActor): Promise<void> {
  await deleteProviderKeyByWorkspaceId({ workspaceId: actor.workspaceId });
}
