import { z } from "zod";

import type { Plan } from "@/db/enums";

/**
 * What each plan unlocks: the one table guards, UI and tests read. A workspace can carry overrides
 * (a custom deal) in `workspaces.entitlement_overrides`; they are set by operators, never by a client.
 */
export interface Entitlements {
  /** Catalog models flagged `premium`. */
  premiumModels: boolean;
  /** Tokens (input + output) Wafer's key may spend per calendar month (UTC); the workspace's own key is not counted. */
  monthlyTokenBudget: number;
  maxProjects: number;
  /** Upper bound on the context a turn may pack, whatever the model's window. */
  maxContextTokens: number;
  /** Share-link viewers follow the session live (otherwise they see the stored session). */
  liveFollow: boolean;
  inlineCompletions: boolean;
  /** Members a workspace may have, pending invitations included. Team seats come from the subscription. */
  seats: number;
}

export const planEntitlements: Readonly<Record<Plan, Readonly<Entitlements>>> = {
  free: {
    premiumModels: false,
    monthlyTokenBudget: 2_000_000,
    maxProjects: 10,
    maxContextTokens: 65_536,
    liveFollow: false,
    inlineCompletions: false,
    seats: 5,
  },
  pro: {
    premiumModels: true,
    monthlyTokenBudget: 50_000_000,
    maxProjects: 200,
    maxContextTokens: 131_072,
    liveFollow: true,
    inlineCompletions: true,
    seats: 5,
  },
  team: {
    premiumModels: true,
    monthlyTokenBudget: 200_000_000,
    maxProjects: 1_000,
    maxContextTokens: 131_072,
    liveFollow: true,
    inlineCompletions: true,
    seats: 10,
  },
};

/** The shape a stored override must have; unknown keys are refused so a typo never silently grants nothing. */
export const entitlementOverridesSchema = z
  .object({
    premiumModels: z.boolean(),
    monthlyTokenBudget: z.number().int().nonnegative(),
    maxProjects: z.number().int().nonnegative(),
    maxContextTokens: z.number().int().positive(),
    liveFollow: z.boolean(),
    inlineCompletions: z.boolean(),
    seats: z.number().int().positive(),
  })
  .partial()
  .strict();
export type EntitlementOverrides = z.infer<typeof entitlementOverridesSchema>;

/** The plan in force: a plan granted until a date falls back to Free after it. */
export function effectivePlan(plan: Plan, planUntil: Date | null, now = new Date()): Plan {
  return planUntil !== null && planUntil.getTime() <= now.getTime() ? "free" : plan;
}

/** The plan's row with the workspace's overrides on top. Malformed stored overrides are ignored, never trusted. */
export function entitlementsFor(plan: Plan, overrides?: unknown): Entitlements {
  const parsed = overrides == null ? null : entitlementOverridesSchema.safeParse(overrides);
  return { ...planEntitlements[plan], ...(parsed?.success ? parsed.data : {}) };
}

/** The cheapest plan that grants a feature: the upgrade hint's target. */
export function cheapestPlanWith(feature: (e: Entitlements) => boolean): Plan | null {
  for (const plan of ["free", "pro", "team"] as const) if (feature(planEntitlements[plan])) return plan;
  return null;
}
