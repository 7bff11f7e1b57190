import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import postgres from "postgres";

import { database } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { env } from "@/lib/env";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser } from "@/lib/testing/database";

import { ms, report, SIZES } from "./support";
import { writeUnderFaults } from "./write-load";

/**
 * The database server restarted (`pg_ctl restart -m fast`) under a steady write load. Never the
 * shared server: this file starts a private cluster of its own (initdb + pg_ctl, as the postgres
 * user when run as root) on RELIABILITY_PG_PORT, with its data in a temp folder, and removes it after.
 */
const PORT = Number(process.env.RELIABILITY_PG_PORT ?? 5499);
const binDir = (() => {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  const dir = version ? path.join(root, version, "bin") : null;
  return dir && existsSync(path.join(dir, "initdb")) ? dir : null;
})();
const skipReason = !binDir ? "initdb not found under /usr/lib/postgresql" : null;
if (skipReason) console.log(`db-restart: skipped, ${skipReason}`);

let dataDir = "";
let project: ProjectAccess;

/** Async, so the write load keeps running while the server restarts. */
function pg(tool: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? "runuser" : path.join(binDir!, tool);
  const argv = asRoot ? ["-u", "postgres", "--", path.join(binDir!, tool), ...args] : args;
  return new Promise((resolve, reject) => {
    // No pipes: the server that pg_ctl starts would inherit them and keep them open.
    const child = spawn(command, argv, { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${tool} ${args.join(" ")} exited with ${code}`))));
  });
}

const ctl = (...args: string[]) => pg("pg_ctl", ["-D", path.join(dataDir, "data"), "-w", "-t", "30", ...args]);

beforeAll(async () => {
  if (skipReason) return;
  dataDir = mkdtempSync(path.join(tmpdir(), "wafer-reliability-pg-"));
  chmodSync(dataDir, 0o777);
  await pg("initdb", ["-D", path.join(dataDir, "data"), "-U", "postgres", "--auth=trust", "--no-sync"]);
  await ctl("-l", path.join(dataDir, "log"), "-o", `-p ${PORT} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=on`, "start");
  const admin = postgres(`postgres://postgres@127.0.0.1:${PORT}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe("create database wafer_restart");
  await admin.end();
  // Before lib/env is first read: the app's lazy handle (db/client) opens on this cluster instead.
  process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${PORT}/wafer_restart`;
  await migrateDatabase(database());
  expect(env().DATABASE_URL).toBe(process.env.DATABASE_URL);
  project = await createTestProject(await createTestUser("db-restart"), "typescript");
});

afterAll(async () => {
  if (!dataDir) return;
  try {
    await ctl("-m", "immediate", "stop");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe.skipIf(skipReason)("database faults: server restarted", () => {
  it(`${SIZES.dbRounds} fast restarts of a private cluster under a write load: no acknowledged write lost, no hang, recovery without an app restart`, async () => {
    const figures = await writeUnderFaults({
      project,
      rounds: SIZES.dbRounds,
      fault: () => ctl("-m", "fast", "restart"),
    });
    report(`Database faults: server restarted (pg_ctl restart -m fast, private cluster on port ${PORT})`, [
      { ...figures, recoveryP50Ms: ms(figures.recoveryP50Ms), recoveryMaxMs: ms(figures.recoveryMaxMs) },
    ]);
    expect(figures.acknowledged).toBeGreaterThan(0);
    expect(figures).toMatchObject({ lost: 0, hung: 0, unclearErrors: 0, uncaught: 0 });
    expect(figures.recoveryMaxMs).toBeLessThan(15_000);
  });
});
