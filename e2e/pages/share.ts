import { expect, type Locator, type Page } from "@playwright/test";

/** The owner's share dialog (chat header → Share session). */
export class ShareDialog {
  readonly dialog: Locator;
  readonly url: Locator;
  readonly links: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId("share-dialog");
    this.url = page.getByTestId("share-url");
    this.links = page.getByTestId("share-link");
  }

  async open(): Promise<void> {
    await this.page.getByTestId("share-session").click();
    await expect(this.dialog).toBeVisible();
  }

  /** The dialog is modal: close it before using the workbench again. */
  async close(): Promise<void> {
    await this.page.keyboard.press("Escape");
    await expect(this.dialog).toBeHidden();
  }

  /** Creates a link and returns its full URL (shown once); the dialog is closed afterwards. */
  async create(label: string): Promise<string> {
    await this.open();
    await this.page.getByTestId("share-label").fill(label);
    await this.page.getByTestId("share-create").click();
    await expect(this.url).toHaveValue(/\/s\/[A-Za-z0-9_-]{43}$/);
    const url = await this.url.inputValue();
    await this.close();
    return url;
  }

  /** The link's "Opens" column as the dialog shows it on opening (it closes again); poll it, the list reloads on open. */
  async opens(label: string): Promise<number> {
    await this.open();
    const text = await this.links.filter({ hasText: label }).locator("td").nth(4).innerText();
    await this.close();
    return Number(text);
  }

  async revoke(label: string): Promise<void> {
    await this.open();
    const row = this.links.filter({ hasText: label });
    await row.getByTestId("share-revoke").click();
    await expect(row).toHaveAttribute("data-state", "revoked");
  }
}

/** A share link's read-only page (/s/:token), as a signed-out viewer sees it. */
export class SharedSessionPage {
  readonly root: Locator;
  readonly messages: Locator;
  readonly live: Locator;
  readonly upgrade: Locator;
  readonly openPath: Locator;
  readonly editor: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("shared-session");
    this.messages = page.getByTestId("shared-message");
    this.live = page.getByTestId("share-live");
    this.upgrade = page.getByTestId("share-upgrade");
    this.openPath = page.getByTestId("shared-open-path");
    this.editor = page.getByTestId("shared-editor");
  }

  async open(url: string): Promise<void> {
    const response = await this.page.goto(url);
    expect(response?.status()).toBe(200);
    await expect(this.root).toBeVisible();
  }

  /**
   * The page's live stream is open: the server answers it only once this viewer is subscribed, so
   * every turn started from now on reaches it. (The "Following live" label shows from the server
   * render, before the browser has opened the stream.)
   */
  async waitForListening(): Promise<void> {
    await expect(this.root).toHaveAttribute("data-listening", "true");
  }

  /** A row of the read-only file tree (the explorer's rows: data-path, aria-level). */
  treeItem(path: string): Locator {
    return this.page.getByTestId("shared-tree").locator(`[data-testid="tree-item"][data-path="${path}"]`);
  }

  assistant(index = -1): Locator {
    const list = this.messages.and(this.page.locator("[data-role=assistant]"));
    return index < 0 ? list.last() : list.nth(index);
  }

  /** The visible lines of the read-only Monaco. */
  async editorText(): Promise<string> {
    return (await this.editor.locator(".view-lines").innerText()).replace(/\u00a0/g, " ");
  }

  /** No control on the page writes: Monaco is read-only and there is no composer. */
  async expectReadOnly(): Promise<void> {
    await expect(this.page.locator("textarea:not([readonly]):not(.inputarea)")).toHaveCount(0);
    await expect(this.page.getByRole("button", { name: /send|accept|reject|delete|rename/i })).toHaveCount(0);
  }
}
