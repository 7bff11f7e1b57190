import { mkdirSync } from "node:fs";

import { expect, test } from "./fixtures";
import { SHOTS_DIR } from "./pages/account-pages";
import { IdePage } from "./pages/ide-page";

/** Narrow windows: the editor keeps room, the title stays readable, the chat pane hides and shows. */

async function width(page: IdePage, testId: string): Promise<number> {
  return (await page.page.getByTestId(testId).boundingBox())?.width ?? 0;
}

for (const size of [{ width: 800, height: 600 }, { width: 768, height: 700 }]) {
  test(`at ${size.width}×${size.height} the editor keeps most of the width and the project name is not cut`, async ({ page, dashboard }) => {
    await dashboard.createProject("Greeting Tools", "typescript");
    const ide = new IdePage(page);
    await ide.waitForReady();
    await ide.openFile("src/index.ts");
    await page.setViewportSize(size);
    await page.reload();
    await ide.waitForReady();
    // The explorer folded by itself (the open tab is remembered): the editor is the widest panel, at least 400 px.
    await expect(page.getByTestId("explorer")).toBeHidden();
    await expect(page.getByTestId("code-editor")).toBeVisible();
    expect(await width(ide, "code-editor")).toBeGreaterThanOrEqual(400);
    await expect(ide.projectName).toHaveText("Greeting Tools");
    expect(await ide.projectName.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    await page.keyboard.press("ControlOrMeta+Alt+B");
    await expect(page.getByTestId("chat-pane")).toBeHidden();
    expect(await width(ide, "code-editor")).toBeGreaterThan(size.width - 40);
    await page.getByTestId("toggle-chat").click();
    await expect(page.getByTestId("chat-pane")).toBeVisible();
  });
}

test("the side panel folded by a narrow window comes back at the width the user gave it", async ({ page, dashboard }) => {
  await page.setViewportSize({ width: 1400, height: 800 });
  await dashboard.createProject("Wide Again", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  await ide.dragSidePanelEdge(120);
  const chosen = await ide.sidePanelWidth();
  expect(chosen).toBeGreaterThan(320);

  await page.setViewportSize({ width: 900, height: 800 });
  await expect(page.getByTestId("explorer")).toBeHidden();
  await page.setViewportSize({ width: 1400, height: 800 });
  await expect(page.getByTestId("explorer")).toBeVisible();
  await expect.poll(() => ide.sidePanelWidth()).toBeGreaterThan(chosen - 3);
  expect(await ide.sidePanelWidth()).toBeLessThan(chosen + 3);
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/side-panel-widened-again.png` });
});
