import { benchRuntimeStats } from "@/lib/bench/runtime";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Statements this instance sent to the database (counted at the driver) and its event-loop delay;
 * benchmark-only (WAFER_BENCH_ROUTES). `?reset=1` starts a new event-loop window after answering.
 */
export const GET = route("api", async (request) => {
  if (!env().WAFER_BENCH_ROUTES) throw new AppError("not_found:api");
  return json(benchRuntimeStats({ reset: new URL(request.url).searchParams.get("reset") === "1" }));
});
