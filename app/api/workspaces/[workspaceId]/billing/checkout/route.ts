import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { checkoutBodySchema } from "@/lib/billing/contract";
import { startCheckout } from "@/lib/billing/service";
import { json, parseJson, route } from "@/lib/http/route";

/** Answers the Stripe Checkout URL to send the browser to; the plan changes only when the webhook says so. */
export const POST = route<{ workspaceId: string }>("billing", async (request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "billing.manage");
  const body = await parseJson(request, checkoutBodySchema, { surface: "billing" });
  return json(await startCheckout(actor, body, request.url));
});
