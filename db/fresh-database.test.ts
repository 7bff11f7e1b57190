import { existsSync } from "node:fs";

import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";

import { createFreshDatabase, isStaleRunDatabase, STALE_DATABASE_MS } from "./fresh-database";

const now = Date.UTC(2026, 11, 5);
const named = (at: number) => `wafer_e2e_${at}_a1b2c3`;

describe("isStaleRunDatabase", () => {
  it("is a run's database created more than a day ago", () => {
    expect(isStaleRunDatabase(named(now - STALE_DATABASE_MS - 1), now)).toBe(true);
    expect(isStaleRunDatabase(`wafer_bench_live_${now - STALE_DATABASE_MS - 1}_00ff00`, now)).toBe(true);
    expect(isStaleRunDatabase(named(now - STALE_DATABASE_MS + 60_000), now)).toBe(false);
  });
  it("never matches a database the runs did not name", () => {
    for (const name of ["wafer", "wafer_ci", "wafer_srv", "postgres", `wafer_e2e_${now - 2 * STALE_DATABASE_MS}`, `other_e2e_${now - 2 * STALE_DATABASE_MS}_a1b2c3`]) {
      expect(isStaleRunDatabase(name, now)).toBe(false);
    }
  });
});

describe("createFreshDatabase", () => {
  it("PGlite: drop removes the run's data folder", async () => {
    const fresh = await createFreshDatabase(undefined, "unit");
    const dir = fresh.env.WAFER_DATA_DIR!;
    expect(existsSync(dir)).toBe(true);
    await fresh.drop();
    expect(existsSync(dir)).toBe(false);
  }, 60_000);

  const serverUrl = inject("databaseUrl");
  it.runIf(serverUrl)("Postgres: a new run drops databases that killed runs left a day ago, and no others", async () => {
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    const stale = named(Date.now() - STALE_DATABASE_MS - 60_000);
    const recent = named(Date.now() - 60_000);
    const exists = async (name: string) => (await admin`select 1 from pg_database where datname = ${name}`).length === 1;
    try {
      for (const name of [stale, recent]) await admin.unsafe(`create database ${name}`);
      const fresh = await createFreshDatabase(serverUrl!, "unit");
      expect(await exists(stale)).toBe(false);
      expect(await exists(recent)).toBe(true);
      await fresh.drop();
    } finally {
      for (const name of [stale, recent]) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 60_000);
});
