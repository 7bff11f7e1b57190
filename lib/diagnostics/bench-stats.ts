import "server-only";

import { database } from "@/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Statements this instance sent to the database, counted at the driver. Benchmark-only: it exists
 * when WAFER_BENCH_ROUTES=true, otherwise it is not found.
 */
export function benchStats(): { statements: number; driver: "postgres" | "pglite" } {
  if (!env().WAFER_BENCH_ROUTES) throw new AppError("not_found:api");
  const handle = database();
  return { statements: handle.statementCount(), driver: handle.driver };
}
