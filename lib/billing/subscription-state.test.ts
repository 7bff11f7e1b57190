import type Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { subscriptionState } from "./subscription-state";

const prices = { pro: "price_pro", team: "price_team" };
const start = 1_800_000_000;
const end = start + 30 * 86_400;

function subscription(change: Partial<Stripe.Subscription> = {}, price = "price_pro", quantity = 1): Stripe.Subscription {
  return {
    id: "sub_1",
    status: "active",
    cancel_at_period_end: false,
    cancel_at: null,
    items: { data: [{ price: { id: price }, quantity, current_period_start: start, current_period_end: end }] },
    ...change,
  } as unknown as Stripe.Subscription;
}

describe("subscriptionState", () => {
  it("maps each status to the plan it grants and until when", () => {
    expect(subscriptionState(subscription(), prices, 7)).toMatchObject({ plan: "pro", planUntil: null, seats: 1 });
    expect(subscriptionState(subscription({}, "price_team", 4), prices, 7)).toMatchObject({ plan: "team", seats: 4 });
    expect(subscriptionState(subscription({ cancel_at_period_end: true }), prices, 7).planUntil).toEqual(new Date(end * 1000));
    expect(subscriptionState(subscription({ status: "trialing", cancel_at: end + 5 }), prices, 7).planUntil).toEqual(new Date((end + 5) * 1000));
    expect(subscriptionState(subscription({ status: "past_due" }), prices, 3).planUntil).toEqual(new Date((start + 3 * 86_400) * 1000));
    for (const status of ["canceled", "unpaid", "incomplete", "incomplete_expired", "paused"] as const) {
      expect(subscriptionState(subscription({ status }), prices, 7)).toMatchObject({ plan: "free", planUntil: null });
    }
  });

  it("refuses a price this deployment does not sell, so the webhook fails and Stripe retries", () => {
    expect(() => subscriptionState(subscription({}, "price_other"), prices, 7)).toThrow(/neither STRIPE_PRICE_PRO nor STRIPE_PRICE_TEAM/);
  });
});
