import { spawn } from "node:child_process";
import path from "node:path";

import { createFreshDatabase } from "@/db/fresh-database";

import { E2E_APP_PORT, E2E_UPSTREAM_PORT } from "./ports";

/**
 * The e2e app server: a fresh database per run (its own Postgres database when TEST_DATABASE_URL is
 * set, else a fresh PGlite dir), migrated by the same code users run, then `next start`.
 */
async function main() {
  const database = await createFreshDatabase(process.env.TEST_DATABASE_URL, "e2e");
  // The binary itself, not npx, so SIGTERM reaches Next directly.
  const child = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(E2E_APP_PORT)], {
    stdio: "inherit",
    env: {
      ...process.env,
      ...database.env,
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
  await database.drop();
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error("e2e server failed to start:", error);
  process.exit(1);
});
