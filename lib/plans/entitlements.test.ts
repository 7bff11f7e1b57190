import { describe, expect, it } from "vitest";

import { cheapestPlanWith, effectivePlan, entitlementsFor, planEntitlements } from "./entitlements";

describe("entitlements", () => {
  it("premium models and live follow need a paid plan", () => {
    expect(planEntitlements.free.premiumModels).toBe(false);
    expect(cheapestPlanWith((e) => e.premiumModels)).toBe("pro");
    expect(cheapestPlanWith((e) => e.liveFollow)).toBe("pro");
  });

  it("applies valid overrides and ignores malformed ones", () => {
    expect(entitlementsFor("free", { monthlyTokenBudget: 7 }).monthlyTokenBudget).toBe(7);
    expect(entitlementsFor("free", { monthlyTokenBudget: -1 })).toEqual(planEntitlements.free);
    expect(entitlementsFor("free", { premiumModels: true, surprise: 1 })).toEqual(planEntitlements.free);
    expect(entitlementsFor("team", null)).toEqual(planEntitlements.team);
  });

  it("a plan granted until a date lapses to Free at that date", () => {
    const until = new Date("2026-12-31T00:00:00Z");
    expect(effectivePlan("pro", until, new Date("2026-12-30T23:59:59Z"))).toBe("pro");
    expect(effectivePlan("pro", until, until)).toBe("free");
    expect(effectivePlan("team", null)).toBe("team");
  });
});
