import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { createFreshDatabase } from "@/db/fresh-database";

import { isTestBuild } from "@/scripts/build-hooks";

import { E2E_APP_PORT, E2E_STRIPE_PORT, E2E_STRIPE_WEBHOOK_SECRET, E2E_UPSTREAM_PORT } from "./ports";

/**
 * An e2e app server: a fresh database per run, migrated by the same code users run, then
 * `next start` on the production build. It runs under tsx with the react-server condition, since
 * `db/` is server-only and cannot load inside the Playwright runner.
 *
 * Default: its own Postgres database when TEST_DATABASE_URL is set (else PGlite), models served by
 * the scripted upstream. `--demo`: no model settings and an embedded PGlite dir, exactly what a
 * fresh `npm start` gets.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      demo: { type: "boolean", default: false },
      env: { type: "string", multiple: true },
      // Several instances on one database (e2e/share.spec.ts): the first writes its database's
      // settings to a file, the others read them instead of creating their own (and drop nothing).
      "database-out": { type: "string" },
      "database-in": { type: "string" },
    },
  });
  const port = Number(values.port ?? E2E_APP_PORT);
  const demo = values.demo ?? false;

  // The specs read state through the test hooks, which only `npm run build:test` builds have.
  if (!isTestBuild()) throw new Error("the build in .next has no test hooks: run `npm run build:test` (WAFER_TEST_HOOKS=1 next build) first");
  const shared = values["database-in"];
  const database = shared
    ? { env: JSON.parse(readFileSync(shared, "utf8")) as Record<string, string>, drop: async () => {} }
    : await createFreshDatabase(demo ? undefined : process.env.TEST_DATABASE_URL, demo ? "e2e-demo" : "e2e");
  if (values["database-out"]) writeFileSync(values["database-out"], JSON.stringify(database.env));
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    const modelOrDatabase = /^(AI_|CEREBRAS_|DATABASE_URL$|WAFER_DATA_DIR$)/.test(key);
    if (value !== undefined && !(demo && modelOrDatabase)) inherited[key] = value;
  }
  const models = demo
    ? {}
    : {
        AI_BASE_URL: `http://127.0.0.1:${E2E_UPSTREAM_PORT}/v1`,
        AI_API_KEY: "e2e-key",
        // Workspace keys go to the scripted upstream too; billing to the scripted Stripe (lib/testing/stripe).
        BYOK_ALLOWED_BASE_URLS: `http://127.0.0.1:${E2E_UPSTREAM_PORT}/v1`,
        STRIPE_SECRET_KEY: "sk_test_wafer_scripted",
        STRIPE_WEBHOOK_SECRET: E2E_STRIPE_WEBHOOK_SECRET,
        STRIPE_API_URL: `http://127.0.0.1:${E2E_STRIPE_PORT}`,
      };
  // The binary itself, not npx, so SIGTERM reaches Next directly.
  const child = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port)], {
    stdio: "inherit",
    env: {
      ...inherited,
      ...database.env,
      ...models,
      NODE_ENV: "production",
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
      // Every spec signs up fresh users from one address.
      AUTH_SIGNUP_MAX_PER_IP: "10000",
      AUTH_SIGNIN_MAX_FAILURES_PER_IP: "10000",
      // `--env KEY=VALUE` overrides, e.g. real throttle limits for e2e/security.spec.ts.
      ...Object.fromEntries((values.env ?? []).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])),
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
