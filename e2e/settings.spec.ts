import { mkdirSync } from "node:fs";

import { expect, test } from "./fixtures";
import { AccountPage, SHOTS_DIR, WorkbenchSheets } from "./pages/account-pages";
import { IdePage } from "./pages/ide-page";

/** Editor settings per user (issue 14, "Settings") and the keyboard shortcuts sheet (defect 9). */

test("settings saved on the account page apply to the IDE's editor, and the palette's settings dialog changes them live", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Settings", "typescript");
  const accountPage = new AccountPage(page);
  await accountPage.goto();
  await accountPage.settings.set({ fontSize: 18, wordWrap: true, minimap: false });
  await accountPage.settings.save();

  const ide = new IdePage(page);
  await ide.goto(projectId);
  await ide.openFile("src/index.ts");
  const sheets = new WorkbenchSheets(page);
  expect(await sheets.editorOption("fontSize")).toBe(18);
  expect(await sheets.editorOption("wordWrap")).toBe("on");
  expect(await sheets.editorOption("minimap")).toMatchObject({ enabled: false });

  await ide.runCommand("Settings: Editor");
  await expect(sheets.settingsDialog).toBeVisible();
  await expect(sheets.settingsDialog.getByLabel("Font size")).toHaveValue("18");
  await sheets.settings.set({ tabSize: 4, fontSize: 14 });
  await sheets.settings.save();
  expect(await sheets.activeTabSize()).toBe(4);
  expect(await sheets.editorOption("fontSize")).toBe(14);
  mkdirSync(SHOTS_DIR, { recursive: true });
  for (const theme of ["Light", "Dark"] as const) {
    await page.emulateMedia({ colorScheme: theme === "Dark" ? "dark" : "light" });
    await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), theme === "Dark");
    await page.screenshot({ path: `${SHOTS_DIR}/settings-dialog-${theme.toLowerCase()}.png` });
  }
  await page.keyboard.press("Escape");

  // Stored in the database: a reload (or another browser) gets them.
  await page.reload();
  await ide.waitForReady();
  await ide.waitForModel("src/index.ts");
  expect(await sheets.editorOption("fontSize")).toBe(14);
  expect(await sheets.activeTabSize()).toBe(4);
});

test("Vim keybindings (monaco-vim): in normal mode x deletes instead of typing", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Vim", "typescript");
  const accountPage = new AccountPage(page);
  await accountPage.goto();
  await accountPage.settings.set({ keybindings: "Vim" });
  await accountPage.settings.save();

  const ide = new IdePage(page);
  await ide.goto(projectId);
  await ide.openFile("README.md");
  await expect(page.getByTestId("vim-status")).toBeVisible();
  const before = await ide.editorText("README.md");
  await ide.editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("x");
  const after = await ide.editorText("README.md");
  expect(after).toBe(before.slice(1));
});

test("? opens the keyboard shortcuts sheet outside the editor; it lists Ctrl+K, Ctrl+M and the chat focus key, which works", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Keys", "typescript");
  const ide = new IdePage(page);
  await ide.goto(projectId);
  await ide.openFile("README.md");
  const sheets = new WorkbenchSheets(page);

  // In the editor, ? is text.
  const before = await ide.editorText("README.md");
  await ide.typeInEditor("?");
  await expect(sheets.shortcuts).toBeHidden();
  expect(await ide.editorText("README.md")).toBe(`${before}?`);

  await ide.statusBar.click();
  await page.keyboard.press("?");
  await expect(sheets.shortcuts).toBeVisible();
  await expect(sheets.shortcutRow(/Edit the selection with AI/)).toContainText("Ctrl+K");
  await expect(sheets.shortcutRow(/Tab moves focus/)).toContainText("Ctrl+M");
  await expect(sheets.shortcutRow(/Focus the chat/)).toContainText("Ctrl+L");
  await expect(sheets.shortcutRow(/Search across files/)).toContainText("Ctrl+Shift+F");
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/shortcuts-light.png` });
  await chooseThemeBehindDialog(page);
  await page.screenshot({ path: `${SHOTS_DIR}/shortcuts-dark.png` });
  await sheets.shortcuts.getByRole("button", { name: "Close" }).click();
  await expect(sheets.shortcuts).toBeHidden();

  await ide.runCommand("Keyboard Shortcuts");
  await expect(sheets.shortcuts).toBeVisible();
  await page.keyboard.press("Escape");

  await ide.editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+L");
  await expect(page.getByTestId("chat-input")).toBeFocused();
});

/** The theme menu sits behind the modal sheet; switch the class the theme store sets, for the picture. */
async function chooseThemeBehindDialog(page: import("@playwright/test").Page): Promise<void> {
  await page.evaluate(() => document.documentElement.classList.add("dark"));
}

