import { expect, type Locator, type Page } from "@playwright/test";

import type { SaveStatus } from "@/components/monaco/save-queue";

/**
 * The IDE page (/p/:projectId). Locators go by role or data-testid; editor content is read from the
 * Monaco model (window.__waferEditor) because the DOM only holds the visible lines.
 */
export class IdePage {
  readonly workbench: Locator;
  readonly projectName: Locator;
  readonly readOnlyBadge: Locator;
  readonly tree: Locator;
  readonly tabs: Locator;
  readonly editor: Locator;
  readonly statusBar: Locator;
  readonly saveStatus: Locator;
  readonly cursorStatus: Locator;
  readonly languageStatus: Locator;
  readonly quickOpen: Locator;
  readonly commandPalette: Locator;
  readonly choiceDialog: Locator;
  readonly conflict: ConflictView;

  constructor(readonly page: Page) {
    this.workbench = page.getByTestId("workbench");
    this.projectName = page.getByTestId("project-name");
    this.readOnlyBadge = page.getByTestId("read-only-badge");
    this.tree = page.getByRole("tree");
    this.tabs = page.getByRole("tablist", { name: "Open files" });
    this.editor = page.getByTestId("code-editor");
    this.statusBar = page.getByTestId("status-bar");
    this.saveStatus = page.getByTestId("status-save");
    this.cursorStatus = page.getByTestId("status-cursor");
    this.languageStatus = page.getByTestId("status-language");
    this.quickOpen = page.getByTestId("quick-open");
    this.commandPalette = page.getByTestId("command-palette");
    this.choiceDialog = page.getByTestId("choice-dialog");
    this.conflict = new ConflictView(page);
  }

  async goto(projectId: string): Promise<void> {
    await this.page.goto(`/p/${projectId}`);
    await this.waitForReady();
  }

  /** Opens `path` here (this page shows the project) and in a second window of the same browser. */
  async openInSecondWindow(projectId: string, path: string): Promise<IdePage> {
    await this.openFile(path);
    const second = new IdePage(await this.page.context().newPage());
    await second.goto(projectId);
    await second.openFile(path);
    return second;
  }

  /** This window saves a change to `path`'s first line; the stale `second` changes it too and saves: a conflict. */
  async clashOnFirstLine(second: IdePage, path: string): Promise<void> {
    await this.typeInEditor("first: ", { at: "start" });
    await this.save();
    await this.expectSaved(path);
    await second.typeInEditor("second: ", { at: "start" });
    await second.save();
    await second.conflict.expectVisible();
  }

  /** Hydrated: the editor service exists (Monaco itself loads when the first file opens). */
  async waitForReady(): Promise<void> {
    await expect(this.workbench).toBeVisible();
    await this.page.waitForFunction(() => window.__waferEditor !== undefined);
  }

  /** The side panel's width as drawn (0 when folded away). */
  async sidePanelWidth(): Promise<number> {
    return (await this.page.getByTestId("explorer").boundingBox())?.width ?? 0;
  }

  /** Drags the edge between the side panel and the editor by `dx` pixels, as a user resizes it. */
  async dragSidePanelEdge(dx: number): Promise<void> {
    const box = await this.page.getByRole("separator").first().boundingBox();
    if (!box) throw new Error("the side panel's edge is not drawn");
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y, { steps: 4 });
    await this.page.mouse.move(x + dx, y, { steps: 4 });
    await this.page.mouse.up();
  }

  /** The side panel shows the explorer (not search or problems). */
  async showExplorer(): Promise<void> {
    // The tree is hidden when another view is selected or when a narrow window folded the side
    // panel away (its tabs may still paint); the shortcut unfolds it on the explorer either way.
    if (!(await this.tree.isVisible())) await this.page.keyboard.press("ControlOrMeta+Shift+E");
    await expect(this.tree).toBeVisible();
  }

  async activateTab(path: string): Promise<void> {
    await this.tab(path).click();
    await expect(this.tab(path)).toHaveAttribute("aria-selected", "true");
  }

  async refreshTree(): Promise<void> {
    await this.showExplorer();
    await this.page.getByTestId("explorer-refresh").click();
  }

  treeItem(path: string): Locator {
    return this.tree.locator(`[data-testid="tree-item"][data-path="${cssString(path)}"]`);
  }

  tab(path: string): Locator {
    return this.tabs.locator(`[data-testid="editor-tab"][data-path="${cssString(path)}"]`);
  }

  activeTab(): Locator {
    return this.tabs.getByRole("tab", { selected: true });
  }

  async treePaths(): Promise<string[]> {
    return this.tree.getByTestId("tree-item").evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.path ?? ""));
  }

  /** Expands the folders on the way and opens the file from the explorer, as a user would. */
  async openFile(path: string): Promise<void> {
    await this.showExplorer();
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = this.treeItem(parts.slice(0, depth).join("/"));
      if ((await folder.getAttribute("aria-expanded")) !== "true") await folder.click();
    }
    await this.treeItem(path).dblclick();
    await expect(this.tab(path)).toHaveAttribute("aria-selected", "true");
    await this.waitForModel(path);
  }

  async waitForModel(path: string): Promise<void> {
    await this.page.waitForFunction((p) => window.__waferEditor?.getModel(p) != null, path);
    await expect(this.editor).toBeVisible();
  }

  /**
   * Types into the active file at `at` (default: the end). Monaco auto-closes brackets and quotes
   * as a user's keyboard would; stick to plain text for exact content assertions.
   */
  async typeInEditor(text: string, { at = "end" }: { at?: "start" | "end" } = {}): Promise<void> {
    await this.editor.locator(".view-lines").click();
    await this.page.keyboard.press(at === "end" ? "ControlOrMeta+End" : "ControlOrMeta+Home");
    await this.page.keyboard.type(text);
  }

  /** Monaco's diagnostics (errors and warnings) for a file, as "line: message". */
  async problems(path: string): Promise<string[]> {
    return this.page.evaluate((p) => {
      const markers = window.__waferEditor?.getMonaco()?.editor.getModelMarkers({}) ?? [];
      return markers.filter((m) => m.resource.path === `/${p}` && m.severity >= 4).map((m) => `${m.startLineNumber}: ${m.message}`);
    }, path);
  }

  /** The whole text of an open file (the active one by default). */
  async editorText(path?: string): Promise<string> {
    return this.page.evaluate((p) => {
      const service = window.__waferEditor;
      const target = p ?? service?.state.activePath;
      return (target && service?.getModel(target)?.getValue()) ?? "";
    }, path ?? null);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press("ControlOrMeta+S");
  }

  async expectSaveStatus(status: SaveStatus): Promise<void> {
    await expect(this.saveStatus).toHaveAttribute("data-status", status);
  }

  /** The active file is saved and its tab has no unsaved marker. */
  async expectSaved(path?: string): Promise<void> {
    await this.expectSaveStatus("saved");
    await expect(path ? this.tab(path) : this.activeTab()).not.toHaveAttribute("data-dirty");
  }

  async expectDirty(path?: string): Promise<void> {
    await expect(path ? this.tab(path) : this.activeTab()).toHaveAttribute("data-dirty", "true");
  }

  /** Creates a file (or, with kind "folder", a folder) at a project-relative path. */
  async createFile(path: string, kind: "file" | "folder" = "file"): Promise<void> {
    await this.page.getByTestId(kind === "file" ? "explorer-new-file" : "explorer-new-folder").click();
    const input = this.tree.getByTestId("tree-input");
    // A leading slash makes the path relative to the project root, wherever the selection is.
    await input.fill(`/${path}`);
    await input.press("Enter");
    await expect(this.treeItem(path)).toBeVisible();
    if (kind === "file") await expect(this.tab(path)).toHaveAttribute("aria-selected", "true");
  }

  async createFolder(path: string): Promise<void> {
    await this.createFile(path, "folder");
  }

  /** Renames with F2. `newName` is relative to the entry's folder; "a/b.ts" moves it, "/x.ts" goes to the root. */
  async renameEntry(path: string, newName: string): Promise<void> {
    await this.revealInTree(path);
    await this.treeItem(path).click();
    await this.treeItem(path).press("F2");
    const input = this.tree.getByTestId("tree-input");
    await input.fill(newName);
    await input.press("Enter");
    await expect(this.treeItem(path)).toHaveCount(0);
  }

  /** Drags an entry onto a folder ("" drops it on the empty space below the rows: the root). */
  async moveEntry(path: string, targetFolder: string): Promise<void> {
    await this.revealInTree(path);
    if (targetFolder === "") {
      const box = await this.tree.boundingBox();
      await this.treeItem(path).dragTo(this.tree, { targetPosition: { x: 20, y: (box?.height ?? 10) - 4 } });
    } else {
      await this.treeItem(path).dragTo(this.treeItem(targetFolder));
    }
    const name = path.slice(path.lastIndexOf("/") + 1);
    await expect(this.treeItem(targetFolder ? `${targetFolder}/${name}` : name)).toHaveCount(1);
  }

  async deleteEntry(path: string): Promise<void> {
    await this.revealInTree(path);
    await this.treeItem(path).click();
    await this.treeItem(path).press("Delete");
    await this.choiceDialog.getByRole("button", { name: "Delete" }).click();
    await expect(this.treeItem(path)).toHaveCount(0);
  }

  async openContextMenu(path: string): Promise<Locator> {
    await this.revealInTree(path);
    await this.treeItem(path).click({ button: "right" });
    return this.page.getByRole("menu");
  }

  async revealInTree(path: string): Promise<void> {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = this.treeItem(parts.slice(0, depth).join("/"));
      if ((await folder.getAttribute("aria-expanded")) !== "true") await folder.click();
    }
  }

  async openQuickOpen(): Promise<Locator> {
    await this.page.keyboard.press("ControlOrMeta+P");
    await expect(this.quickOpen).toBeVisible();
    return this.quickOpen;
  }

  /** Ctrl/Cmd+P, type, pick `path` from the results. */
  async quickOpenFile(query: string, path: string): Promise<void> {
    const dialog = await this.openQuickOpen();
    await dialog.getByRole("combobox").fill(query);
    await dialog.locator(`[data-testid="quick-open-item"][data-path="${cssString(path)}"]`).click();
    await expect(this.tab(path)).toHaveAttribute("aria-selected", "true");
  }

  /** Ctrl/Cmd+P, enter `query` by typing key by key or by pasting it, then press Enter without pointing at a result. */
  async quickOpenAndEnter(query: string, how: "type" | "paste"): Promise<void> {
    const dialog = await this.openQuickOpen();
    const input = dialog.getByRole("combobox");
    if (how === "type") {
      await input.pressSequentially(query);
    } else {
      await this.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
      await this.page.evaluate((text) => navigator.clipboard.writeText(text), query);
      await this.page.keyboard.press("ControlOrMeta+V");
    }
    await expect(input).toHaveValue(query);
    await this.page.keyboard.press("Enter");
  }

  async openCommandPalette(): Promise<Locator> {
    await this.page.keyboard.press("ControlOrMeta+Shift+P");
    await expect(this.commandPalette).toBeVisible();
    return this.commandPalette;
  }

  /** Runs a palette command by (part of) its title, e.g. "Toggle Theme". */
  async runCommand(title: string): Promise<void> {
    const palette = await this.openCommandPalette();
    await palette.getByRole("combobox").fill(title);
    await palette.getByRole("option", { name: new RegExp(escapeRegExp(title), "i") }).first().click();
    await expect(this.commandPalette).toBeHidden();
  }

  /** Closes a tab with its × button; answers the unsaved-changes prompt when one appears. */
  async closeTab(path: string, answer?: "Save" | "Don't Save" | "Cancel"): Promise<void> {
    await this.tab(path).hover();
    await this.tab(path).getByTestId("editor-tab-close").click();
    if (answer) await this.choiceDialog.getByRole("button", { name: answer, exact: true }).click();
  }

  async setTheme(preference: "System" | "Dark" | "Light"): Promise<void> {
    await this.page.getByTestId("theme-toggle").click();
    await this.page.getByRole("menuitemradio", { name: preference }).click();
  }

  /** The server's copy of a file, read with the page's session. */
  async serverContent(projectId: string, path: string): Promise<string> {
    const url = `/api/projects/${projectId}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
    const response = await this.page.request.get(url);
    expect(response.ok()).toBe(true);
    return ((await response.json()) as { content: string }).content;
  }
}

/** The diff shown when a save was refused because the file changed elsewhere. */
export class ConflictView {
  readonly root: Locator;
  readonly message: Locator;
  readonly keepMineButton: Locator;
  readonly useTheirsButton: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("conflict-view");
    this.message = page.getByTestId("conflict-message");
    this.keepMineButton = page.getByTestId("conflict-keep-mine");
    this.useTheirsButton = page.getByTestId("conflict-use-theirs");
  }

  async expectVisible(): Promise<void> {
    await expect(this.root).toBeVisible();
    await expect(this.root.locator(".monaco-diff-editor")).toBeVisible();
  }

  async keepMine(): Promise<void> {
    await this.keepMineButton.click();
    await expect(this.root).toBeHidden();
  }

  async useTheirs(): Promise<void> {
    await this.useTheirsButton.click();
    await expect(this.root).toBeHidden();
  }

  /** The tab size of the saved copy's model (the left side; the right is the open file's own). */
  async theirsTabSize(): Promise<number | null> {
    return this.page.evaluate(() => {
      const models = window.__waferEditor?.getMonaco()?.editor.getModels() ?? [];
      return models.find((model) => model.uri.scheme === "wafer-theirs")?.getOptions().tabSize ?? null;
    });
  }

  /** The font size (px) each side of the diff renders its lines at. */
  async lineFontSizes(): Promise<{ theirs: number; mine: number }> {
    return {
      theirs: await renderedFontSize(this.root.locator(".editor.original .view-line").first()),
      mine: await renderedFontSize(this.root.locator(".editor.modified .view-line").first()),
    };
  }
}

/** The computed font size (px) of a rendered Monaco line: what the reader sees, whatever set it. */
export async function renderedFontSize(line: Locator): Promise<number> {
  await expect(line).toBeVisible();
  return line.evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize));
}

function cssString(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
