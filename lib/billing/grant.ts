import "server-only";

import { setWorkspacePlanBySlug } from "@/db/queries/billing";
import type { Plan } from "@/db/enums";
import { AppError } from "@/lib/errors";

/** An operator's grant (`wafer grant-plan`): the plan until a date, or for good. */
export async function grantPlan({ slug, plan, until, now = new Date() }: { slug: string; plan: Plan; until: Date | null; now?: Date }) {
  if (until !== null && until.getTime() <= now.getTime()) throw new AppError("bad_request:billing", { message: `--until ${until.toISOString()} is in the past.` });
  if (!(await setWorkspacePlanBySlug({ slug, plan, planUntil: plan === "free" ? null : until }))) {
    throw new AppError("not_found:workspace", { message: `No workspace has the slug ${slug}.` });
  }
  return { slug, plan, until: plan === "free" ? null : until };
}
