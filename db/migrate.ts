import path from "node:path";

import { and, count, eq } from "drizzle-orm";
import { pgSchema, serial, text } from "drizzle-orm/pg-core";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";

import type { DatabaseHandle } from "./client";
import { database } from "./client";

export const migrationsFolder = path.join(import.meta.dirname, "migrations");

// Where drizzle's migrators record what they applied (the same for both drivers).
const catalogTables = pgSchema("information_schema").table("tables", { tableSchema: text("table_schema"), tableName: text("table_name") });
const appliedMigrations = pgSchema("drizzle").table("__drizzle_migrations", { id: serial("id").primaryKey() });

async function appliedMigrationCount(handle: DatabaseHandle): Promise<number> {
  const [table] = await handle.db
    .select({ n: count() })
    .from(catalogTables)
    .where(and(eq(catalogTables.tableSchema, "drizzle"), eq(catalogTables.tableName, "__drizzle_migrations")));
  if (!table?.n) return 0;
  const [applied] = await handle.db.select({ n: count() }).from(appliedMigrations);
  return applied?.n ?? 0;
}

export interface MigrationResult {
  /** Migrations recorded before this run; 0 means the database was new (or empty). */
  before: number;
  applied: number;
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<MigrationResult> {
  const before = await appliedMigrationCount(handle);
  // Both migrators take the same folder; the cast only picks the driver-specific entry point.
  if (handle.driver === "pglite") {
    await migratePglite(handle.db as Parameters<typeof migratePglite>[0], { migrationsFolder });
  } else {
    await migratePostgres(handle.db as Parameters<typeof migratePostgres>[0], { migrationsFolder });
  }
  return { before, applied: (await appliedMigrationCount(handle)) - before };
}

/** What `npm run db:migrate` prints: a new database is created, not "up to date". */
export function migrationSummary(driver: DatabaseHandle["driver"], { before, applied }: MigrationResult): string {
  const migrations = `${applied} migration${applied === 1 ? "" : "s"}`;
  if (before === 0 && applied > 0) return `db:migrate: created the ${driver} database (${migrations} applied)`;
  if (applied > 0) return `db:migrate: applied ${migrations} to the ${driver} database`;
  return `db:migrate: ${driver} is up to date`;
}

async function main() {
  const handle = database();
  const result = await migrateDatabase(handle);
  await handle.close();
  console.log(migrationSummary(handle.driver, result));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    console.error("db:migrate failed:", error);
    process.exit(1);
  });
}
