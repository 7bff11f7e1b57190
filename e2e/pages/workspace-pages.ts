import { expect, type Locator, type Page } from "@playwright/test";

/** The workspace menu in the top bar of the dashboard and the IDE. */
export class WorkspaceSwitcher {
  readonly root: Locator;
  readonly current: Locator;
  readonly menu: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("workspace-switcher");
    this.current = this.root.getByTestId("current-workspace");
    this.menu = this.root.getByTestId("workspace-menu");
  }

  async open(): Promise<Locator> {
    if (!(await this.menu.isVisible())) await this.root.getByTestId("workspace-switcher-button").click();
    await expect(this.menu).toBeVisible();
    return this.menu;
  }

  option(name: string): Locator {
    return this.menu.getByTestId("workspace-option").filter({ hasText: name });
  }

  async switchTo(name: string): Promise<void> {
    await (await this.open()).getByTestId("workspace-option").filter({ hasText: name }).click();
    await expect(this.current).toHaveText(name);
  }

  /** "New team" → the new team's dashboard; returns its slug. */
  async createTeam(name: string): Promise<string> {
    await (await this.open()).getByRole("button", { name: "New team" }).click();
    const dialog = this.page.getByTestId("new-team-dialog");
    await dialog.getByLabel("Team name").fill(name);
    await dialog.getByRole("button", { name: "Create team" }).click();
    await expect(this.current).toHaveText(name);
    return new URL(this.page.url()).pathname.split("/")[2] ?? "";
  }
}

/** /w/[slug]/settings. */
export class WorkspaceSettingsPage {
  readonly members: Locator;
  readonly invitations: Locator;
  readonly dangerZone: Locator;
  /** The in-app confirmation (components/ui/choice-dialog) that removals and transfers ask through. */
  readonly choiceDialog: Locator;

  constructor(readonly page: Page) {
    this.members = page.getByTestId("members");
    this.invitations = page.getByTestId("invitations");
    this.dangerZone = page.getByTestId("danger-zone");
    this.choiceDialog = page.getByTestId("choice-dialog");
  }

  private async confirm(label: string): Promise<void> {
    await expect(this.choiceDialog).toBeVisible();
    await this.choiceDialog.getByRole("button", { name: label }).click();
    await expect(this.choiceDialog).toBeHidden();
  }

  async goto(slug: string): Promise<void> {
    await this.page.goto(`/w/${slug}/settings`);
    await expect(this.page.getByTestId("workspace-settings")).toBeVisible();
  }

  memberRow(email: string): Locator {
    return this.members.locator(`[data-testid="member-row"][data-email="${email}"]`);
  }

  /** Creates an invitation and returns the full URL, shown this once. */
  async invite({ role = "Member", email, maxUses }: { role?: string; email?: string; maxUses?: number } = {}): Promise<string> {
    if (email) {
      await this.invitations.getByRole("radio", { name: "Email" }).click();
      await this.invitations.getByLabel("Invitee email").fill(email);
    } else if (maxUses) {
      await this.invitations.getByLabel("Maximum uses").fill(String(maxUses));
    }
    await this.invitations.getByLabel("Invitation role").selectOption({ label: role });
    await this.invitations.getByRole("button", { name: "Create invitation" }).click();
    const url = this.invitations.getByTestId("invitation-url");
    await expect(url).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const value = await url.inputValue();
    await this.invitations.getByRole("button", { name: "Done" }).click();
    return value;
  }

  pendingInvitations(): Locator {
    return this.invitations.getByTestId("pending-invitation");
  }

  /** Changes a member's role and waits until the server has it. */
  async setRole(email: string, role: string): Promise<void> {
    const saved = this.page.waitForResponse((r) => r.request().method() === "PATCH" && /\/members\/[0-9a-f-]{36}$/.test(r.url()));
    await this.memberRow(email).getByRole("combobox").selectOption({ label: role });
    expect((await saved).status()).toBe(200);
    await expect(this.memberRow(email).getByRole("combobox")).toHaveValue(role.toLowerCase());
  }

  async remove(email: string): Promise<void> {
    const removed = this.page.waitForResponse((r) => r.request().method() === "DELETE" && /\/members\/[0-9a-f-]{36}$/.test(r.url()));
    await this.memberRow(email).getByRole("button", { name: "Remove" }).click();
    await this.confirm("Remove member");
    expect((await removed).status()).toBe(204);
    await expect(this.memberRow(email)).toHaveCount(0);
  }

  async transferTo(label: string): Promise<void> {
    await this.dangerZone.getByLabel("New owner").selectOption({ label });
    await this.dangerZone.getByRole("button", { name: "Transfer ownership" }).click();
    await this.confirm("Transfer ownership");
    await expect(this.dangerZone).toHaveCount(0);
  }

  async deleteWorkspace(name: string): Promise<void> {
    const confirm = this.dangerZone.getByLabel("Type the workspace name to confirm");
    const button = this.dangerZone.getByRole("button", { name: "Delete workspace" });
    await confirm.fill(`${name} (typo)`);
    await expect(button).toBeDisabled();
    await confirm.fill(name);
    await button.click();
    await this.page.waitForURL(/\/w\/[a-z0-9-]+$/);
  }
}

/** /invite/[token]. */
export class InvitationPage {
  readonly card: Locator;
  readonly problem: Locator;

  constructor(readonly page: Page) {
    this.card = page.getByTestId("invitation");
    this.problem = page.getByTestId("invitation-problem");
  }

  async accept(): Promise<void> {
    await this.card.getByRole("button", { name: "Accept invitation" }).click();
    await this.page.waitForURL(/\/w\/[a-z0-9-]+$/);
  }
}
