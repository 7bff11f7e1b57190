import { defineConfig, devices } from "@playwright/test";

import { E2E_DATABASE_FILE } from "./e2e/support/plans";
import { E2E_APP_PORT, E2E_DEMO_PORT, E2E_STRIPE_PORT, E2E_STRIPE_WEBHOOK_SECRET, E2E_UPSTREAM_PORT } from "./e2e/support/ports";

// Debian's Chromium: Playwright's own browser download cannot reach the network here.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two cores: one for the server, one for the browser.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${E2E_APP_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: chromiumArgs,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `npx tsx lib/testing/upstream/cli.ts --port ${E2E_UPSTREAM_PORT} --models gpt-oss-120b,llama3.1-8b,zai-glm-4.7,local-buffered`,
      url: `http://127.0.0.1:${E2E_UPSTREAM_PORT}/v1/models`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
    },
    {
      // The scripted Stripe API; after a payment on its checkout page it delivers signed webhooks to the app.
      command: `npx tsx lib/testing/stripe/cli.ts --port ${E2E_STRIPE_PORT} --webhook-url http://localhost:${E2E_APP_PORT}/api/billing/stripe-webhook --webhook-secret ${E2E_STRIPE_WEBHOOK_SECRET}`,
      url: `http://127.0.0.1:${E2E_STRIPE_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
    },
    {
      // Migrates a fresh database, then `next start` on the production build (never `next dev`).
      // Node itself, not npx: Playwright kills the whole process group once this process exits, so
      // it must be the one that outlives Next and drops the run's database.
      command: `node --conditions=react-server --import tsx e2e/support/start-server.ts --database-out ${E2E_DATABASE_FILE}`,
      url: `http://localhost:${E2E_APP_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
    {
      // No model configured and embedded PGlite: what a fresh `npm start` gets (e2e/demo.spec.ts).
      command: `node --conditions=react-server --import tsx e2e/support/start-server.ts --demo --port ${E2E_DEMO_PORT}`,
      url: `http://localhost:${E2E_DEMO_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
