import { mkdirSync } from "node:fs";

import { baseURL, expect, signedInPage, test } from "./fixtures";
import { AccountPage, chooseTheme, SHOTS_DIR } from "./pages/account-pages";
import { InvitationPage, WorkspaceSettingsPage, WorkspaceSwitcher } from "./pages/workspace-pages";
import { makePasswordless } from "./support/accounts";
import { canGrantPlan } from "./support/plans";

/** /account (issue 14, defect 3): name, password (ends the other sessions), deletion with what happens to workspaces. */

test("the user menu leads to the account page; a new name shows at once", async ({ page, dashboard, account }) => {
  await dashboard.currentUser.click();
  const accountPage = new AccountPage(page);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toContainText(account.email);
  await accountPage.rename("Renamed Person");
  await page.getByTestId("back-to-dashboard").click();
  await expect(dashboard.currentUser).toHaveText("Renamed Person");

  mkdirSync(SHOTS_DIR, { recursive: true });
  await accountPage.goto();
  for (const theme of ["Light", "Dark"] as const) {
    await chooseTheme(page, theme);
    await page.screenshot({ path: `${SHOTS_DIR}/account-${theme.toLowerCase()}.png`, fullPage: true });
  }
});

test("changing the password needs the current one and signs out the other sessions, not this one", async ({ page, dashboard, account, browser }) => {
  void dashboard;
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, account.email, account.password);

  const accountPage = new AccountPage(page);
  await accountPage.goto();
  expect(await accountPage.changePassword("not my password", "a brand new passphrase")).toContain("current password is wrong");
  expect(await accountPage.changePassword(account.password, "password")).toMatch(/too easy to guess/);
  expect(await accountPage.changePassword(account.password, "a brand new passphrase")).toContain("other sessions were signed out");

  // This browser stays in; the other one is sent to sign in.
  await accountPage.goto();
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();

  // The new password is the one that works now.
  const fresh = await browser.newContext();
  const freshPage = await fresh.newPage();
  await signIn(freshPage, account.email, account.password);
  await expect(freshPage.getByTestId("sign-in-form").getByText("Wrong email or password.")).toBeVisible();
  await signIn(freshPage, account.email, "a brand new passphrase");
  await expect(freshPage).toHaveURL(/\/w\/[a-z0-9-]+$/);
  await fresh.close();
});

test("deleting the account waits while a team would lose its only owner, then deletes the account and its personal workspace", async ({ page, dashboard, account, browser }) => {
  void dashboard;
  const teamName = `Team ${Date.now()}`;
  const slug = await new WorkspaceSwitcher(page).createTeam(teamName);
  const settings = new WorkspaceSettingsPage(page);
  await settings.goto(slug);
  const link = await settings.invite();
  const guest = await signedInPage(browser, "guest");
  await guest.page.goto(link);
  await new InvitationPage(guest.page).accept();

  const accountPage = new AccountPage(page);
  await accountPage.goto();
  await expect(accountPage.workspaceFate(teamName)).toHaveAttribute("data-fate", "blocks");
  await expect(accountPage.workspaceFate(teamName)).toContainText("transfer ownership");
  await expect(accountPage.danger.getByRole("button", { name: "Delete my account" })).toBeDisabled();

  // Ownership moves to the guest: the team will simply be left.
  await settings.goto(slug);
  await settings.transferTo(`${guest.account.name} (Member)`);
  await accountPage.goto();
  await expect(accountPage.workspaceFate(teamName)).toHaveAttribute("data-fate", "left");
  await expect(accountPage.danger.getByTestId("deletion-workspace").filter({ hasText: "(personal)" })).toHaveAttribute("data-fate", "deleted");

  await accountPage.deleteAccount("wrong password");
  await expect(accountPage.danger.getByRole("alert")).toHaveText("The password is wrong.");
  await accountPage.deleteAccount(account.password);
  await expect(page).toHaveURL(`${baseURL}/?account=deleted`);
  await expect(page.getByRole("status")).toHaveText("Your account was deleted.");

  // The team and its new owner are untouched; the old account cannot sign in.
  await guest.page.goto(`/w/${slug}`);
  await expect(new WorkspaceSwitcher(guest.page).current).toHaveText(teamName);
  await signIn(page, account.email, account.password);
  await expect(page.getByTestId("sign-in-form").getByText("Wrong email or password.")).toBeVisible();
  await guest.page.context().close();
});

test("an OAuth-only account sees no change-password form; with no email either, it confirms deletion by typing the phrase", async ({ page, dashboard, account }) => {
  test.skip(!canGrantPlan, "editing the account's row needs the e2e server on Postgres (TEST_DATABASE_URL)");
  void dashboard;
  makePasswordless(account.email);
  const accountPage = new AccountPage(page);
  await accountPage.goto();
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/account-oauth-only.png`, fullPage: true });
  // Nothing asks for a current password it never had.
  await expect(accountPage.password.getByLabel("Current password")).toHaveCount(0);
  await expect(accountPage.password).toContainText("This account has no password");
  await expect(accountPage.danger.getByLabel(`Type your email, ${account.email}, to confirm`)).toBeVisible();

  makePasswordless(account.email, { dropEmail: true });
  await accountPage.goto();
  await page.screenshot({ path: `${SHOTS_DIR}/account-no-email.png`, fullPage: true });
  await accountPage.confirmDeletion('Type "delete my account" to confirm', "delete my");
  await expect(accountPage.danger.getByRole("alert")).toHaveText('Type "delete my account" to confirm.');
  await accountPage.confirmDeletion('Type "delete my account" to confirm', "delete my account");
  await expect(page).toHaveURL(`${baseURL}/?account=deleted`);
});

async function signIn(page: import("@playwright/test").Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  const form = page.getByTestId("sign-in-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState("networkidle");
}

