import { expect, signedInPage, test } from "./fixtures";
import { ChatPane } from "./pages/chat-pane";
import { IdePage } from "./pages/ide-page";
import { upstream } from "./support/upstream";

/** Issue 14's small things: the HUD after Stop, viewers' chat, and a long chat's way back down. */

test.beforeEach(async () => {
  await upstream.reset();
});

test("after Stop during an edit, the HUD shows what was generated, not 0", async ({ page, dashboard }) => {
  await dashboard.createProject("Hud", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  const content = Array.from({ length: 400 }, (_, i) => `export const line${i} = ${i};`).join("\n");
  await upstream.queue({
    steps: [{ type: "tool_call", id: "call_hud", name: "write_file", arguments: JSON.stringify({ path: "src/big.ts", content }) }],
    rate: 300,
    fault: { kind: "stall", afterTokens: 120 },
  });
  await chat.send("Write src/big.ts");
  await chat.waitForStreaming();
  await page.waitForTimeout(1500);
  await chat.stop();
  expect(await chat.waitForAssistantDone()).toBe("stopped");
  const hud = chat.lastAssistant().getByTestId("speed-hud");
  await expect(hud).toContainText(/out [1-9]/);
  await expect(hud).not.toContainText("out 0");
});

test("a long chat offers Jump to latest once scrolled up", async ({ page, dashboard }) => {
  await dashboard.createProject("Long chat", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  const long = Array.from({ length: 120 }, (_, i) => `Paragraph ${i}: some words to make the answer long.`).join("\n\n");
  await upstream.queue({ steps: [{ type: "text", text: long }], rate: 5000 });
  expect(await chat.ask("Tell me a lot")).toBe("complete");
  const jump = chat.root.getByTestId("jump-to-latest");
  await expect(jump).toHaveCount(0);
  const list = chat.root.getByTestId("message-list");
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(jump).toBeVisible();
  await jump.click();
  await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(48);
  await expect(jump).toHaveCount(0);
});

test("viewers see no chat suggestions they could not use", async ({ page, dashboard: _owner, browser }) => {
  const viewer = await signedInPage(browser, "viewer");
  const workspace = (await (await page.request.post("/api/workspaces", { data: { name: "Team" } })).json()) as { id: string };
  const project = (await (await page.request.post("/api/projects", { data: { workspaceId: workspace.id, name: "Shared", starter: "python" } })).json()) as { id: string };
  expect((await page.request.post(`/api/workspaces/${workspace.id}/members`, { data: { email: viewer.account.email, role: "viewer" } })).status()).toBe(201);

  const ide = new IdePage(viewer.page);
  await ide.goto(project.id);
  const chat = new ChatPane(viewer.page);
  await expect(chat.emptyState).toBeVisible();
  await expect(chat.emptyState).toContainText("members who can edit it can ask the AI");
  await expect(chat.root.getByTestId("chat-suggestion")).toHaveCount(0);
  await viewer.page.context().close();
});
