import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as checkoutRoute } from "@/app/api/workspaces/[workspaceId]/billing/checkout/route";
import { POST as portalRoute } from "@/app/api/workspaces/[workspaceId]/billing/portal/route";
import { POST as webhookRoute } from "@/app/api/billing/stripe-webhook/route";
import { getWorkspaceBillingById } from "@/db/queries/billing";
import { effectivePlan } from "@/lib/plans/entitlements";
import { createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { call, sessionCookie } from "@/lib/testing/http";
import { startScriptedStripe, type ScriptedStripe, type StripeEventBody } from "@/lib/testing/stripe/server";
import { addMemberByEmail, createTeamWorkspace } from "@/lib/workspaces/service";
import { resolveWorkspaceAccess } from "@/lib/auth/access";

/**
 * The webhook end to end: the real route handlers, the real stripe client pointed at the scripted
 * Stripe server, payloads signed with the library's test-header helper. Whatever the delivery order
 * or count, the workspace ends in the subscription's latest state.
 */
const WEBHOOK_SECRET = "whsec_wafer_test_secret";
const DAY_MS = 24 * 60 * 60 * 1000;
let stripe: ScriptedStripe;

beforeAll(async () => {
  stripe = await startScriptedStripe({ webhookSecret: WEBHOOK_SECRET });
  // env() is read lazily: set before any route runs in this file.
  Object.assign(process.env, { STRIPE_SECRET_KEY: stripe.secretKey, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: stripe.url, BILLING_GRACE_DAYS: "7" });
  await prepareTestDatabase();
});

afterAll(() => stripe.close());

function deliver(event: StripeEventBody, signature?: string): Promise<Response> {
  const payload = JSON.stringify(event);
  return call(webhookRoute, {
    method: "POST",
    path: "/api/billing/stripe-webhook",
    origin: null,
    body: payload,
    headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature ?? stripe.sign(payload) },
  });
}

async function delivered(event: StripeEventBody): Promise<{ duplicate: boolean }> {
  const response = await deliver(event);
  expect(response.status, await response.clone().text()).toBe(200);
  const { duplicate } = (await response.json()) as { duplicate: boolean };
  return { duplicate };
}

async function billingOf(workspaceId: string) {
  const row = await getWorkspaceBillingById({ workspaceId });
  if (!row) throw new Error("workspace vanished");
  return { ...row, effective: effectivePlan(row.plan, row.planUntil) };
}

/** A team workspace whose owner went through Checkout; returns its paid subscription's id. */
async function subscribed(plan: "pro" | "team", seats = 1) {
  const owner = await createTestUser("payer");
  const team = await createTeamWorkspace({ userId: owner.userId, name: "Billing team" });
  const cookie = await sessionCookie(owner.userId);
  const response = await call(checkoutRoute, {
    method: "POST",
    path: `/api/workspaces/${team.id}/billing/checkout`,
    params: { workspaceId: team.id },
    cookie,
    json: plan === "team" ? { plan, seats } : { plan },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const { url } = (await response.json()) as { url: string };
  const session = stripe.checkoutSessions().find((s) => url.endsWith(`/pay/${s.id}`));
  expect(session?.line_items).toEqual([{ price: plan === "team" ? "price_wafer_team" : "price_wafer_pro", quantity: seats }]);
  // Redirecting to Checkout changes nothing: only the webhook does.
  expect((await billingOf(team.id)).plan).toBe("free");
  const { subscription, events } = stripe.completeCheckout(session!.id);
  return { owner, team, cookie, subscription, events };
}

describe("Stripe webhook", () => {
  it("Checkout then the webhook upgrades; a second delivery of the same event is a no-op", async () => {
    const { team, subscription, events } = await subscribed("pro");
    for (const event of events) expect(await delivered(event)).toEqual({ duplicate: false });
    const after = await billingOf(team.id);
    expect(after).toMatchObject({ plan: "pro", planUntil: null, effective: "pro" });
    expect(after.subscription).toMatchObject({ stripeSubscriptionId: subscription.id, status: "active", seats: 1 });
    // Delivered again (Stripe retries when an answer is lost): recorded once, changes nothing.
    for (const event of events) expect(await delivered(event)).toEqual({ duplicate: true });
    expect((await billingOf(team.id)).plan).toBe("pro");
  });

  it("converges on the latest state whatever the arrival order", async () => {
    const { team, subscription, events } = await subscribed("pro");
    const cancelled = stripe.updateSubscription(subscription.id, (s) => (s.cancel_at_period_end = true));
    const resumed = stripe.updateSubscription(subscription.id, (s) => (s.cancel_at_period_end = false));
    // Newest first, the creation last: each delivery re-reads the subscription, so all end "active, no end date".
    for (const event of [resumed, cancelled, ...events.reverse()]) await delivered(event);
    expect(await billingOf(team.id)).toMatchObject({ plan: "pro", planUntil: null });

    const periodEnd = subscription.items.data[0]!.current_period_end;
    const cancelAgain = stripe.updateSubscription(subscription.id, (s) => (s.cancel_at_period_end = true));
    await delivered(cancelAgain);
    const ending = await billingOf(team.id);
    // Cancelled at period end: paid until then, Free after, with no further event needed.
    expect(ending).toMatchObject({ plan: "pro", effective: "pro", subscription: { cancelAtPeriodEnd: true } });
    expect(ending.planUntil?.getTime()).toBe(periodEnd * 1000);
    expect(effectivePlan(ending.plan, ending.planUntil, new Date(periodEnd * 1000 + 1))).toBe("free");

    const deleted = stripe.updateSubscription(subscription.id, (s) => (s.status = "canceled"), "customer.subscription.deleted");
    const staleUpdate = stripe.updateSubscription(subscription.id, () => {});
    await delivered(deleted);
    await delivered(staleUpdate);
    await delivered(resumed);
    expect(await billingOf(team.id)).toMatchObject({ plan: "free", effective: "free", subscription: { status: "canceled" } });
  });

  it("concurrent deliveries, each twice, in a shuffled order: one application each, latest state", async () => {
    const { team, subscription, events } = await subscribed("team", 3);
    const updates = [4, 5, 6].map((seats) => stripe.updateSubscription(subscription.id, (s) => (s.items.data[0]!.quantity = seats)));
    const all = [...events, ...updates];
    const shuffled = [...all, ...all].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(shuffled.map((event) => delivered(event)));
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(all.length);
    expect(await billingOf(team.id)).toMatchObject({ plan: "team", subscription: { seats: 6, status: "active" } });
  });

  it("past_due keeps the plan for the grace period, then Free; paid again restores it", async () => {
    const { team, subscription, events } = await subscribed("pro");
    for (const event of events) await delivered(event);
    const periodStart = subscription.items.data[0]!.current_period_start * 1000;
    await delivered(stripe.updateSubscription(subscription.id, (s) => (s.status = "past_due")));
    const grace = await billingOf(team.id);
    expect(grace).toMatchObject({ plan: "pro", effective: "pro", subscription: { status: "past_due" } });
    expect(grace.planUntil?.getTime()).toBe(periodStart + 7 * DAY_MS);
    expect(effectivePlan(grace.plan, grace.planUntil, new Date(periodStart + 7 * DAY_MS))).toBe("free");
    await delivered(stripe.updateSubscription(subscription.id, (s) => (s.status = "active"), "invoice.paid"));
    expect(await billingOf(team.id)).toMatchObject({ plan: "pro", planUntil: null });
  });

  it("Team seats come from the subscription's quantity and are enforced on members", async () => {
    const { owner, team, subscription, events } = await subscribed("team", 2);
    for (const event of events) await delivered(event);
    expect(await billingOf(team.id)).toMatchObject({ plan: "team", subscription: { seats: 2 } });
    const actor = await resolveWorkspaceAccess({ userId: owner.userId, workspaceId: team.id, action: "members.manage" });
    const second = await createTestUser("seat2");
    const third = await createTestUser("seat3");
    await addMemberByEmail(actor, { email: second.email, role: "member" });
    await expect(addMemberByEmail(actor, { email: third.email, role: "member" })).rejects.toMatchObject({ code: "forbidden:workspace" });
    await delivered(stripe.updateSubscription(subscription.id, (s) => (s.items.data[0]!.quantity = 3)));
    expect((await billingOf(team.id)).subscription?.seats).toBe(3);
    await addMemberByEmail(actor, { email: third.email, role: "member" });
  });

  it("refuses a bad signature, a stale timestamp and a tampered body, changing nothing", async () => {
    const { team, events } = await subscribed("pro");
    const event = events[1]!;
    const payload = JSON.stringify(event);
    const refusals = [
      await deliver(event, stripe.sign(payload, "whsec_someone_else")),
      await deliver(event, stripe.sign(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 600)),
      await deliver(event, "t=1,v1=deadbeef"),
      await deliver({ ...event, id: "evt_tampered" }, stripe.sign(payload)),
    ];
    expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect((await refusals[0]!.json()) as unknown).toMatchObject({ code: "bad_request:billing" });
    expect((await billingOf(team.id)).plan).toBe("free");
    // None of them was recorded: the genuine delivery still applies.
    expect(await delivered(event)).toEqual({ duplicate: false });
    expect((await billingOf(team.id)).plan).toBe("pro");
  });

  it("a handler error answers 5xx and records nothing, so Stripe's retry applies it", async () => {
    const { team, subscription, events } = await subscribed("pro");
    const aboutMissing = stripe.event("customer.subscription.updated", { ...subscription, id: "sub_missing" });
    const failed = await deliver(aboutMissing);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await billingOf(team.id)).plan).toBe("free");
    for (const event of events) await delivered(event);
    expect((await billingOf(team.id)).plan).toBe("pro");
  });

  it("the portal link goes to the workspace's customer; Checkout twice is refused once subscribed", async () => {
    const { team, cookie, events } = await subscribed("pro");
    for (const event of events) await delivered(event);
    const portal = await call(portalRoute, { method: "POST", path: `/api/workspaces/${team.id}/billing/portal`, params: { workspaceId: team.id }, cookie });
    expect(portal.status).toBe(200);
    const customer = (await billingOf(team.id)).subscription!.stripeCustomerId;
    expect(((await portal.json()) as { url: string }).url).toBe(`${stripe.url}/portal/${customer}`);
    const again = await call(checkoutRoute, { method: "POST", path: `/api/workspaces/${team.id}/billing/checkout`, params: { workspaceId: team.id }, cookie, json: { plan: "pro" } });
    expect(again.status).toBe(409);
  });
});
