import "server-only";

import { listModelStreamVerdicts, listPredictionWithToolsRefused } from "@/db/queries/model-streams";
import type { Plan, ToolStreamVerdict } from "@/db/enums";
import { upgradeHint } from "@/lib/plans/upgrade";
import type { PlanAccess } from "@/lib/plans/access";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

import { capabilitiesFor, DEFAULT_MODEL_ID, DEMO_MODEL_ID, mergeCatalog, modelCatalog, type ModelCapabilities } from "./catalog";
import { configuredEndpoint, fetchModelIds, type EndpointKind } from "./provider";

/** A model as the picker shows it: its flags, how its server was seen to stream edits, and whether the plan locks it. */
export type ListedModel = ModelCapabilities & { toolStream?: ToolStreamVerdict | null; predictionRefused?: boolean; locked?: boolean };

export interface ModelsListing {
  models: ListedModel[];
  defaultModel: string;
  endpoint: EndpointKind;
  /** Shown to the user when the provider's model list could not be read. */
  warning?: string;
  /** Listed for one workspace: its plan (for the upgrade prompt) and whose key serves its turns. */
  workspace?: { plan: Plan; slug: string; keySource: "wafer" | "workspace" };
}

const FRESH_MS = 5 * 60_000;
const RETRY_MS = 30_000;

// A cache, not state: another instance simply fetches its own copy.
let cached: { at: number; ttl: number; value: ModelsListing } | undefined;
let inflight: Promise<ModelsListing> | undefined;

async function loadListing(): Promise<{ value: ModelsListing; ttl: number }> {
  const endpoint = configuredEndpoint();
  const demo = capabilitiesFor(DEMO_MODEL_ID);
  if (!endpoint) return { value: { models: [demo], defaultModel: DEMO_MODEL_ID, endpoint: "demo" }, ttl: Infinity };
  try {
    const ids = await fetchModelIds(endpoint, AbortSignal.timeout(5000));
    const models = mergeCatalog(ids.filter((id) => id !== DEMO_MODEL_ID));
    const preferred = env().AI_DEFAULT_MODEL ?? DEFAULT_MODEL_ID;
    const defaultModel = models.some((m) => m.id === preferred) ? preferred : (models[0]?.id ?? DEMO_MODEL_ID);
    return { value: { models: [...models, demo], defaultModel, endpoint: endpoint.kind }, ttl: FRESH_MS };
  } catch (error) {
    console.error("[upstream:model] listing models failed:", error);
    const fallback = capabilitiesFor(env().AI_DEFAULT_MODEL ?? DEFAULT_MODEL_ID);
    return {
      value: {
        models: [fallback, demo],
        defaultModel: fallback.id,
        endpoint: endpoint.kind,
        warning: "Could not read the provider's model list; showing the default model.",
      },
      ttl: RETRY_MS,
    };
  }
}

export async function listModels(): Promise<ModelsListing> {
  if (cached && Date.now() - cached.at < cached.ttl) return cached.value;
  inflight ??= loadListing()
    .then(({ value, ttl }) => {
      cached = { at: Date.now(), ttl, value };
      return value;
    })
    .finally(() => {
      inflight = undefined;
    });
  return inflight;
}

/** The listing with each model's observed tool streaming, read fresh: another instance may have seen it. */
export async function listModelsForPicker(): Promise<ModelsListing> {
  const [listing, verdicts, refused] = await Promise.all([listModels(), listModelStreamVerdicts(), listPredictionWithToolsRefused()]);
  return { ...listing, models: listing.models.map((m) => ({ ...m, toolStream: verdicts[m.id] ?? null, predictionRefused: refused.includes(m.id) })) };
}

/**
 * The model for a turn. Known catalog ids resolve without waiting on /models, so a cold cache never
 * sits between Enter and the first token; unknown ids must appear in the provider's list.
 */
export async function resolveModel(
  requested: string | undefined,
  access: PlanAccess,
  /** The models the workspace's own key reaches (lib/provider-keys); null when Wafer's key serves the turn. */
  keyModels: readonly string[] | null = null,
): Promise<ModelCapabilities> {
  if (keyModels) return resolveKeyModel(requested, keyModels);
  const listing = requested && modelCatalog[requested] && !cached ? null : await listModels();
  const id = requested ?? listing?.defaultModel ?? env().AI_DEFAULT_MODEL ?? DEFAULT_MODEL_ID;
  const known = listing ? listing.models.find((m) => m.id === id) : capabilitiesFor(id);
  if (!known) throw new AppError("bad_request:model", { message: `The model “${id}” is not available here.` });
  if (known.premium && !access.entitlements.premiumModels) {
    const hint = upgradeHint((e) => e.premiumModels);
    throw new AppError("forbidden:model", { message: `${known.label} is a premium model; this workspace is on the ${access.plan} plan. ${hint.message}`, details: { upgradeTo: hint.plan } });
  }
  if (!known.demo && configuredEndpoint() === null) {
    throw new AppError("bad_request:model", {
      message: "No model provider is configured. Set CEREBRAS_API_KEY, or AI_BASE_URL and AI_API_KEY, then restart Wafer.",
    });
  }
  return known;
}

/** With the workspace's own key, its /v1/models list is what it may use, premium or not: the plan does not gate it. */
function resolveKeyModel(requested: string | undefined, keyModels: readonly string[]): ModelCapabilities {
  const preferred = env().AI_DEFAULT_MODEL ?? DEFAULT_MODEL_ID;
  const id = requested ?? (keyModels.includes(preferred) ? preferred : (keyModels[0] ?? DEMO_MODEL_ID));
  if (id !== DEMO_MODEL_ID && !keyModels.includes(id)) {
    throw new AppError("bad_request:model", { message: `The workspace's API key cannot use the model “${id}”.` });
  }
  return capabilitiesFor(id);
}
