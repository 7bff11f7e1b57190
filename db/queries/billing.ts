import "server-only";

import { count, eq } from "drizzle-orm";

import type { Plan } from "../enums";
import { db, type Executor } from "../client";
import { billingSubscriptions, stripeEvents, workspaceMembers, workspaces } from "../schema";

export type BillingSubscriptionRow = typeof billingSubscriptions.$inferSelect;

export interface WorkspaceBilling {
  workspaceId: string;
  slug: string;
  plan: Plan;
  planUntil: Date | null;
  entitlementOverrides: unknown;
  subscription: BillingSubscriptionRow | null;
}

export async function getWorkspaceBillingById({ executor = db(), workspaceId }: { executor?: Executor; workspaceId: string }): Promise<WorkspaceBilling | null> {
  const [row] = await executor
    .select({
      workspaceId: workspaces.id,
      slug: workspaces.slug,
      plan: workspaces.plan,
      planUntil: workspaces.planUntil,
      entitlementOverrides: workspaces.entitlementOverrides,
      subscription: billingSubscriptions,
    })
    .from(workspaces)
    .leftJoin(billingSubscriptions, eq(billingSubscriptions.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId));
  return row ?? null;
}

/** Keeps the first customer recorded for a workspace: two Upgrade clicks at once share one. */
export async function insertBillingCustomerIfAbsent({ workspaceId, stripeCustomerId }: { workspaceId: string; stripeCustomerId: string }): Promise<string> {
  await db().insert(billingSubscriptions).values({ workspaceId, stripeCustomerId }).onConflictDoNothing({ target: billingSubscriptions.workspaceId });
  const [row] = await db().select({ id: billingSubscriptions.stripeCustomerId }).from(billingSubscriptions).where(eq(billingSubscriptions.workspaceId, workspaceId));
  if (!row) throw new Error("billing customer vanished after insert");
  return row.id;
}

/** The workspace billed to a Stripe customer, locked for the rest of the transaction. */
export async function lockWorkspaceByStripeCustomerId({ executor, stripeCustomerId }: { executor: Executor; stripeCustomerId: string }): Promise<string | null> {
  const [row] = await executor
    .select({ workspaceId: workspaces.id })
    .from(billingSubscriptions)
    .innerJoin(workspaces, eq(workspaces.id, billingSubscriptions.workspaceId))
    .where(eq(billingSubscriptions.stripeCustomerId, stripeCustomerId))
    .for("update", { of: workspaces });
  return row?.workspaceId ?? null;
}

/** False when the event was applied before (a redelivery). */
export async function insertStripeEventIfNew({ executor, id, type }: { executor: Executor; id: string; type: string }): Promise<boolean> {
  const rows = await executor.insert(stripeEvents).values({ id, type }).onConflictDoNothing().returning({ id: stripeEvents.id });
  return rows.length > 0;
}

export async function updateBillingSubscription({
  executor,
  workspaceId,
  values,
}: {
  executor: Executor;
  workspaceId: string;
  values: Pick<BillingSubscriptionRow, "stripeSubscriptionId" | "status" | "plan" | "seats" | "cancelAtPeriodEnd" | "currentPeriodEnd">;
}): Promise<void> {
  await executor
    .update(billingSubscriptions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(billingSubscriptions.workspaceId, workspaceId));
}

export async function setWorkspacePlan({
  executor = db(),
  workspaceId,
  plan,
  planUntil,
}: {
  executor?: Executor;
  workspaceId: string;
  plan: Plan;
  planUntil: Date | null;
}): Promise<void> {
  await executor.update(workspaces).set({ plan, planUntil }).where(eq(workspaces.id, workspaceId));
}

/** For `wafer grant-plan`: false when no workspace has the slug. */
export async function setWorkspacePlanBySlug({ slug, plan, planUntil }: { slug: string; plan: Plan; planUntil: Date | null }): Promise<boolean> {
  const rows = await db().update(workspaces).set({ plan, planUntil }).where(eq(workspaces.slug, slug)).returning({ id: workspaces.id });
  return rows.length > 0;
}

export async function countMembersByWorkspaceId({ executor = db(), workspaceId }: { executor?: Executor; workspaceId: string }): Promise<number> {
  const [row] = await executor.select({ n: count() }).from(workspaceMembers).where(eq(workspaceMembers.workspaceId, workspaceId));
  return row?.n ?? 0;
}
