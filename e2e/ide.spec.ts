import type { Page } from "@playwright/test";

import { expect, signedInPage, test } from "./fixtures";
import { IdePage } from "./pages/ide-page";

/** The workbench in a real browser: editing and saving, conflicts, the explorer, palettes, roles. */

async function newProject(page: Page, dashboard: { createProject: (name: string, starter: "typescript") => Promise<string> }) {
  const projectId = await dashboard.createProject("Workbench", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  return { projectId, ide };
}

test("edits autosave, Ctrl/Cmd+S saves at once, and both survive a reload", async ({ page, dashboard }) => {
  const { projectId, ide } = await newProject(page, dashboard);
  await ide.openFile("src/index.ts");
  await expect(ide.languageStatus).toHaveText("TypeScript");

  await ide.typeInEditor("\n// autosaved line");
  await ide.expectSaved("src/index.ts");
  await expect(ide.cursorStatus).toContainText("Ln ");

  await ide.typeInEditor("\n// saved with the shortcut");
  await ide.save();
  await ide.expectSaved("src/index.ts");
  expect(await ide.serverContent(projectId, "src/index.ts")).toContain("// saved with the shortcut");

  await page.reload();
  await ide.waitForReady();
  await ide.waitForModel("src/index.ts");
  const text = await ide.editorText("src/index.ts");
  expect(text).toContain("// autosaved line");
  expect(text).toContain("// saved with the shortcut");
});

test("two tabs editing the same file end in a visible conflict, never an overwrite", async ({ page, dashboard, context }) => {
  const { projectId, ide: first } = await newProject(page, dashboard);
  await first.openFile("README.md");
  const second = new IdePage(await context.newPage());
  await second.goto(projectId);
  await second.openFile("README.md");

  await first.typeInEditor("\nfirst tab");
  await first.expectSaved("README.md");

  // The second tab still edits the version it loaded: its save must be refused, not applied.
  await second.typeInEditor("\nsecond tab");
  await second.conflict.expectVisible();
  await second.expectSaveStatus("conflict");
  const afterConflict = await second.serverContent(projectId, "README.md");
  expect(afterConflict).toContain("first tab");
  expect(afterConflict).not.toContain("second tab");

  await second.conflict.keepMine();
  await second.expectSaved("README.md");
  const kept = await second.serverContent(projectId, "README.md");
  expect(kept).toContain("second tab");
  expect(kept).not.toContain("first tab");

  // And the other way round: the first tab has unsaved edits when the second saves again, so its
  // own save is refused and it takes the server's copy. (Autosave held: the shortcut decides when.)
  await first.page.evaluate(() => {
    window.__waferEditor?.holdAutosave("README.md");
  });
  await first.typeInEditor("\nfirst again");
  await second.typeInEditor("\nsecond again");
  await second.save();
  await second.expectSaved("README.md");
  await first.save();
  await first.conflict.expectVisible();
  await first.conflict.useTheirs();
  await first.expectSaved("README.md");
  expect(await first.editorText("README.md")).toBe(await first.serverContent(projectId, "README.md"));
});

test("a failed save keeps the edit, says so, and the next save retries", async ({ page, dashboard }) => {
  const { projectId, ide } = await newProject(page, dashboard);
  await ide.openFile("README.md");
  await page.route("**/api/projects/*/files/**", (route) =>
    route.request().method() === "PUT"
      ? route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ code: "internal:files", message: "Database unavailable." }) })
      : route.fallback(),
  );
  await ide.typeInEditor("\nsurvives a 500");
  await ide.expectSaveStatus("error");
  await ide.expectDirty("README.md");
  expect(await ide.serverContent(projectId, "README.md")).not.toContain("survives a 500");

  await page.unroute("**/api/projects/*/files/**");
  await ide.save();
  await ide.expectSaved("README.md");
  expect(await ide.serverContent(projectId, "README.md")).toContain("survives a 500");
});

test("the explorer creates, renames, moves and deletes files and folders", async ({ page, dashboard }) => {
  const { projectId, ide } = await newProject(page, dashboard);

  await ide.createFolder("lib");
  await ide.createFile("lib/util.ts");
  await ide.typeInEditor("export const one = 1;");
  await ide.expectSaved("lib/util.ts");

  await ide.renameEntry("lib/util.ts", "helpers.ts");
  await expect(ide.tab("lib/helpers.ts")).toBeVisible();
  expect(await ide.editorText("lib/helpers.ts")).toBe("export const one = 1;");

  await ide.moveEntry("lib/helpers.ts", "src");
  await expect(ide.tab("src/helpers.ts")).toBeVisible();
  await ide.typeInEditor("\nexport const two = 2;");
  await ide.save();
  await ide.expectSaved("src/helpers.ts");
  expect(await ide.serverContent(projectId, "src/helpers.ts")).toBe("export const one = 1;\nexport const two = 2;");

  await ide.deleteEntry("lib");
  expect(await ide.treePaths()).not.toContain("lib");

  await ide.moveEntry("src/helpers.ts", "");
  await expect(ide.tab("helpers.ts")).toBeVisible();
  const tree = (await (await page.request.get(`/api/projects/${projectId}/tree`)).json()) as { entries: { path: string }[] };
  const paths = tree.entries.map((entry) => entry.path);
  expect(paths).toContain("helpers.ts");
  expect(paths).not.toContain("lib");
  expect(paths).not.toContain("src/helpers.ts");
});

test("quick open and the command palette work while Monaco has focus", async ({ page, dashboard }) => {
  const { ide } = await newProject(page, dashboard);
  await ide.openFile("src/index.ts");
  await ide.editor.locator(".view-lines").click();

  await ide.quickOpenFile("grts", "src/greet.ts");
  await expect(page.locator(".monaco-editor textarea").first()).toBeFocused();

  const dark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
  const wasDark = await dark();
  await ide.runCommand("Toggle Theme");
  await expect.poll(dark).toBe(!wasDark);

  await ide.runCommand("Close Tab");
  await expect(ide.tab("src/greet.ts")).toHaveCount(0);
});

test("closing a tab with unsaved changes asks first; middle-click closes a clean tab", async ({ page, dashboard }) => {
  const { projectId, ide } = await newProject(page, dashboard);
  await ide.openFile("README.md");
  // Hold autosave so the prompt, not the timer, decides what happens to the edit.
  await page.evaluate(() => {
    window.__waferEditor?.holdAutosave("README.md");
  });
  await ide.typeInEditor("\nunsaved");
  await ide.expectDirty("README.md");
  await ide.expectSaveStatus("dirty");

  await ide.closeTab("README.md", "Cancel");
  await expect(ide.tab("README.md")).toBeVisible();
  await ide.closeTab("README.md", "Save");
  await expect(ide.tab("README.md")).toHaveCount(0);
  expect(await ide.serverContent(projectId, "README.md")).toContain("unsaved");

  await ide.openFile("package.json");
  await ide.tab("package.json").click({ button: "middle" });
  await expect(ide.tab("package.json")).toHaveCount(0);
});

test("Monaco runs offline: its workers start and nothing is requested outside localhost", async ({ page, dashboard }) => {
  const outside: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["localhost", "127.0.0.1"].includes(url.hostname) && !["blob:", "data:"].includes(url.protocol)) outside.push(request.url());
  });
  const { ide } = await newProject(page, dashboard);
  await ide.openFile("package.json");
  await ide.openFile("src/index.ts");
  // A type error only the TypeScript worker can find proves the language service really runs.
  await ide.typeInEditor('\nconst broken: number = "text";');
  const diagnostics = () => page.evaluate(() => window.__waferEditor?.getMonaco()?.editor.getModelMarkers({ owner: "typescript" }).length ?? 0);
  await expect.poll(diagnostics, { timeout: 20_000 }).toBeGreaterThan(0);
  // The editor worker plus the TypeScript and JSON language workers.
  expect(page.workers().length).toBeGreaterThanOrEqual(3);
  expect(outside).toEqual([]);
});

// `dashboard` signs the owner up; the owner's requests go through `page.request` (same cookies).
test("viewers get a read-only workbench", async ({ page, dashboard: _owner, browser }) => {
  const viewer = await signedInPage(browser, "viewer");
  const workspace = (await (await page.request.post("/api/workspaces", { data: { name: "Team" } })).json()) as { id: string };
  const project = (await (await page.request.post("/api/projects", { data: { workspaceId: workspace.id, name: "Shared", starter: "python" } })).json()) as {
    id: string;
  };
  const added = await page.request.post(`/api/workspaces/${workspace.id}/members`, { data: { email: viewer.account.email, role: "viewer" } });
  expect(added.status()).toBe(201);

  const ide = new IdePage(viewer.page);
  await ide.goto(project.id);
  await expect(ide.readOnlyBadge).toBeVisible();
  await expect(viewer.page.getByTestId("explorer-new-file")).toHaveCount(0);
  await ide.openFile("main.py");
  const before = await ide.editorText("main.py");
  await ide.typeInEditor("nope");
  expect(await ide.editorText("main.py")).toBe(before);
  await expect(ide.saveStatus).toHaveCount(0);
  const menu = await ide.openContextMenu("main.py");
  await expect(menu.getByRole("menuitem", { name: "Delete" })).toHaveCount(0);
  await viewer.page.context().close();
});
