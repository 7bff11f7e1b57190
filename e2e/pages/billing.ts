import { expect, type Locator, type Page } from "@playwright/test";

/** The Billing and "Your own API key" sections of /w/[slug]/settings, and the scripted Stripe Checkout page. */
export class BillingSettings {
  readonly section: Locator;
  readonly plan: Locator;
  readonly keySection: Locator;
  readonly currentKey: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByTestId("billing-settings");
    this.plan = this.section.getByTestId("billing-plan");
    this.keySection = page.getByTestId("provider-key-settings");
    this.currentKey = this.keySection.getByTestId("provider-key-current");
  }

  async open(slug: string): Promise<void> {
    await this.page.goto(`/w/${slug}/settings`);
    await expect(this.section).toBeVisible();
  }

  /** Upgrade → Stripe Checkout (scripted) → Pay → back on settings once Stripe's webhook was answered. */
  async upgradeToPro(): Promise<void> {
    await this.section.getByTestId("upgrade-pro").click();
    await this.page.waitForURL(/\/pay\/cs_/);
    await expect(this.page.getByRole("heading", { name: "Scripted Stripe Checkout" })).toBeVisible();
    await this.page.getByRole("button", { name: "Pay" }).click();
    await this.page.waitForURL(/\/settings\?billing=success$/);
  }

  async saveKey(apiKey: string): Promise<void> {
    await this.keySection.getByLabel("API key").fill(apiKey);
    await this.keySection.getByTestId("save-provider-key").click();
  }
}
