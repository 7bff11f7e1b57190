import { expect, type Locator, type Page } from "@playwright/test";

/** /w/[slug]/usage: this month's tokens, cost and energy for the workspace. */
export class UsagePage {
  readonly today: Locator;
  readonly month: Locator;
  readonly cost: Locator;
  readonly energy: Locator;
  readonly budget: Locator;
  readonly chart: Locator;
  readonly members: Locator;
  readonly models: Locator;
  readonly notes: Locator;

  constructor(readonly page: Page) {
    this.today = page.getByTestId("usage-today");
    this.month = page.getByTestId("usage-month");
    this.cost = page.getByTestId("usage-cost");
    this.energy = page.getByTestId("usage-energy");
    this.budget = page.getByTestId("usage-budget");
    this.chart = page.getByTestId("usage-chart");
    this.members = page.getByTestId("usage-members");
    this.models = page.getByTestId("usage-models");
    this.notes = page.getByTestId("usage-notes");
  }

  /** Through the workspace's Usage tab, as a member would get there. */
  async openFrom(workspaceUrl: string): Promise<void> {
    await this.page.goto(workspaceUrl);
    await this.page.getByTestId("usage-tab").click();
    await this.page.waitForURL(/\/w\/[a-z0-9-]+\/usage$/);
    await expect(this.chart).toBeVisible();
  }
}
