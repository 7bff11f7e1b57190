import type { TestProject } from "vitest/node";

import { createFreshDatabase } from "@/db/fresh-database";

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
  const database = await createFreshDatabase(serverUrl, "test");
  project.provide("databaseUrl", database.url);
  return () => database.drop();
}
