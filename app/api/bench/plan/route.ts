import { z } from "zod";

import { requireWorkspaceAccess } from "@/lib/auth/guards";
import { grantBenchPlan } from "@/lib/bench/plan";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseJson, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const benchPlanBodySchema = z.object({ workspaceId: z.uuid() }).strict();

/**
 * Puts the benchmark's own workspace on a plan whose limits never shape what is measured (its
 * sessions pack ~125k tokens and spend far more than a Free month). Benchmark-only
 * (WAFER_BENCH_ROUTES): production builds answer 404 here.
 */
export const POST = route("api", async (request) => {
  if (!env().WAFER_BENCH_ROUTES) throw new AppError("not_found:api");
  const body = await parseJson(request, benchPlanBodySchema, { surface: "api" });
  await requireWorkspaceAccess(body.workspaceId, "workspace.settings");
  await grantBenchPlan(body.workspaceId);
  return new Response(null, { status: 204 });
});
