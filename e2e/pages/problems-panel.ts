import { expect, type Locator, type Page } from "@playwright/test";

/** The Problems view (Ctrl/Cmd+Shift+M): Monaco's diagnostics for the open files. */
export class ProblemsPanel {
  readonly root: Locator;
  readonly summary: Locator;
  readonly problems: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("problems-panel");
    this.summary = this.root.getByTestId("problems-summary");
    this.problems = this.root.getByTestId("problem");
  }

  async open(): Promise<void> {
    await this.page.keyboard.press("ControlOrMeta+Shift+M");
    await expect(this.root).toBeVisible();
  }

  problem(path: string, line: number): Locator {
    return this.root.locator(`[data-testid="problem"][data-path="${path}"][data-line="${line}"]`);
  }
}
