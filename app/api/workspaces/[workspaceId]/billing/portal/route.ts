import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { openBillingPortal } from "@/lib/billing/service";
import { json, route } from "@/lib/http/route";

/** Answers a Stripe customer-portal URL: plan, seats, payment method and cancellation are changed there. */
export const POST = route<{ workspaceId: string }>("billing", async (request, { workspaceId }) => {
  const actor = await requireWorkspaceAccess(workspaceId, "billing.manage");
  return json(await openBillingPortal(actor, request.url));
});
