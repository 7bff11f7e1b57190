import { describe, expect, it } from "vitest";

import { liveFollowAllowed } from "./entitlement";

describe("liveFollowAllowed", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it("follows the plans table: Free no, Pro and Team yes", () => {
    expect(liveFollowAllowed({ plan: "free", planUntil: null, entitlementOverrides: null }, now)).toBe(false);
    expect(liveFollowAllowed({ plan: "pro", planUntil: null, entitlementOverrides: null }, now)).toBe(true);
    expect(liveFollowAllowed({ plan: "team", planUntil: null, entitlementOverrides: null }, now)).toBe(true);
  });

  it("counts a plan past its end date as Free, and applies the workspace's overrides", () => {
    expect(liveFollowAllowed({ plan: "pro", planUntil: new Date("2026-12-04T11:59:59Z"), entitlementOverrides: null }, now)).toBe(false);
    expect(liveFollowAllowed({ plan: "pro", planUntil: new Date("2026-12-05T00:00:00Z"), entitlementOverrides: null }, now)).toBe(true);
    expect(liveFollowAllowed({ plan: "free", planUntil: null, entitlementOverrides: { liveFollow: true } }, now)).toBe(true);
    expect(liveFollowAllowed({ plan: "team", planUntil: null, entitlementOverrides: { liveFollow: false } }, now)).toBe(false);
    // A malformed override is ignored, never trusted.
    expect(liveFollowAllowed({ plan: "free", planUntil: null, entitlementOverrides: { liveFollow: "yes" } }, now)).toBe(false);
  });
});
