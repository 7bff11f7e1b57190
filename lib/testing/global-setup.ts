import { randomBytes } from "node:crypto";

import postgres from "postgres";
import type { TestProject } from "vitest/node";

import { openPostgres } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    /** A freshly migrated database for this run, or null to run data tests on embedded PGlite. */
    databaseUrl: string | null;
  }
}

/**
 * With TEST_DATABASE_URL (or DATABASE_URL) the run gets its own database on that server, created,
 * migrated and dropped here; without, data tests use an embedded PGlite per test file.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    project.provide("databaseUrl", null);
    return;
  }
  const name = `wafer_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), { max: 1 });
  await migrateDatabase(handle);
  await handle.close();
  project.provide("databaseUrl", url.toString());

  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
