import { mkdirSync } from "node:fs";

import { expect, test } from "./fixtures";
import { AccountPage, SHOTS_DIR, WorkbenchSheets, type EditorSettingsForm } from "./pages/account-pages";
import { ChatPane } from "./pages/chat-pane";
import { IdePage } from "./pages/ide-page";
import { ReviewPanel } from "./pages/review";
import { GREET_TEST_PATCH, GREET_TEST_PATH } from "./support/greet-edit";
import { upstream } from "./support/upstream";

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
  // Not a setting: each key's cursor reveal would start a scroll animation (editor-settings.ts, TYPING_OPTIONS).
  expect(await sheets.editorOption("smoothScrolling")).toBe(false);

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

test("the conflict diff follows the editor settings: the account page's font size, and a change in the settings dialog live", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Diff settings", "typescript");
  await new AccountPage(page).saveSettings({ fontSize: 18 });

  const first = new IdePage(page);
  await first.goto(projectId);
  const second = await first.openInSecondWindow(projectId, "README.md");
  await first.clashOnFirstLine(second, "README.md");
  expect(await second.conflict.lineFontSizes()).toEqual({ theirs: 18, mine: 18 });

  await changeInSettingsDialog(second, { fontSize: 12, tabSize: 4 });
  await expect.poll(() => second.conflict.lineFontSizes()).toEqual({ theirs: 12, mine: 12 });
  expect(await second.conflict.theirsTabSize()).toBe(4);
});

test("the AI proposal view follows the editor settings: the account page's font size, and a change in the settings dialog live", async ({ page, dashboard }) => {
  await upstream.reset();
  const projectId = await dashboard.createProject("Review settings", "typescript");
  await new AccountPage(page).saveSettings({ fontSize: 18 });

  const ide = new IdePage(page);
  await ide.goto(projectId);
  const chat = new ChatPane(page);
  await chat.waitForReady();
  await ide.openFile(GREET_TEST_PATH);
  await upstream.queue(
    { steps: [{ type: "text", text: "I'll update the tests." }, { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch: GREET_TEST_PATCH }) }], rate: 0 },
    { steps: [{ type: "text", text: "Done." }], rate: 0 },
  );
  await chat.send("Tidy the tests.");
  expect(await chat.waitForAssistantDone()).toBe("complete");
  const review = new ReviewPanel(page);
  await review.waitForReview(2);
  expect(await review.lineFontSize()).toBe(18);

  await changeInSettingsDialog(ide, { fontSize: 12 });
  await expect.poll(() => review.lineFontSize()).toBe(12);
  await expect(review.proposalView).toBeVisible();
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

/** The IDE's settings dialog (command palette → Settings: Editor): change, save, close. */
async function changeInSettingsDialog(ide: IdePage, values: Parameters<EditorSettingsForm["set"]>[0]): Promise<void> {
  const sheets = new WorkbenchSheets(ide.page);
  await ide.runCommand("Settings: Editor");
  await sheets.settings.set(values);
  await sheets.settings.save();
  await ide.page.keyboard.press("Escape");
  await expect(sheets.settingsDialog).toBeHidden();
}

/** The theme menu sits behind the modal sheet; switch the class the theme store sets, for the picture. */
async function chooseThemeBehindDialog(page: import("@playwright/test").Page): Promise<void> {
  await page.evaluate(() => document.documentElement.classList.add("dark"));
}

