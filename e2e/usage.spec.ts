import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { ChatPane } from "./pages/chat-pane";
import type { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { UsagePage } from "./pages/usage-page";
import { upstream } from "./support/upstream";

/** Budgets and the usage ledger, against the scripted upstream and the real database. */

async function openChat(page: Page, dashboard: DashboardPage) {
  const workspaceUrl = page.url();
  await dashboard.createProject("Usage", "typescript");
  await new IdePage(page).waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  return { chat, workspaceUrl };
}

test.beforeEach(async () => {
  await upstream.reset();
});

test("the usage page shows today's tokens, cost and energy for a turn just made", async ({ page, dashboard }) => {
  const { chat, workspaceUrl } = await openChat(page, dashboard);
  await upstream.queue({ steps: [{ type: "text", text: "Counted answer." }], usage: { prompt_tokens: 12_000, completion_tokens: 30_000 } });
  expect(await chat.ask("Count me")).toBe("complete");
  // The chat header's per-session figure, read from the ledger once the turn ended.
  await expect(page.getByTestId("session-usage")).toContainText("this session: 42k tokens, ≈ $0.03, ≈");
  await expect(page.getByTestId("quota-left")).toContainText("req/day");

  const usage = new UsagePage(page);
  await usage.openFrom(workspaceUrl);
  await expect(usage.today).toHaveText("42k tokens");
  // 12,000 × $0.35/1M + 30,000 × $0.75/1M = $0.0267.
  await expect(usage.cost).toHaveText("$0.03");
  await expect(usage.energy).toHaveText(/^\d[\d.]*–\d[\d.]* Wh$/);
  await expect(usage.budget).toContainText("42,000 of 2,000,000");
  await expect(usage.models).toContainText("gpt-oss-120b");
  await expect(usage.notes).toContainText("fails before any output costs nothing");
  await expect(usage.notes).toContainText("0.24 Wh");
});

test("a spent budget refuses the next turn and says when it resets", async ({ page, dashboard }) => {
  const { chat } = await openChat(page, dashboard);
  // The provider reports a turn that used the whole Free budget (2,000,000 tokens).
  await upstream.queue({ steps: [{ type: "text", text: "Expensive." }], usage: { prompt_tokens: 1_999_000, completion_tokens: 1_000 } });
  expect(await chat.ask("Spend it")).toBe("complete");
  // Refused (429): no answer appears; the composer's notice says why and when.
  await chat.input.fill("One more");
  await chat.input.press("Enter");
  const now = new Date();
  const reset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  await expect(chat.notice).toContainText(`The budget resets on ${reset} at 00:00 UTC`);
  // Refused before the model was called: the upstream saw only the first turn.
  expect(await upstream.requests()).toHaveLength(1);
});
