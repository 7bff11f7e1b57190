import "server-only";

import { setWorkspacePlanById } from "@/db/queries/workspaces";

/** Team, with a budget no benchmark run reaches: the bench measures speed, not the plan's limits. */
export async function grantBenchPlan(workspaceId: string): Promise<void> {
  await setWorkspacePlanById({ workspaceId, plan: "team", planUntil: null, entitlementOverrides: { monthlyTokenBudget: 1_000_000_000_000 } });
}
