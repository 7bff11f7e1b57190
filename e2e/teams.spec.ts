import type { Page } from "@playwright/test";

import { apiAs, expect, newAccount, test, type Account } from "./fixtures";
import { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { InvitationPage, WorkspaceSettingsPage, WorkspaceSwitcher } from "./pages/workspace-pages";

/** Follows an invitation link signed out: sign-in → "Create an account" → back on the invitation. */
async function signUpThroughInvitation(page: Page, url: string, account: Account): Promise<InvitationPage> {
  await page.goto(url);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=[^&]*%2Finvite%2F/);
  await page.getByRole("link", { name: "Create an account" }).click();
  const form = page.getByTestId("sign-up-form");
  await form.getByLabel("Name").fill(account.name);
  await form.getByLabel("Email").fill(account.email);
  await form.getByLabel("Password").fill(account.password);
  await form.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(new URL(url).pathname);
  return new InvitationPage(page);
}

test("a team from creation to deletion: invite, re-role, remove, transfer, delete", async ({ page, dashboard, account, browser }) => {
  test.setTimeout(120_000);
  const teamName = `Acme ${account.email.slice(5, 15)}`;
  const switcher = new WorkspaceSwitcher(page);
  const settings = new WorkspaceSettingsPage(page);

  // Create the team from the switcher; it lists both workspaces with plan and role.
  const slug = await switcher.createTeam(teamName);
  await expect(page).toHaveURL(`/w/${slug}`);
  await switcher.open();
  await expect(switcher.option(teamName)).toContainText("free · Owner");
  await expect(switcher.menu.getByTestId("workspace-option")).toHaveCount(2);
  await page.keyboard.press("Escape");
  const projectId = await dashboard.createProject("Shared app", "typescript");
  // The IDE's top bar has the switcher too, on the team.
  await expect(new WorkspaceSwitcher(page).current).toHaveText(teamName);

  // Invite by link; a second person signs up through it and sees the team's projects.
  await settings.goto(slug);
  const link = await settings.invite({ role: "Member" });
  await expect(settings.pendingInvitations()).toHaveCount(1);
  const guestContext = await browser.newContext();
  const guestPage = await guestContext.newPage();
  const guest = newAccount("guest");
  const invitation = await signUpThroughInvitation(guestPage, link, guest);
  await expect(invitation.card).toContainText(teamName);
  await invitation.accept();
  await expect(guestPage).toHaveURL(`/w/${slug}`);
  const guestDashboard = new DashboardPage(guestPage);
  await expect(guestDashboard.projectCards()).toHaveCount(1);
  await expect(guestDashboard.projectCards().first()).toContainText("Shared app");
  await expect(new WorkspaceSwitcher(guestPage).current).toHaveText(teamName);

  // The single-use link is spent.
  await settings.goto(slug);
  await expect(settings.pendingInvitations()).toHaveCount(0);
  await expect(settings.memberRow(guest.email).getByRole("combobox")).toHaveValue("member");

  // As a member the guest edits and saves.
  const guestIde = new IdePage(guestPage);
  await guestIde.goto(projectId);
  await expect(guestIde.readOnlyBadge).toHaveCount(0);
  await guestIde.openFile("README.md");
  await guestIde.typeInEditor("\nmember line");
  await guestIde.save();
  await guestIde.expectSaved("README.md");

  // Downgraded to viewer: the guest's next action (a save) is refused and the editor turns read-only.
  await settings.setRole(guest.email, "Viewer");
  await guestIde.typeInEditor("\nviewer line");
  await guestIde.save();
  await expect(guestIde.readOnlyBadge).toBeVisible();
  await guestIde.waitForReady();
  expect(await guestIde.serverContent(projectId, "README.md")).not.toContain("viewer line");

  // Removed: the guest's next request is refused, and the team's pages are gone for them.
  await settings.remove(guest.email);
  expect((await guestPage.request.get(`/api/projects/${projectId}/tree`)).status()).toBe(404);
  expect((await guestPage.goto(`/p/${projectId}`))?.status()).toBe(404);
  expect((await guestPage.goto(`/w/${slug}`))?.status()).toBe(404);

  // An email invitation is bound to its address: the removed guest cannot use it, the invitee can.
  const third = newAccount("third");
  const emailLink = await settings.invite({ role: "Member", email: third.email.toUpperCase() });
  await guestPage.goto(emailLink);
  await expect(new InvitationPage(guestPage).problem).toHaveAttribute("data-problem", "wrong_email");
  const thirdContext = await browser.newContext();
  const thirdPage = await thirdContext.newPage();
  await (await signUpThroughInvitation(thirdPage, emailLink, third)).accept();

  // Ownership transfer: the third member becomes owner; the old owner is an admin without a danger zone.
  await settings.goto(slug);
  await settings.transferTo(`${third.name} (Member)`);
  await expect(settings.memberRow(third.email)).toContainText("Owner");
  await switcher.open();
  await expect(switcher.option(teamName)).toContainText("free · Admin");
  await page.keyboard.press("Escape");

  // The new owner deletes the workspace with its projects, after typing its name.
  const thirdSettings = new WorkspaceSettingsPage(thirdPage);
  await thirdSettings.goto(slug);
  await thirdSettings.deleteWorkspace(teamName);
  await expect(new WorkspaceSwitcher(thirdPage).current).not.toHaveText(teamName);
  expect((await page.goto(`/p/${projectId}`))?.status()).toBe(404);
  await page.goto("/");
  await switcher.open();
  await expect(switcher.option(teamName)).toHaveCount(0);

  await guestContext.close();
  await thirdContext.close();
});

test("invitation links that cannot be used say why, never an error page", async ({ page, dashboard, account, browser }) => {
  void dashboard;
  const owner = await apiAs(account);
  const team = (await (await owner.post("/api/workspaces", { data: { name: "Edge team" } })).json()) as { id: string; slug: string };
  const create = async (data: object) =>
    (await (await owner.post(`/api/workspaces/${team.id}/invitations`, { data: { role: "member", ...data } })).json()) as { id: string; path: string };
  const revoked = await create({ kind: "link", maxUses: 5 });
  expect((await owner.delete(`/api/workspaces/${team.id}/invitations/${revoked.id}`)).status()).toBe(204);
  const single = await create({ kind: "link", maxUses: 1 });

  const invitation = new InvitationPage(page);
  const origin = new URL(page.url()).origin;
  // The owner is already a member.
  await page.goto(single.path);
  await expect(invitation.problem).toHaveAttribute("data-problem", "already_member");
  const bogus = await page.goto(`/invite/${"A".repeat(43)}`);
  expect(bogus?.status()).toBe(200);
  await expect(invitation.problem).toHaveAttribute("data-problem", "not_found");

  // One person uses the single-use link; the next is told it was used, and a revoked link says so.
  const first = await browser.newContext();
  const firstPage = await first.newPage();
  await (await signUpThroughInvitation(firstPage, `${origin}${single.path}`, newAccount("first"))).accept();
  const second = await browser.newContext();
  const secondPage = await second.newPage();
  const secondInvitation = await signUpThroughInvitation(secondPage, `${origin}${revoked.path}`, newAccount("second"));
  await expect(secondInvitation.problem).toHaveAttribute("data-problem", "revoked");
  await secondPage.goto(single.path);
  await expect(secondInvitation.problem).toHaveAttribute("data-problem", "used_up");
  await expect(secondInvitation.card.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
  await first.close();
  await second.close();
  await owner.dispose();
});

test("/ opens the last used workspace", async ({ page, dashboard }) => {
  const switcher = new WorkspaceSwitcher(page);
  const personal = await switcher.current.textContent();
  const slug = await switcher.createTeam("Remembered team");
  await page.goto("/");
  await expect(page).toHaveURL(`/w/${slug}`);
  await switcher.switchTo(personal ?? "");
  await page.goto("/");
  await expect(switcher.current).toHaveText(personal ?? "");
  void dashboard;
});
