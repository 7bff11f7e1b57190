import { database } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { json, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Statements this instance sent to the database, counted at the driver; benchmark-only (WAFER_BENCH_ROUTES). */
export const GET = route("api", async () => {
  if (!env().WAFER_BENCH_ROUTES) throw new AppError("not_found:api");
  return json({ statements: database().statementCount(), driver: database().driver });
});
