import "server-only";

import type Stripe from "stripe";

import {
  getWorkspaceBillingById,
  insertStripeEventIfNew,
  lockWorkspaceByStripeCustomerId,
  setWorkspacePlan,
  updateBillingSubscription,
} from "@/db/queries/billing";
import { inTransaction } from "@/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

import { stripeConfig } from "./stripe-client";
import { liveStatuses, subscriptionState } from "./subscription-state";

interface SubscriptionRef {
  customerId: string;
  subscriptionId: string;
}

const idOf = (value: unknown): string | null =>
  typeof value === "string" ? value : value && typeof value === "object" && typeof (value as { id?: unknown }).id === "string" ? (value as { id: string }).id : null;

/** The subscription an event is about, whatever its type; null for events that change no plan. */
function subscriptionRef(event: Stripe.Event): SubscriptionRef | null {
  const object = event.data.object as unknown as Record<string, unknown>;
  const customerId = idOf(object.customer);
  if (!customerId) return null;
  if (object.object === "subscription") return { customerId, subscriptionId: String(object.id) };
  // checkout.session.*, and invoice.* under both the old and the current (parent.subscription_details) shape.
  const parent = object.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
  const subscriptionId = idOf(object.subscription) ?? idOf(parent?.subscription_details?.subscription);
  return subscriptionId ? { customerId, subscriptionId } : null;
}

/**
 * Applies one webhook delivery. The signature is checked on the raw body; the event id is recorded in
 * the same transaction as the change, under the workspace's row lock, so a redelivery changes nothing
 * and a failure rolls back and is retried by Stripe (the route answers non-2xx). The change is
 * always the subscription's current state re-read from the Stripe API under that lock, so deliveries
 * in any order, stale ones included, converge on the latest state.
 */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<{ duplicate: boolean }> {
  const config = stripeConfig();
  if (!config) throw new AppError("not_found:billing", { message: "Billing is not configured." });
  if (!signature) throw new AppError("bad_request:billing", { message: "Missing Stripe-Signature header." });
  let event: Stripe.Event;
  try {
    event = await config.client.webhooks.constructEventAsync(rawBody, signature, config.webhookSecret);
  } catch {
    // Wrong secret, tampered body or a timestamp outside the tolerance (a replay).
    throw new AppError("bad_request:billing", { message: "The webhook signature is not valid." });
  }
  const ref = subscriptionRef(event);
  return inTransaction(async (tx) => {
    if (!(await insertStripeEventIfNew({ executor: tx, id: event.id, type: event.type }))) return { duplicate: true };
    if (!ref) return { duplicate: false };
    const workspaceId = await lockWorkspaceByStripeCustomerId({ executor: tx, stripeCustomerId: ref.customerId });
    // A customer this deployment never created (a shared Stripe account): recorded, nothing to change.
    if (!workspaceId) return { duplicate: false };
    const subscription = await config.client.subscriptions.retrieve(ref.subscriptionId);
    const state = subscriptionState(subscription, config.prices, env().BILLING_GRACE_DAYS);
    const current = (await getWorkspaceBillingById({ executor: tx, workspaceId }))?.subscription;
    // An ended older subscription of the same customer must not undo the one in force.
    const other = current?.stripeSubscriptionId && current.stripeSubscriptionId !== state.stripeSubscriptionId;
    if (other && !liveStatuses.has(state.status)) return { duplicate: false };
    await updateBillingSubscription({
      executor: tx,
      workspaceId,
      values: {
        stripeSubscriptionId: state.stripeSubscriptionId,
        status: state.status,
        plan: state.plan,
        seats: state.seats,
        cancelAtPeriodEnd: state.cancelAtPeriodEnd,
        currentPeriodEnd: state.currentPeriodEnd,
      },
    });
    await setWorkspacePlan({ executor: tx, workspaceId, plan: state.plan, planUntil: state.planUntil });
    return { duplicate: false };
  });
}
