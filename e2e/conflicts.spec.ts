import { expect, test } from "./fixtures";
import { IdePage } from "./pages/ide-page";

/** Two windows on one file (issue 14, defect 7): merges what can be merged, asks only about the same lines. */

test("a stale window's save merges with the other's change to another line; nothing is lost", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Merge", "typescript");
  const first = new IdePage(page);
  await first.waitForReady();
  const second = await first.openInSecondWindow(projectId, "README.md");
  const original = await second.editorText("README.md");
  expect(original.split("\n").length).toBeGreaterThan(2);

  await first.typeInEditor("A: ", { at: "start" });
  await first.save();
  await first.expectSaved("README.md");

  // The second window still holds the version both started from; it edits the last line.
  await second.typeInEditor("\nB: last line");
  await second.save();
  await second.expectSaved("README.md");
  await expect(second.conflict.root).toBeHidden();

  const merged = await second.serverContent(projectId, "README.md");
  expect(merged.startsWith("A: ")).toBe(true);
  expect(merged.endsWith("\nB: last line")).toBe(true);
  expect(await second.editorText("README.md")).toBe(merged);
});

test("the same line changed in both windows is a conflict whose choices say what each keeps", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Clash", "typescript");
  const first = new IdePage(page);
  await first.waitForReady();
  const second = await first.openInSecondWindow(projectId, "README.md");
  await first.clashOnFirstLine(second, "README.md");

  await expect(second.conflict.message).toContainText("same lines");
  await expect(second.conflict.keepMineButton).toHaveText("Save mine, replacing theirs");
  await expect(second.conflict.useTheirsButton).toHaveText("Take theirs, set mine aside");
  expect(await second.serverContent(projectId, "README.md")).toContain("first: ");

  // Taking theirs keeps mine one undo away.
  await second.conflict.useTheirs();
  await second.expectSaved("README.md");
  expect(await second.editorText("README.md")).toContain("first: ");
  await second.page.evaluate(() => window.__waferEditor?.getModel("README.md")?.undo());
  expect(await second.editorText("README.md")).toContain("second: ");
});
