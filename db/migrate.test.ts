import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, describe, expect, it } from "vitest";

import { migrationsFolder, migrationSummary } from "./migrate";

const repo = fileURLToPath(new URL("..", import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), "wafer-migrate-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm run db:migrate` as a user runs it, on an embedded database under `dataDir`. */
function dbMigrate(): { status: number | null; stdout: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, WAFER_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(repo, "db/migrate.ts")], { cwd: repo, env, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout };
}

describe("npm run db:migrate", () => {
  it("says it created a new database, then that it is up to date", () => {
    const count = readdirSync(migrationsFolder).filter((name) => name.endsWith(".sql")).length;
    const first = dbMigrate();
    expect(first).toEqual({ status: 0, stdout: `db:migrate: created the pglite database (${count} migrations applied)\n` });
    const second = dbMigrate();
    expect(second).toEqual({ status: 0, stdout: "db:migrate: pglite is up to date\n" });
  }, 120_000);
});

describe("migrationSummary", () => {
  it.each([
    [{ before: 0, applied: 4 }, "db:migrate: created the postgres database (4 migrations applied)"],
    [{ before: 3, applied: 1 }, "db:migrate: applied 1 migration to the postgres database"],
    [{ before: 4, applied: 0 }, "db:migrate: postgres is up to date"],
  ])("%j", (result, expected) => {
    expect(migrationSummary("postgres", result)).toBe(expected);
  });
});
