import type { Page } from "@playwright/test";

import { expect, test } from "./fixtures";
import type { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";

/** What a newcomer's first hour tripped on (issue 14). */

async function newProject(page: Page, dashboard: DashboardPage) {
  await dashboard.createProject("Newcomer", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  return ide;
}

for (const how of ["paste", "type"] as const) {
  test(`quick open: after ${how === "paste" ? "pasting" : "typing"} a query, Enter opens the first match`, async ({ page, dashboard }) => {
    const ide = await newProject(page, dashboard);
    await ide.openFile("src/index.ts");
    await ide.quickOpenAndEnter("greet", how);
    await expect(ide.quickOpen).toBeHidden();
    await expect(ide.tab("src/greet.ts")).toHaveAttribute("aria-selected", "true");
  });
}

test("Escape cancels an inline project rename and keeps the old name", async ({ page, dashboard }) => {
  await dashboard.createProject("Keep me", "typescript");
  await page.goBack();
  await page.reload();
  await expect(dashboard.projectCard("Keep me")).toBeVisible();

  const field = await dashboard.startRename("Keep me", "Renamed by accident");
  await page.keyboard.press("Escape");
  await expect(field).toBeHidden();
  await expect(dashboard.projectCard("Keep me")).toBeVisible();
  await page.reload();
  await expect(dashboard.projectCard("Keep me")).toBeVisible();
});

test("deleting a project asks in an in-app dialog, never the browser's confirm", async ({ page, dashboard }) => {
  const nativeDialogs: string[] = [];
  page.on("dialog", (dialog) => {
    nativeDialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await dashboard.createProject("Doomed", "typescript");
  await page.goBack();
  await page.reload();
  await expect(dashboard.projectCard("Doomed")).toBeVisible();

  await dashboard.openProjectAction("Doomed", "Delete");
  const dialog = dashboard.choiceDialog();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Doomed");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(dashboard.projectCard("Doomed")).toBeVisible();

  await dashboard.openProjectAction("Doomed", "Delete");
  await dialog.getByRole("button", { name: "Delete project" }).click();
  await expect(dashboard.projectCard("Doomed")).toHaveCount(0);
  await page.reload();
  await expect(dashboard.workspaceSection()).toBeVisible();
  await expect(dashboard.projectCard("Doomed")).toHaveCount(0);
  expect(nativeDialogs).toEqual([]);
});

test("the TypeScript starter opens without \"Cannot find name 'process'\"", async ({ page, dashboard }) => {
  const ide = await newProject(page, dashboard);
  await ide.openFile("src/index.ts");
  // A real type error first, so the check below runs after the TypeScript worker has reported.
  await ide.typeInEditor('\nconst wrong: number = "text";');
  await expect.poll(() => ide.problems("src/index.ts")).toContainEqual(expect.stringMatching(/^\d+: Type 'string' is not assignable to type 'number'/));
  expect(await ide.problems("src/index.ts")).toEqual([expect.stringMatching(/^\d+: Type 'string' is not assignable/)]);
});
