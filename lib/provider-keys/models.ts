import "server-only";

import { getProviderKeyByWorkspaceId } from "@/db/queries/provider-keys";
import { getWorkspaceBillingById } from "@/db/queries/billing";
import { capabilitiesFor, DEMO_MODEL_ID, mergeCatalog } from "@/lib/ai/catalog";
import { listModelsForPicker, type ModelsListing } from "@/lib/ai/models";
import { AppError } from "@/lib/errors";
import { effectivePlan, entitlementsFor } from "@/lib/plans/entitlements";
import type { ProjectAccess } from "@/lib/projects/access";

import { modelsForKey, providerKeyFromRow } from "./service";

/**
 * The picker's list for one workspace: with its own key, the models that key reaches (none locked);
 * with Wafer's, every model, premium ones marked locked for a plan without them, so the picker shows
 * them with an upgrade prompt instead of hiding them. The server refuses a locked model anyway.
 */
export async function listModelsForWorkspace(access: ProjectAccess): Promise<ModelsListing> {
  const [billing, stored] = await Promise.all([getWorkspaceBillingById({ workspaceId: access.workspaceId }), getProviderKeyByWorkspaceId({ workspaceId: access.workspaceId })]);
  if (!billing) throw new AppError("not_found:project");
  const plan = effectivePlan(billing.plan, billing.planUntil);
  const workspace = { plan, slug: billing.slug };
  const key = providerKeyFromRow(access.workspaceId, stored);
  if (key.source === "workspace") {
    const ids = await modelsForKey(key);
    const models = [...mergeCatalog(ids.filter((id) => id !== DEMO_MODEL_ID)), capabilitiesFor(DEMO_MODEL_ID)];
    return { models, defaultModel: models[0]!.id, endpoint: "custom", workspace: { ...workspace, keySource: "workspace" } };
  }
  const listing = await listModelsForPicker();
  const premium = entitlementsFor(plan, billing.entitlementOverrides).premiumModels;
  return {
    ...listing,
    models: listing.models.map((m) => (m.premium && !premium ? { ...m, locked: true } : m)),
    workspace: { ...workspace, keySource: "wafer" },
  };
}
