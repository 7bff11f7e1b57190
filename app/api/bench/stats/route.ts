import { benchStats } from "@/lib/diagnostics/bench-stats";
import { json, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Statements this instance sent to the database; benchmark-only (WAFER_BENCH_ROUTES). */
export const GET = route("api", async () => json(benchStats()));
