import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { createFreshDatabase, type FreshDatabase } from "@/db/fresh-database";

import { expect, newAccount, signUp, test } from "./fixtures";
import { ChatPane } from "./pages/chat-pane";
import { IdePage } from "./pages/ide-page";
import { E2E_APP_PORT } from "./support/ports";

/**
 * With no model configured the app still works: the chat offers the clearly labelled offline demo
 * model, served by the scripted upstream inside the app through the same provider code path.
 * This spec runs its own `next start` with no model settings at all.
 */
const DEMO_PORT = E2E_APP_PORT + 1;
let server: ChildProcess;
let database: FreshDatabase;

test.beforeAll(async () => {
  database = await createFreshDatabase(undefined, "e2e-demo");
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(AI_|CEREBRAS_|DATABASE_URL$|WAFER_DATA_DIR$)/.test(key)) env[key] = value;
  }
  server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(DEMO_PORT)], {
    env: { ...env, ...database.env, NODE_ENV: "production", AUTH_SECRET: "demo-secret-demo-secret-demo-secret-demo" },
    stdio: "ignore",
  });
  await expect
    .poll(async () => (await fetch(`http://localhost:${DEMO_PORT}/api/health`).catch(() => null))?.ok ?? false, { timeout: 60_000 })
    .toBe(true);
});

test.afterAll(async () => {
  server.kill("SIGTERM");
  await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
  await database.drop();
});

test.use({ baseURL: `http://localhost:${DEMO_PORT}` });

test("demo mode: labelled as such, tells how to connect a model, and edits the active file", async ({ page }) => {
  const dashboard = await signUp(page, newAccount("demo"));
  await dashboard.createProject("Demo", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  await expect(chat.demoNotice).toContainText("Demo model (offline)");
  await expect(chat.demoNotice).toContainText("CEREBRAS_API_KEY");
  await expect(chat.modelPicker).toHaveValue("wafer-demo");

  await ide.openFile("src/greet.ts");
  expect(await chat.ask("Add a comment")).toBe("complete");
  await expect(chat.lastAssistant().getByTestId("demo-badge")).toHaveText("demo");
  expect(await chat.lastAssistantText()).toMatch(/offline demo/i);
  await expect(chat.toolCards()).toContainText("src/greet.ts");
});
