import { expect, type Locator, type Page } from "@playwright/test";

/** Search across files (Ctrl/Cmd+Shift+F) in the workbench's side panel. */
export class SearchPanel {
  readonly root: Locator;
  readonly query: Locator;
  readonly replace: Locator;
  readonly replaceAllButton: Locator;
  readonly include: Locator;
  readonly exclude: Locator;
  readonly summary: Locator;
  readonly files: Locator;
  readonly matches: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("search-panel");
    this.query = this.root.getByTestId("search-query");
    this.replace = this.root.getByTestId("search-replace");
    this.replaceAllButton = this.root.getByTestId("search-replace-all");
    this.include = this.root.getByTestId("search-include");
    this.exclude = this.root.getByTestId("search-exclude");
    this.summary = this.root.getByTestId("search-summary");
    this.files = this.root.getByTestId("search-file");
    this.matches = this.root.getByTestId("search-match");
    this.error = this.root.getByRole("alert");
  }

  /** Opens it with the shortcut, as a user would; the query box gets focus. */
  async open(): Promise<void> {
    await this.page.keyboard.press("ControlOrMeta+Shift+F");
    await expect(this.query).toBeFocused();
  }

  toggle(name: "Match Case" | "Match Whole Word" | "Use Regular Expression"): Locator {
    return this.root.getByRole("button", { name, exact: true });
  }

  async search(text: string): Promise<void> {
    await this.query.fill(text);
  }

  async expectSummary(text: string | RegExp): Promise<void> {
    await expect(this.summary).toHaveText(text);
  }

  async filePaths(): Promise<string[]> {
    return this.files.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.path ?? ""));
  }

  match(path: string, line: number): Locator {
    return this.root.locator(`[data-testid="search-file"][data-path="${path}"] [data-testid="search-match"][data-line="${line}"]`);
  }
}
