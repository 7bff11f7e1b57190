import type Stripe from "stripe";

import type { Plan } from "@/db/enums";

/** What a subscription, as Stripe has it now, grants the workspace. Pure: the webhook's one rule. */
export interface SubscriptionState {
  stripeSubscriptionId: string;
  status: Stripe.Subscription.Status;
  plan: Plan;
  /** The workspace keeps `plan` until this date, then falls back to Free (lib/plans/entitlements.ts). */
  planUntil: Date | null;
  seats: number;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const fromUnix = (seconds: number | null | undefined) => (typeof seconds === "number" ? new Date(seconds * 1000) : null);

/** Statuses that still grant the paid plan (past_due only for its grace period). */
export const liveStatuses: ReadonlySet<string> = new Set(["active", "trialing", "past_due"]);

export function subscriptionState(subscription: Stripe.Subscription, prices: { pro: string; team: string }, graceDays: number): SubscriptionState {
  const item = subscription.items.data[0];
  const priceId = item?.price.id;
  const paidPlan: Plan | null = priceId === prices.team ? "team" : priceId === prices.pro ? "pro" : null;
  // A price this deployment does not sell is a configuration error: fail so Stripe retries once it is fixed.
  if (!paidPlan) throw new Error(`subscription ${subscription.id} has price ${priceId ?? "none"}, which is neither STRIPE_PRICE_PRO nor STRIPE_PRICE_TEAM`);
  const periodStart = fromUnix(item?.current_period_start);
  const periodEnd = fromUnix(item?.current_period_end);
  const base = {
    stripeSubscriptionId: subscription.id,
    status: subscription.status,
    seats: item?.quantity ?? 1,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    currentPeriodEnd: periodEnd,
  };
  if (subscription.status === "active" || subscription.status === "trialing") {
    // Cancelled at period end (or at a set date): paid until then, Free after, with no further event needed.
    const endsAt = subscription.cancel_at_period_end ? periodEnd : fromUnix(subscription.cancel_at);
    return { ...base, plan: paidPlan, planUntil: endsAt };
  }
  if (subscription.status === "past_due") {
    // The renewal failed: the new period's start plus the grace days, the same date however often it is re-read.
    const from = periodStart ?? new Date();
    return { ...base, plan: paidPlan, planUntil: new Date(from.getTime() + graceDays * DAY_MS) };
  }
  // canceled, unpaid, incomplete, incomplete_expired, paused: nothing paid for.
  return { ...base, plan: "free", planUntil: null };
}
