import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import { BillingSettings } from "./pages/billing";
import { ChatPane } from "./pages/chat-pane";
import type { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { upstream } from "./support/upstream";

/** Plans in the browser: the premium-model upsell, the Stripe upgrade path (scripted Stripe, signed webhook), and a workspace's own key. */

const PREMIUM = "zai-glm-4.7";

async function openChat(page: Page, dashboard: DashboardPage) {
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  const projectId = await dashboard.createProject("Plans", "blank");
  await new IdePage(page).waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  return { slug, projectId, chat };
}

test.beforeEach(async () => {
  await upstream.reset();
});

test("a Free workspace sees the upsell on a premium model and cannot use it; after Checkout and the webhook it can", async ({ page, dashboard }) => {
  const { projectId, chat } = await openChat(page, dashboard);
  await chat.selectModel(PREMIUM);
  await expect(chat.modelPicker.locator(`option[value="${PREMIUM}"]`)).toHaveText(/Pro \(upgrade\)/);
  const upsell = chat.root.getByTestId("model-upsell");
  await expect(upsell).toContainText("GLM 4.7 needs a Pro or Team plan");
  // The server refuses the turn (403 forbidden:model): the composer's notice says why and the draft comes back.
  await chat.input.fill("Use the premium model");
  await chat.input.press("Enter");
  await expect(chat.notice).toContainText("The Pro plan unlocks it");
  await expect(chat.input).toHaveValue("Use the premium model");
  expect((await upstream.requests()).filter((r) => r.body.model === PREMIUM)).toHaveLength(0);

  const billing = new BillingSettings(page);
  await upsell.getByRole("link", { name: "Upgrade" }).click();
  await expect(billing.section).toBeVisible();
  await expect(billing.plan).toHaveText("Free");
  await billing.upgradeToPro();
  await expect(billing.plan).toHaveText("Pro");

  await page.goto(`/p/${projectId}`);
  await chat.waitForReady();
  await chat.selectModel(PREMIUM);
  await expect(chat.root.getByTestId("model-upsell")).toHaveCount(0);
  await upstream.queue({ steps: [{ type: "text", text: "Premium answer." }] });
  expect(await chat.ask("Now with the premium model")).toBe("complete");
  expect(await chat.lastAssistantText()).toContain("Premium answer.");
  expect((await upstream.requests()).at(-1)?.body.model).toBe(PREMIUM);
});

test("a Free workspace adds its own key and chats with it", async ({ page, dashboard }) => {
  const key = `csk-e2e-own-${Date.now()}-k7q2`;
  await upstream.keys({ [key]: ["gpt-oss-120b", PREMIUM] });
  const { slug, projectId, chat } = await openChat(page, dashboard);
  const billing = new BillingSettings(page);
  await billing.open(slug);
  await billing.saveKey(key);
  await expect(billing.currentKey).toContainText("k7q2");
  await expect(billing.keySection).not.toContainText(key);
  expect(await page.content()).not.toContain(key);

  await page.goto(`/p/${projectId}`);
  await chat.waitForReady();
  await chat.selectModel(PREMIUM);
  await expect(chat.root.getByTestId("model-upsell")).toHaveCount(0);
  await upstream.queue({ steps: [{ type: "text", text: "Answered with your key." }] });
  expect(await chat.ask("Hello with my key")).toBe("complete");
  const last = (await upstream.requests()).at(-1);
  expect(last?.body.model).toBe(PREMIUM);
  expect(last?.headers.keyLast4).toBe("k7q2");
});
