import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { ChatPane } from "./pages/chat-pane";
import type { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { upstream } from "./support/upstream";

/** The chat pane against the scripted upstream: how turns end, and that nothing is ever lost. */

async function openChat(page: Page, dashboard: DashboardPage) {
  const projectId = await dashboard.createProject("Chat", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  return { projectId, ide, chat };
}

test.beforeEach(async () => {
  await upstream.reset();
});

test("an answer streams, shows its speed, and survives a reload", async ({ page, dashboard }) => {
  const { chat } = await openChat(page, dashboard);
  await upstream.queue({ steps: [{ type: "text", text: "Here is **bold** and `code`.\n\n```ts\nconst x = 1;\n```\n" }], rate: 2000 });
  expect(await chat.ask("Explain")).toBe("complete");
  await expect(chat.lastAssistant().locator("strong")).toHaveText("bold");
  await expect(chat.speedHud()).toContainText("tok/s");
  await page.reload();
  await chat.waitForReady();
  await expect(chat.lastAssistant().locator("strong")).toHaveText("bold");
  await expect(chat.lastUser()).toContainText("Explain");
});

test("stop mid-stream aborts the model call and keeps the partial answer as stopped", async ({ page, dashboard }) => {
  const { chat } = await openChat(page, dashboard);
  await upstream.queue({ steps: [{ type: "text", text: "word ".repeat(400) }], rate: 200, fault: { kind: "stall", afterTokens: 60 } });
  await chat.send("Long answer please");
  await chat.waitForStreaming();
  await expect.poll(async () => (await chat.lastAssistantText()).length).toBeGreaterThan(10);
  await chat.stop();
  expect(await chat.waitForAssistantDone()).toBe("stopped");
  const shownAtStop = await chat.lastAssistantText();

  // The upstream saw its connection closed: the stop reached the model call.
  await expect.poll(async () => (await upstream.requests()).at(-1)?.aborted, { timeout: 10_000 }).toBe(true);

  // The server stored everything the pane showed (and perhaps the few tokens in flight), and the
  // pane settles on exactly what is stored.
  const stored = await chat.storedLastAssistant();
  expect(stored.status).toBe("stopped");
  expect(stored.text.startsWith(shownAtStop.trim())).toBe(true);
  await expect.poll(() => chat.lastAssistantText()).toBe(stored.text);

  await page.reload();
  await chat.waitForReady();
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "stopped");
  expect(await chat.lastAssistantText()).toBe(stored.text);
});

test("an upstream 500 before the first token fails clearly, keeps the question, and Retry answers it", async ({ page, dashboard }) => {
  const { chat } = await openChat(page, dashboard);
  await upstream.queue({ steps: [{ type: "text", text: "never" }], fault: { kind: "http", status: 500 } }, { steps: [{ type: "text", text: "Second time lucky." }] });
  expect(await chat.ask("Hello?")).toBe("failed");
  await expect(chat.messageError()).toContainText("500");
  await expect(chat.userMessages()).toHaveCount(1);
  await chat.retry();
  expect(await chat.waitForAssistantDone()).toBe("complete");
  expect(await chat.lastAssistantText()).toBe("Second time lucky.");
  await expect(chat.assistantMessages()).toHaveCount(1);
});

test("an error mid-stream keeps the partial answer, marked interrupted", async ({ page, dashboard }) => {
  const { chat } = await openChat(page, dashboard);
  await upstream.queue({
    steps: [{ type: "text", text: "one two three four five six seven eight nine ten" }],
    fault: { kind: "error_chunk", afterTokens: 4, message: "overloaded" },
  });
  expect(await chat.ask("Count")).toBe("failed");
  await expect(chat.statusBadge()).toHaveText("interrupted");
  const partial = await chat.lastAssistantText();
  expect(partial.length).toBeGreaterThan(0);
  await page.reload();
  await chat.waitForReady();
  expect(await chat.lastAssistantText()).toBe(partial);
});

test("a 429 shows its countdown and never retries by itself", async ({ page, dashboard }) => {
  const { chat } = await openChat(page, dashboard);
  await upstream.queue({ steps: [], fault: { kind: "http", status: 429, retryAfter: 3 } }, { steps: [{ type: "text", text: "ok now" }] });
  expect(await chat.ask("Quick")).toBe("failed");
  await expect(chat.rateLimitCountdown()).toContainText(/retry in [1-3] s/);
  await expect(chat.lastAssistant().getByTestId("retry-button")).toBeDisabled();
  await expect(chat.lastAssistant().getByTestId("retry-button")).toBeEnabled({ timeout: 6000 });
  expect(await upstream.requests()).toHaveLength(1);
  await chat.retry();
  expect(await chat.waitForAssistantDone()).toBe("complete");
});

test("context over the model's budget is trimmed, and the meter says what was left out", async ({ page, dashboard }) => {
  const { ide, chat } = await openChat(page, dashboard);
  // llama3.1-8b has a 32k window with 8k kept for the answer: a ~45k-token file cannot go in.
  const big = Array.from({ length: 6000 }, (_, i) => `export const value${i} = "${"x".repeat(20)}";`).join("\n");
  await page.evaluate(async ({ projectId, content }) => {
    const response = await fetch(`/api/projects/${projectId}/files`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "big.ts", kind: "file", content }),
    });
    if (!response.ok) throw new Error(await response.text());
  }, { projectId: page.url().split("/p/")[1], content: big });
  // Made elsewhere: a reload shows it in the tree (and in @-mentions).
  await page.reload();
  await chat.waitForReady();
  await page.evaluate(() => window.__waferChat!.setModel("llama3.1-8b"));
  await ide.openFile("src/index.ts");
  await chat.mention("big", "big.ts");
  await upstream.queue({ steps: [{ type: "text", text: "Answered with what fit." }] });
  expect(await chat.ask("What is in big.ts?")).toBe("complete");
  await expect(chat.contextMeter).toBeVisible();
  await expect(chat.root.getByText(/left out/i)).toBeVisible();
  const sent = JSON.stringify((await upstream.requests()).at(-1)?.body);
  expect(sent).not.toContain("value5999");
  expect(sent).toContain("src/index.ts");
});
