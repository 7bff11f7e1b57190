import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { createFreshDatabase } from "@/db/fresh-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** A freshly migrated database for this run, or null to run data tests on embedded PGlite. */
    databaseUrl: string | null;
    /** Without a server: the folder holding each test file's embedded database, removed after the run. */
    dataRoot: string | null;
  }
}

/**
 * With TEST_DATABASE_URL (or DATABASE_URL) the run gets its own database on that server, created,
 * migrated and dropped here; without, data tests use an embedded PGlite per test file.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!serverUrl) {
    // Each test file's PGlite data (about 40 MB) goes under one folder, removed once all have run.
    const dataRoot = mkdtempSync(path.join(tmpdir(), "wafer-test-"));
    project.provide("databaseUrl", null);
    project.provide("dataRoot", dataRoot);
    return () => rmSync(dataRoot, { recursive: true, force: true });
  }
  const database = await createFreshDatabase(serverUrl, "test");
  project.provide("databaseUrl", database.url);
  project.provide("dataRoot", null);
  return () => database.drop();
}
