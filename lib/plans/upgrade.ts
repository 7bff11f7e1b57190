import type { Plan } from "@/db/enums";

import { cheapestPlanWith, type Entitlements } from "./entitlements";

const planLabels: Record<Plan, string> = { free: "Free", pro: "Pro", team: "Team" };

/** Which plan unlocks a feature, in words a refusal can end with. */
export function upgradeHint(feature: (e: Entitlements) => boolean): { plan: Plan | null; message: string } {
  const plan = cheapestPlanWith(feature);
  return {
    plan,
    message: plan ? `The ${planLabels[plan]} plan unlocks it: a workspace admin can upgrade in the workspace's settings.` : "No plan includes it; ask the operator.",
  };
}
