import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import postgres from "postgres";

import { openPglite, openPostgres } from "./client";
import { migrateDatabase } from "./migrate";

export interface FreshDatabase {
  /** Environment for a Wafer process using it: DATABASE_URL, or WAFER_DATA_DIR for PGlite. */
  env: Record<string, string>;
  url: string | null;
  /** Server processes serving this database right now (Postgres: one per connection); none for PGlite. */
  backendPids(): Promise<number[]>;
  drop(): Promise<void>;
}

/**
 * A new, migrated database for one test or benchmark run: its own database on the Postgres server
 * at `serverUrl`, or, without one, a PGlite data dir in a temp folder.
 */
export async function createFreshDatabase(serverUrl: string | undefined, label: string): Promise<FreshDatabase> {
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), `wafer-${label}-`));
    const handle = openPglite(path.join(dataDir, "pglite"));
    await migrateDatabase(handle);
    await handle.close();
    return { env: { WAFER_DATA_DIR: dataDir }, url: null, backendPids: async () => [], drop: async () => {} };
  }
  const name = `wafer_${label}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), { max: 1 });
  await migrateDatabase(handle);
  await handle.close();
  return {
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    backendPids: async () => (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`).map((r) => r.pid),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
