import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { providerKeyBodySchema } from "@/lib/billing/contract";
import { json, parseJson, route } from "@/lib/http/route";
import { deleteProviderKey, saveProviderKey } from "@/lib/provider-keys/service";

type Params = { workspaceId: string };

/** Adds or replaces the workspace's own model API key; the answer never carries the key, only its last 4. */
export const PUT = route<Params>("provider_key", async (request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "billing.manage");
  const body = await parseJson(request, providerKeyBodySchema, { surface: "provider_key" });
  return json(await saveProviderKey(actor, body));
});

export const DELETE = route<Params>("provider_key", async (_request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "billing.manage");
  await deleteProviderKey(actor);
  return new Response(null, { status: 204 });
});
