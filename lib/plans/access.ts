import type { Plan } from "@/db/enums";

import { effectivePlan, entitlementsFor, type Entitlements } from "./entitlements";

/** A workspace's plan columns as the access queries read them, per request. */
export interface StoredPlan {
  plan: Plan;
  planUntil: Date | string | null;
  entitlementOverrides: unknown;
}

export interface PlanAccess {
  /** The plan in force now (a lapsed grant is Free). */
  plan: Plan;
  entitlements: Entitlements;
}

/** The plan and entitlements a request runs under, from the row it just read (never from a token or the client). */
export function planAccess({ plan, planUntil, entitlementOverrides }: StoredPlan, now = new Date()): PlanAccess {
  // Raw SQL reads (the turn's one query) return timestamps as strings.
  const until = planUntil === null ? null : new Date(planUntil);
  const current = effectivePlan(plan, until, now);
  // Overrides are a deal on the plan that was bought; once it lapses, Free's row applies as is.
  return { plan: current, entitlements: entitlementsFor(current, current === plan ? entitlementOverrides : null) };
}
