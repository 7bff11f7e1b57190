import { randomBytes } from "node:crypto";

import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Browser, type Page } from "@playwright/test";

import { DashboardPage } from "./pages/dashboard-page";
import { E2E_APP_PORT } from "./support/ports";

export interface Account {
  name: string;
  email: string;
  password: string;
}

export const baseURL = `http://localhost:${E2E_APP_PORT}`;

export function newAccount(label = "user"): Account {
  const id = randomBytes(5).toString("hex");
  return { name: `${label} ${id}`, email: `${label}-${id}@example.test`, password: `pw-${id}-long-enough` };
}

/** Signs up through the real form and lands on the dashboard, signed in. */
export async function signUp(page: Page, account: Account): Promise<DashboardPage> {
  await page.goto("/sign-up");
  const form = page.getByTestId("sign-up-form");
  await form.getByLabel("Name").fill(account.name);
  await form.getByLabel("Email").fill(account.email);
  await form.getByLabel("Password").fill(account.password);
  await form.getByRole("button", { name: "Create account" }).click();
  // `/` opens the last used workspace: the new personal one.
  await page.waitForURL(/\/w\/[a-z0-9-]+$/);
  const dashboard = new DashboardPage(page);
  await expect(dashboard.currentUser).toHaveText(account.name);
  return dashboard;
}

/** A new browser context with a freshly signed-up account. */
export async function signedInPage(browser: Browser, label = "user"): Promise<{ page: Page; account: Account; dashboard: DashboardPage }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const account = newAccount(label);
  const dashboard = await signUp(page, account);
  return { page, account, dashboard };
}

/** An API client holding `account`'s session cookie, signed in through Auth.js' credentials callback. */
export async function apiAs(account: Account): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await api.post("/api/auth/callback/credentials", {
    form: { email: account.email, password: account.password, csrfToken, callbackUrl: baseURL },
  });
  expect(response.ok()).toBe(true);
  const session = (await (await api.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
  expect(session?.user?.email).toBe(account.email);
  return api;
}

export const test = base.extend<{ account: Account; dashboard: DashboardPage }>({
  account: async ({}, use) => {
    await use(newAccount());
  },
  dashboard: async ({ page, account }, use) => {
    await use(await signUp(page, account));
  },
});

export { expect };
