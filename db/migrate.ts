import path from "node:path";

import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";

import type { DatabaseHandle } from "./client";
import { database } from "./client";

export const migrationsFolder = path.join(import.meta.dirname, "migrations");

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  // Both migrators take the same folder; the cast only picks the driver-specific entry point.
  if (handle.driver === "pglite") {
    await migratePglite(handle.db as Parameters<typeof migratePglite>[0], { migrationsFolder });
  } else {
    await migratePostgres(handle.db as Parameters<typeof migratePostgres>[0], { migrationsFolder });
  }
}

async function main() {
  const handle = database();
  await migrateDatabase(handle);
  await handle.close();
  console.log(`db:migrate: ${handle.driver} is up to date`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error("db:migrate failed:", error);
    process.exit(1);
  });
}
