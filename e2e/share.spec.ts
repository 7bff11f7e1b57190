import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Page } from "@playwright/test";

import type { Script } from "@/lib/testing/upstream/schema";

import { expect, newAccount, signUp, test } from "./fixtures";
import { ChatPane } from "./pages/chat-pane";
import type { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { ShareDialog, SharedSessionPage } from "./pages/share";
import { canGrantPlan, grantPlan } from "./support/plans";
import { E2E_INSTANCE_PORT, E2E_UPSTREAM_PORT } from "./support/ports";

/** Share links: a signed-out viewer watches a streaming answer and its edit, then the link is revoked. */

const PATH = "src/greet.test.ts";
const PATCH = [
  "*** Begin Patch",
  `*** Update File: ${PATH}`,
  "@@",
  '-import assert from "node:assert/strict";',
  '+import assert from "node:assert";',
  ' import { test } from "node:test";',
  "*** End Patch",
].join("\n");

async function queue(page: Page, scripts: Script[]): Promise<void> {
  expect((await page.request.post(`http://127.0.0.1:${E2E_UPSTREAM_PORT}/__control/scripts`, { data: { scripts } })).ok()).toBe(true);
}

async function ownerWithSession(page: Page, dashboard: DashboardPage) {
  expect((await page.request.post(`http://127.0.0.1:${E2E_UPSTREAM_PORT}/__control/reset`, { data: {} })).ok()).toBe(true);
  await dashboard.createProject("Shared", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  await queue(page, [{ steps: [{ type: "text", text: "Hello, viewer." }], rate: 0 }]);
  expect(await chat.ask("Say hello")).toBe("complete");
  return { ide, chat };
}

test("a signed-out viewer watches a streaming answer and its edit arrive read-only; revoking refuses the next request", async ({ page, dashboard, account, browser }) => {
  // Live follow is a Pro and Team feature (lib/plans/entitlements.ts).
  test.skip(!canGrantPlan, "setting the owner's plan needs the e2e server on Postgres (TEST_DATABASE_URL)");
  grantPlan(account.email, "pro");
  const { ide, chat } = await ownerWithSession(page, dashboard);
  const share = new ShareDialog(page);
  const url = await share.create("For the viewer");

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  const viewer = new SharedSessionPage(viewerPage);
  const response = await viewerPage.request.get(url);
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response.headers()["x-robots-tag"]).toContain("noindex");
  await viewer.open(url);
  await viewer.expectReadOnly();
  await expect(viewer.messages).toHaveCount(2);
  await expect(viewer.assistant()).toContainText("Hello, viewer.");
  await expect(viewer.live).toContainText("Following live");
  // Subscribed before the owner asks: a turn that ran while the page was still opening its stream
  // would reach it only as a stored message, never as "Streaming now".
  await viewer.waitForListening();
  // The page names no session, project or workspace id.
  const html = await viewerPage.content();
  expect(html).not.toContain(page.url().split("/p/")[1]!.split(/[/?#]/)[0]!);

  // The owner asks for an edit, slowly enough to watch it arrive: the answer holds 3 s after its
  // first sentence, before the edit streams.
  await ide.openFile(PATH);
  await queue(page, [
    {
      steps: [{ type: "text", text: "Changing the import now." }, { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch: PATCH }) }],
      rate: 30,
      fault: { kind: "stall", afterTokens: 5, ms: 3000 },
    },
    { steps: [{ type: "text", text: "Done." }], rate: 0 },
  ]);
  // Watched from the moment the owner presses Enter: on a busy machine the owner's own page can take
  // seconds to show its answer, and most of the turn would be over before a check that waited for it.
  await Promise.all([expect(viewer.live).toContainText("Streaming now"), chat.send("Use node:assert")]);
  await expect(viewer.assistant()).toContainText("Changing the import");
  await expect(viewer.openPath).toHaveText(PATH);
  await expect.poll(() => viewer.editorText()).toContain('import assert from "node:assert";');
  expect(await chat.waitForAssistantDone()).toBe("complete");
  await expect(viewer.assistant()).toHaveAttribute("data-status", "complete");
  await expect(viewer.messages).toHaveCount(4);
  // Loaded afresh, the stored turn shows its edit as a diff.
  await viewer.open(url);
  await expect(viewer.assistant(1).getByTestId("shared-diff")).toContainText('+import assert from "node:assert";');

  // Revoked: the viewer's very next request is refused, the page and its live stream alike.
  await share.revoke("For the viewer");
  expect((await viewerPage.request.get(url)).status()).toBe(404);
  expect((await viewerPage.request.get(url.replace("/s/", "/api/s/") + "/live?wait=0")).status()).toBe(404);
  await viewerContext.close();
});

test("a viewer who opens mid-turn, while Monaco is still loading, still sees the edit that was streaming", async ({ page, dashboard, account, browser }) => {
  test.skip(!canGrantPlan, "setting the owner's plan needs the e2e server on Postgres (TEST_DATABASE_URL)");
  grantPlan(account.email, "pro");
  const { chat } = await ownerWithSession(page, dashboard);
  const url = await new ShareDialog(page).create("Mid-turn");
  // Long enough (about 12 s at 40 tok/s) that the turn outlasts the viewer's delayed Monaco on a busy machine:
  // a turn that ends first is dropped by the relay, and the viewer rightly opens the README.
  const after = Array.from({ length: 500 }, (_, i) => `w${i}`).join(" ");
  await queue(page, [
    { steps: [{ type: "text", text: "Changing the import now." }, { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch: PATCH }) }], rate: 200 },
    { steps: [{ type: "text", text: after }], rate: 40 },
  ]);
  await chat.send("Use node:assert");
  await expect.poll(() => chat.lastAssistantText(), { timeout: 15_000 }).toContain("w3 ");

  // The edit is over but its turn goes on; the viewer's Monaco arrives late, after the replayed edit.
  const viewerContext = await browser.newContext();
  const viewer = new SharedSessionPage(await viewerContext.newPage());
  await delayMonaco(viewer.page, 3000);
  await viewer.open(url);
  await expect(viewer.live).toContainText("Streaming now");
  await expect(viewer.openPath).toHaveText(PATH, { timeout: 15_000 });
  await expect.poll(() => viewer.editorText()).toContain('import assert from "node:assert";');
  await viewer.page.screenshot({ path: "/tmp/shots-share/viewer-mid-turn.png" });
  expect(await chat.waitForAssistantDone()).toBe("complete");
  await viewerContext.close();
});

test("a Free owner's link shows the stored session with an upgrade note and no live stream; its files are a read-only tree", async ({ page, dashboard, browser }) => {
  await ownerWithSession(page, dashboard);
  const url = await new ShareDialog(page).create("Free link");
  const viewerContext = await browser.newContext();
  const viewer = new SharedSessionPage(await viewerContext.newPage());
  await viewer.open(url);
  await expect(viewer.assistant()).toContainText("Hello, viewer.");
  await expect(viewer.upgrade).toContainText("Pro");
  await expect(viewer.live).toHaveCount(0);
  // Refused by the server too, not just hidden: no stream for a Free session's link.
  expect((await viewer.page.request.get(url.replace("/s/", "/api/s/") + "/live?wait=0")).status()).toBe(204);

  // The files as a tree: a folder, its file one level down, which opens read-only on click.
  await expect(viewer.treeItem("src")).toHaveAttribute("aria-level", "1");
  await expect(viewer.treeItem("src/greet.ts")).toHaveAttribute("aria-level", "2");
  await viewer.treeItem("src/greet.ts").click();
  await expect(viewer.openPath).toHaveText("src/greet.ts");
  await viewer.treeItem("src").click();
  await expect(viewer.treeItem("src/greet.ts")).toHaveCount(0);
  await viewer.expectReadOnly();
  await viewerContext.close();
});

test("a viewer refreshing the link's page is one open; another browser is a second", async ({ page, dashboard, browser }) => {
  await ownerWithSession(page, dashboard);
  const dialog = new ShareDialog(page);
  const url = await dialog.create("Counted link");
  const first = await browser.newContext();
  const viewer = new SharedSessionPage(await first.newPage());
  await viewer.open(url);
  await viewer.open(url);
  await viewer.page.reload();
  await expect(viewer.root).toBeVisible();
  // The dialog reloads its list each time it opens: poll until the read lands.
  await expect.poll(() => dialog.opens("Counted link")).toBe(1);
  const second = await browser.newContext();
  await new SharedSessionPage(await second.newPage()).open(url);
  await expect.poll(() => dialog.opens("Counted link")).toBe(2);
  await first.close();
  await second.close();
});

test("the owner reloads mid-answer and the answer continues live from where it is, to the end", async ({ page, dashboard }) => {
  const { chat } = await ownerWithSession(page, dashboard);
  const words = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
  await queue(page, [{ steps: [{ type: "text", text: words }], rate: 60 }]);
  await chat.send("Talk for a while");
  await chat.waitForStreaming();
  await expect.poll(() => chat.lastAssistantText()).toContain("w20");
  await page.reload();
  await chat.waitForReady();
  // Replayed from its start, then live: the middle arrives after the reload, and the end is complete.
  await expect.poll(() => chat.lastAssistantText()).toContain("w5 ");
  expect(await chat.lastAssistantText()).not.toContain("w299");
  expect(await chat.waitForAssistantDone()).toBe("complete");
  expect((await chat.lastAssistantText()).trim().endsWith("w299")).toBe(true);
});

/** Two `next start` instances on one Postgres: the owner on one, the viewer on the other. */
test.describe("across instances", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "wafer-share-"));
  const dbFile = path.join(dir, "db.json");
  const ports = [E2E_INSTANCE_PORT, E2E_INSTANCE_PORT + 1] as const;
  const servers: ChildProcess[] = [];

  const start = (port: number, args: string[]) => {
    const child = spawn("npx", ["tsx", "--conditions=react-server", "e2e/support/start-server.ts", "--port", String(port), ...args], { stdio: "ignore", detached: true });
    servers.push(child);
    return child;
  };
  const up = async (port: number) => {
    const deadline = Date.now() + 100_000;
    while (!(await fetch(`http://localhost:${port}/api/health`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error(`server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  // PGlite is one process: several instances need a Postgres server.
  test.skip(!process.env.TEST_DATABASE_URL, "needs TEST_DATABASE_URL (two instances on one Postgres)");

  test.beforeAll(async () => {
    test.setTimeout(200_000);
    start(ports[0], ["--database-out", dbFile]);
    await up(ports[0]);
    start(ports[1], ["--database-in", dbFile]);
    await up(ports[1]);
  });

  test.afterAll(async () => {
    for (const child of servers) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone (the killed instance).
      }
    }
    // The killed instance never dropped its database: drop it here, once the other one has let go.
    await new Promise((r) => setTimeout(r, 3000));
    const { DATABASE_URL } = JSON.parse(readFileSync(dbFile, "utf8")) as { DATABASE_URL: string };
    const name = new URL(DATABASE_URL).pathname.slice(1);
    execFileSync("psql", [process.env.TEST_DATABASE_URL!, "-c", `drop database if exists "${name}" with (force)`], { stdio: "ignore" });
  });

  test("Stop pressed on instance B stops the answer instance A is generating; both pages end on the stored stopped answer", async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ baseURL: `http://localhost:${ports[0]}` });
    const pageA = await context.newPage();
    await ownerWithSession(pageA, await signUp(pageA, newAccount("stopper")));
    await queue(pageA, [{ steps: [{ type: "text", text: Array.from({ length: 2000 }, (_, i) => `w${i}`).join(" ") }], rate: 40 }]);
    const chatA = new ChatPane(pageA);
    await chatA.send("Talk for a while");
    await chatA.waitForStreaming();
    await expect.poll(() => chatA.lastAssistantText()).toContain("w5");

    // The same account (cookies are per host, not port) opens the session on instance B: it follows the turn.
    const pageB = await context.newPage();
    await pageB.goto(pageA.url().replace(`:${ports[0]}`, `:${ports[1]}`));
    const chatB = new ChatPane(pageB);
    await chatB.waitForReady();
    await chatB.waitForStreaming();
    await chatB.stop();
    expect(await chatB.waitForAssistantDone()).toBe("stopped");
    expect(await chatA.waitForAssistantDone()).toBe("stopped");
    // The model call itself was aborted (on instance A), not just the reading.
    const lastRequest = async () => ((await (await pageA.request.get(`http://127.0.0.1:${E2E_UPSTREAM_PORT}/__control/requests`)).json()) as { requests: { aborted: boolean }[] }).requests.at(-1);
    await expect.poll(async () => (await lastRequest())?.aborted, { timeout: 10_000 }).toBe(true);
    const stored = await chatA.storedLastAssistant();
    expect(stored.status).toBe("stopped");
    expect(stored.text).not.toContain("w1999");
    await expect.poll(() => chatB.lastAssistantText()).toBe(stored.text);
    await context.close();
  });

  test("the viewer on the other instance follows live; when the owner's instance dies mid-answer the viewer sees it stopped, never complete", async ({ browser }) => {
    test.setTimeout(120_000);
    const ownerContext = await browser.newContext({ baseURL: `http://localhost:${ports[0]}` });
    const ownerPage = await ownerContext.newPage();
    const ownerAccount = newAccount("owner");
    const dashboard = await signUp(ownerPage, ownerAccount);
    grantPlan(ownerAccount.email, "pro", dbFile);
    await ownerWithSession(ownerPage, dashboard);
    const url = (await new ShareDialog(ownerPage).create("Other instance")).replace(`:${ports[0]}`, `:${ports[1]}`);

    const viewerPage = await (await browser.newContext()).newPage();
    const viewer = new SharedSessionPage(viewerPage);
    await viewer.open(url);
    await viewer.waitForListening();

    // A long, slow answer on instance A; the viewer is on instance B.
    await queue(ownerPage, [{ steps: [{ type: "text", text: Array.from({ length: 400 }, (_, i) => `w${i}`).join(" ") }], rate: 40 }]);
    await new ChatPane(ownerPage).send("Talk for a while");
    await expect(viewer.live).toContainText("Streaming now");
    await expect(viewer.assistant()).toContainText("w5");

    // Kill instance A (the one streaming) outright.
    const owner = servers[0]!;
    process.kill(-owner.pid!, "SIGKILL");
    await expect(viewer.assistant()).toHaveAttribute("data-status", "stopped", { timeout: 20_000 });
    await expect(viewer.assistant()).not.toHaveAttribute("data-status", "complete");
  });
});

/** Holds back the script that carries Monaco (recognised by its own module paths) by `ms`. */
async function delayMonaco(page: Page, ms: number): Promise<void> {
  await page.route("**/_next/static/chunks/*.js", async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    if (body.includes("vs/editor")) await new Promise((r) => setTimeout(r, ms));
    await route.fulfill({ response, body });
  });
}
