import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import type { ProjectAccess } from "@/lib/projects/access";

import { ms, report, SIZES } from "./support";
import { writeUnderFaults } from "./write-load";

/**
 * Backends killed under a steady write load, on this run's own database (the app's connections
 * only: datname and application_name), never anyone else's.
 */
const url = process.env.DATABASE_URL;
let project: ProjectAccess;
let admin: postgres.Sql;

beforeAll(async () => {
  if (!url) return;
  await prepareTestDatabase();
  project = await createTestProject(await createTestUser("db-faults"), "typescript");
  admin = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "wafer-reliability-killer" } });
});

afterAll(async () => {
  await admin?.end();
});

if (!url) console.log("db-faults: skipped, it needs a real Postgres server (TEST_DATABASE_URL)");

describe.skipIf(!url)("database faults: backends killed", () => {
  it(`${SIZES.dbRounds} rounds of pg_terminate_backend under a write load: no acknowledged write lost, no hang, recovery without a restart`, async () => {
    let killed = 0;
    const figures = await writeUnderFaults({
      project,
      rounds: SIZES.dbRounds,
      fault: async () => {
        const rows = await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'wafer' and pid <> pg_backend_pid()`;
        killed += rows.length;
      },
    });
    report("Database faults: backends killed (pg_terminate_backend)", [
      { ...figures, backendsKilled: killed, recoveryP50Ms: ms(figures.recoveryP50Ms), recoveryMaxMs: ms(figures.recoveryMaxMs) },
    ]);
    expect(killed).toBeGreaterThan(0);
    expect(figures.acknowledged).toBeGreaterThan(0);
    expect(figures).toMatchObject({ lost: 0, hung: 0, unclearErrors: 0, uncaught: 0 });
    expect(figures.recoveryMaxMs).toBeLessThan(10_000);
  });
});
