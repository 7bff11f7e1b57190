/**
 * `wafer grant-plan --workspace SLUG --plan pro [--until DATE]`: sets a workspace's plan where no
 * Stripe is configured (self-hosting), or for a custom deal. With --until the plan lapses to Free at
 * that date (read per request, lib/plans/entitlements.ts); without it, it lasts until changed. Uses
 * the app's database settings; needs the react-server condition, as db/ is server-only.
 */
import { parseArgs } from "node:util";

import { database } from "@/db/client";
import { plans, type Plan } from "@/db/enums";
import { grantPlan } from "@/lib/billing/grant";
import { AppError } from "@/lib/errors";

export const GRANT_USAGE = `Usage: wafer grant-plan --workspace SLUG --plan free|pro|team [--until DATE]

Sets the plan of the workspace with SLUG, without Stripe.

  --workspace SLUG  the workspace's slug (as in /w/SLUG)
  --plan PLAN       free, pro or team
  --until DATE      ISO date or date-time (e.g. 2027-01-31); the plan falls back to Free then
  -h, --help        show this help

Uses DATABASE_URL, or the embedded database under WAFER_DATA_DIR (default .data).
`;

function usageError(message: string): number {
  process.stderr.write(`wafer grant-plan: ${message}\n${GRANT_USAGE}`);
  return 2;
}

export async function grantPlanCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { workspace: { type: "string" }, plan: { type: "string" }, until: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (err) {
    return usageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(GRANT_USAGE);
    return 0;
  }
  if (!values.workspace) return usageError("--workspace is required");
  if (!values.plan || !(plans as readonly string[]).includes(values.plan)) return usageError("--plan must be free, pro or team");
  const until = values.until === undefined ? null : new Date(values.until);
  if (until !== null && Number.isNaN(until.getTime())) return usageError(`--until ${JSON.stringify(values.until)} is not a date`);
  const handle = database();
  try {
    const granted = await grantPlan({ slug: values.workspace, plan: values.plan as Plan, until });
    process.stdout.write(`${granted.slug} is now on ${granted.plan}${granted.until ? ` until ${granted.until.toISOString()}` : ""}.\n`);
    return 0;
  } catch (err) {
    const message = err instanceof AppError && err.visibility === "response" ? err.message : err instanceof Error ? err.message.split("\n")[0]! : String(err);
    process.stderr.write(`wafer grant-plan: ${message}\n`);
    return 1;
  } finally {
    await handle.close();
  }
}
