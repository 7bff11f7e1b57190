import { expect, type Locator, type Page } from "@playwright/test";

export const SHOTS_DIR = process.env.SHOTS_DIR ?? "/tmp/shots-account";

/** Picks the theme with the toggle every page's header has. */
export async function chooseTheme(page: Page, theme: "Light" | "Dark"): Promise<void> {
  await page.getByTestId("theme-toggle").first().click();
  await page.getByRole("menuitemradio", { name: theme }).click();
  await expect(page.locator("html")).toHaveClass(theme === "Dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
  await page.keyboard.press("Escape");
}

/** `/` for visitors. */
export class LandingPage {
  readonly heading: Locator;
  readonly demo: Locator;
  readonly signUp: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.demo = page.getByTestId("landing-demo");
    this.signUp = page.getByTestId("landing-sign-up");
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
    await expect(this.heading).toBeVisible();
  }
}

/** The editor settings form, on the account page and in the IDE's settings dialog. */
export class EditorSettingsForm {
  constructor(readonly root: Locator) {}

  async set({ fontSize, tabSize, wordWrap, minimap, keybindings, autoApply }: { fontSize?: number; tabSize?: number; wordWrap?: boolean; minimap?: boolean; keybindings?: "Default" | "Vim"; autoApply?: boolean }): Promise<void> {
    if (fontSize !== undefined) await this.root.getByLabel("Font size").selectOption(String(fontSize));
    if (tabSize !== undefined) await this.root.getByLabel("Tab size").selectOption(String(tabSize));
    if (wordWrap !== undefined) await this.root.getByLabel("Word wrap").setChecked(wordWrap);
    if (minimap !== undefined) await this.root.getByLabel("Minimap").setChecked(minimap);
    if (keybindings !== undefined) await this.root.getByRole("radio", { name: keybindings }).check();
    if (autoApply !== undefined) await this.root.getByLabel("Apply AI edits without review").setChecked(autoApply);
  }

  async save(): Promise<void> {
    await this.root.getByRole("button", { name: "Save settings" }).click();
    await expect(this.root.getByRole("status")).toHaveText("Settings saved.");
  }
}

/** /account: name, editor settings, password, deletion. */
export class AccountPage {
  readonly profile: Locator;
  readonly password: Locator;
  readonly danger: Locator;
  readonly settings: EditorSettingsForm;

  constructor(readonly page: Page) {
    this.profile = page.getByTestId("account-profile");
    this.password = page.getByTestId("account-password");
    this.danger = page.getByTestId("account-danger");
    this.settings = new EditorSettingsForm(page.getByTestId("editor-settings-form"));
  }

  async goto(): Promise<void> {
    await this.page.goto("/account");
    await expect(this.page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  }

  /** Opens the page and saves these editor settings there. */
  async saveSettings(values: Parameters<EditorSettingsForm["set"]>[0]): Promise<void> {
    await this.goto();
    await this.settings.set(values);
    await this.settings.save();
  }

  async rename(name: string): Promise<void> {
    await this.profile.getByLabel("Name").fill(name);
    await this.profile.getByRole("button", { name: "Save name" }).click();
    await expect(this.profile.getByRole("status")).toContainText(name);
  }

  /** Returns the message shown (an error, or what was done after the page comes back signed in again). */
  async changePassword(current: string, next: string): Promise<string> {
    const outcome = this.password.locator("[role=status], [role=alert]");
    const before = (await outcome.count()) > 0 ? await outcome.textContent() : null;
    await this.password.getByLabel("Current password").fill(current);
    await this.password.getByLabel("New password").fill(next);
    await this.password.getByRole("button", { name: "Change password" }).click();
    await expect.poll(async () => ((await outcome.count()) > 0 ? await outcome.textContent() : null)).not.toBe(before);
    await expect(outcome).toBeVisible();
    return (await outcome.textContent()) ?? "";
  }

  workspaceFate(name: string): Locator {
    return this.danger.getByTestId("deletion-workspace").filter({ hasText: name });
  }

  async deleteAccount(password: string): Promise<void> {
    await this.confirmDeletion("Your password, to confirm", password);
  }

  /** Fills the confirmation field labelled `label` (password, email or phrase) and deletes. */
  async confirmDeletion(label: string, value: string): Promise<void> {
    await this.danger.getByLabel(label).fill(value);
    await this.danger.getByRole("button", { name: "Delete my account" }).click();
  }
}

/** The IDE's shortcuts sheet and settings dialog. */
export class WorkbenchSheets {
  readonly shortcuts: Locator;
  readonly settingsDialog: Locator;
  readonly settings: EditorSettingsForm;

  constructor(readonly page: Page) {
    this.shortcuts = page.getByTestId("shortcuts-sheet");
    this.settingsDialog = page.getByTestId("settings-dialog");
    this.settings = new EditorSettingsForm(this.settingsDialog.getByTestId("editor-settings-form"));
  }

  shortcutRow(title: RegExp): Locator {
    return this.shortcuts.getByTestId("shortcut-row").filter({ hasText: title });
  }

  /** A code-editor option, read from the mounted Monaco editor (e.g. "fontSize", "wordWrap"). */
  async editorOption(name: "fontSize" | "wordWrap" | "minimap" | "smoothScrolling"): Promise<unknown> {
    return this.page.evaluate((option) => {
      const service = window.__waferEditor;
      const monaco = service?.getMonaco();
      const editor = service?.getActiveEditor();
      if (!monaco || !editor) return null;
      return editor.getOption(monaco.editor.EditorOption[option]);
    }, name);
  }

  async activeTabSize(): Promise<number | null> {
    return this.page.evaluate(() => window.__waferEditor?.getActiveEditor()?.getModel()?.getOptions().tabSize ?? null);
  }
}
