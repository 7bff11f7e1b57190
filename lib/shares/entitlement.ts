import type { Plan } from "@/db/enums";
import { effectivePlan, entitlementsFor } from "@/lib/plans/entitlements";

/**
 * Whether a share link's viewers follow the session live: the `liveFollow` entitlement of the plan
 * in force (Pro and Team; a lapsed plan counts as Free), with the workspace's overrides on top.
 * Read from the database on every request, like every plan check.
 */
export function liveFollowAllowed(workspace: { plan: Plan; planUntil: Date | null; entitlementOverrides: unknown }, now = new Date()): boolean {
  return entitlementsFor(effectivePlan(workspace.plan, workspace.planUntil, now), workspace.entitlementOverrides).liveFollow;
}
