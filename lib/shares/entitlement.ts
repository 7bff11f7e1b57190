import type { Plan } from "@/db/enums";

/**
 * Whether a share link's viewers follow the session live. Issue 12 (plans) gates this on the plan's
 * entitlement table (Pro and Team); until plans exist it is on for everyone. The one hook to change.
 */
export function liveFollowAllowed(_plan: Plan): boolean {
  return true;
}
