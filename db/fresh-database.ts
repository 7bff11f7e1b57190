import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
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

/** How old a run's database must be before another run may drop it (no run lasts this long). */
export const STALE_DATABASE_MS = 24 * 60 * 60 * 1000;
const RUN_DATABASE = /^wafer_[a-z0-9_]+?_(\d{13})_[0-9a-f]{6}$/;

/** Whether `name` is a run's database (as named below) created before `now - STALE_DATABASE_MS`. */
export function isStaleRunDatabase(name: string, now: number): boolean {
  const created = RUN_DATABASE.exec(name)?.[1];
  return created !== undefined && Number(created) < now - STALE_DATABASE_MS;
}

/**
 * Databases of runs that were killed before their own drop (a SIGKILLed web server, a CI timeout):
 * each new run drops those a day old, so a machine's server does not fill up with them.
 */
async function dropStaleDatabases(admin: postgres.Sql): Promise<void> {
  const now = Date.now();
  const names = (await admin<{ datname: string }[]>`select datname from pg_database where datname like 'wafer%'`).map((r) => r.datname);
  for (const name of names.filter((n) => isStaleRunDatabase(n, now))) await admin.unsafe(`drop database if exists ${name} with (force)`);
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
    // About 45 MB each: a run that left its data behind would fill the disk over a few hundred runs.
    return { env: { WAFER_DATA_DIR: dataDir }, url: null, backendPids: async () => [], drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `wafer_${label}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await dropStaleDatabases(admin);
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
