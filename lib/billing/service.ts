import "server-only";

import { countMembersByWorkspaceId, getWorkspaceBillingById, insertBillingCustomerIfAbsent } from "@/db/queries/billing";
import type { Plan } from "@/db/enums";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { effectivePlan, entitlementsFor } from "@/lib/plans/entitlements";
import type { WorkspaceActor } from "@/lib/workspaces/service";

import type { BillingOverview, CheckoutBody } from "./contract";
import { stripeConfig } from "./stripe-client";
import { liveStatuses } from "./subscription-state";


/** Team seats: an operator's override first, then the seats paid for, then the plan's row. */
export function seatLimit(billing: { plan: Plan; planUntil: Date | null; entitlementOverrides: unknown; subscription: { plan: Plan | null; seats: number | null } | null }): number {
  const plan = effectivePlan(billing.plan, billing.planUntil);
  const fromTable = entitlementsFor(plan, billing.entitlementOverrides).seats;
  const paid = plan === "team" && billing.subscription?.plan === "team" ? billing.subscription.seats : null;
  const overridden = (billing.entitlementOverrides as { seats?: unknown } | null)?.seats !== undefined;
  return paid !== null && !overridden ? paid : fromTable;
}

export async function billingOverview(actor: WorkspaceActor): Promise<BillingOverview> {
  const billing = await getWorkspaceBillingById({ workspaceId: actor.workspaceId });
  if (!billing) throw new AppError("not_found:workspace");
  const plan = effectivePlan(billing.plan, billing.planUntil);
  return {
    plan,
    planUntil: plan !== "free" && billing.planUntil ? billing.planUntil.toISOString() : null,
    status: billing.subscription?.status ?? null,
    seats: seatLimit(billing),
    members: await countMembersByWorkspaceId({ workspaceId: actor.workspaceId }),
    cancelAtPeriodEnd: billing.subscription?.cancelAtPeriodEnd ?? false,
    stripe: stripeConfig() !== null,
    hasCustomer: Boolean(billing.subscription?.stripeCustomerId),
  };
}

function requireStripe() {
  const config = stripeConfig();
  if (!config) throw new AppError("not_found:billing", { message: "Billing is not configured on this server. An operator can grant a plan with `wafer grant-plan`." });
  return config;
}

/** Stripe Checkout for Pro, or Team with a seat count; the webhook, not the redirect, changes the plan. */
/** Where Stripe sends the browser back: the configured public origin, else the request's own. */
const appOrigin = (requestUrl: string) => env().WAFER_APP_URL?.replace(/\/+$/, "") ?? new URL(requestUrl).origin;

export async function startCheckout(actor: WorkspaceActor, body: CheckoutBody, requestUrl: string): Promise<{ url: string }> {
  const config = requireStripe();
  const billing = await getWorkspaceBillingById({ workspaceId: actor.workspaceId });
  if (!billing) throw new AppError("not_found:workspace");
  if (billing.subscription?.status && liveStatuses.has(billing.subscription.status)) {
    throw new AppError("conflict:billing", { message: "This workspace already has a subscription. Use Manage billing to change it." });
  }
  const members = await countMembersByWorkspaceId({ workspaceId: actor.workspaceId });
  const seats = body.plan === "team" ? body.seats : 1;
  if (seats < members) throw new AppError("bad_request:billing", { message: `This workspace has ${members} members: buy at least ${members} seats.` });
  const customerId =
    billing.subscription?.stripeCustomerId ??
    (await insertBillingCustomerIfAbsent({
      workspaceId: actor.workspaceId,
      // The idempotency key makes two concurrent first Upgrades get the same customer from Stripe.
      stripeCustomerId: (
        await config.client.customers.create({ name: actor.name, metadata: { workspaceId: actor.workspaceId } }, { idempotencyKey: `wafer-customer-${actor.workspaceId}` })
      ).id,
    }));
  const back = `${appOrigin(requestUrl)}/w/${actor.slug}/settings`;
  const session = await config.client.checkout.sessions.create({
    mode: "subscription",
    customer: customerId,
    client_reference_id: actor.workspaceId,
    line_items: [{ price: body.plan === "team" ? config.prices.team : config.prices.pro, quantity: seats }],
    subscription_data: { metadata: { workspaceId: actor.workspaceId } },
    success_url: `${back}?billing=success`,
    cancel_url: `${back}?billing=cancelled`,
  });
  if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
  return { url: session.url };
}

/** The customer portal: plan changes, seats, payment method and cancellation happen at Stripe. */
export async function openBillingPortal(actor: WorkspaceActor, requestUrl: string): Promise<{ url: string }> {
  const config = requireStripe();
  const billing = await getWorkspaceBillingById({ workspaceId: actor.workspaceId });
  const customer = billing?.subscription?.stripeCustomerId;
  if (!customer) throw new AppError("conflict:billing", { message: "This workspace has no billing account yet. Upgrade first." });
  const session = await config.client.billingPortal.sessions.create({ customer, return_url: `${appOrigin(requestUrl)}/w/${actor.slug}/settings` });
  return { url: session.url };
}
