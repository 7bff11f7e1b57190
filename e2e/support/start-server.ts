import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import postgres from "postgres";

import { openPglite, openPostgres } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

import { E2E_APP_PORT, E2E_UPSTREAM_PORT } from "./ports";

/**
 * The e2e app server: a fresh database per run (its own Postgres database when TEST_DATABASE_URL is
 * set, else a fresh PGlite dir), migrated by the same command users run, then `next start`.
 */
async function prepareDatabase(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "wafer-e2e-"));
    const handle = openPglite(path.join(dataDir, "pglite"));
    await migrateDatabase(handle);
    await handle.close();
    return { env: { WAFER_DATA_DIR: dataDir }, cleanup: async () => {} };
  }
  const name = `wafer_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), { max: 1 });
  await migrateDatabase(handle);
  await handle.close();
  return {
    env: { DATABASE_URL: url.toString() },
    cleanup: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function main() {
  const { env, cleanup } = await prepareDatabase();
  // The binary itself, not npx, so SIGTERM reaches Next directly.
  const child = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(E2E_APP_PORT)], {
    stdio: "inherit",
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      AI_BASE_URL: `http://127.0.0.1:${E2E_UPSTREAM_PORT}/v1`,
      AI_API_KEY: "e2e-key",
      // Every spec signs up fresh users from one address.
      AUTH_SIGNUP_MAX_PER_IP: "10000",
      AUTH_SIGNIN_MAX_FAILURES_PER_IP: "10000",
    },
  });
  const stop = () => child.kill("SIGTERM");
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 0)));
  await cleanup();
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error("e2e server failed to start:", error);
  process.exit(1);
});
