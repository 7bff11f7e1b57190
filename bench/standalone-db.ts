import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The database of a bench script run on its own, from `--db`: `pglite` (the default) in a new
 * temporary data directory, or `postgres` at DATABASE_URL, an empty database the script may fill.
 * Sets the environment, so call it before importing anything that reads it (`@/db/client`).
 */
export function useBenchDatabase(name: string): void {
  const db = process.argv.includes("--db") ? process.argv[process.argv.indexOf("--db") + 1] : "pglite";
  if (db === "pglite") {
    delete process.env.DATABASE_URL;
    process.env.WAFER_DATA_DIR = mkdtempSync(path.join(tmpdir(), `wafer-bench-${name}-`));
  } else if (db !== "postgres") {
    throw new Error(`--db ${db}: use pglite or postgres`);
  } else if (!process.env.DATABASE_URL) {
    throw new Error("--db postgres needs DATABASE_URL");
  }
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-01";
}
