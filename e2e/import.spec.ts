import { zipSync } from "fflate";

import { expect, test } from "./fixtures";
import { IdePage } from "./pages/ide-page";

/** Getting files in: a .zip from the dashboard, and files dropped onto the explorer. */

test("a non-zip gets a plain-language error in the page flow, not over the project cards", async ({ page, dashboard }) => {
  await dashboard.createProject("Existing", "blank");
  await page.goBack();
  await page.reload();
  await expect(dashboard.projectCard("Existing")).toBeVisible();

  await dashboard.importZip("notes.zip", Buffer.from("these are notes, not an archive"));
  const status = dashboard.importStatus();
  await expect(status).toHaveAttribute("role", "alert");
  await expect(status).toContainText("That file is not a .zip archive.");
  await expect(status).not.toContainText("central directory");
  const banner = (await status.boundingBox())!;
  const card = (await dashboard.projectCard("Existing").boundingBox())!;
  expect(banner.y + banner.height).toBeLessThanOrEqual(card.y);
});

test("an imported .zip says what came in and what was skipped, and is labelled as imported", async ({ dashboard }) => {
  const text = (s: string) => new TextEncoder().encode(s);
  const archive = zipSync({
    "demo/README.md": text("# Demo\n"),
    "demo/src/app.ts": text("export const app = 1;\n"),
    "demo/node_modules/left-pad/index.js": text("module.exports = 1;\n"),
    "demo/logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
  });
  await dashboard.importZip("demo.zip", archive);
  const status = dashboard.importStatus();
  await expect(status).toContainText("Imported 2 files. Skipped 2: 1 file in folders Wafer leaves out");
  await expect(status).toContainText("1 binary file (Wafer stores text only: logo.png)");
  await expect(dashboard.projectCard("demo")).toContainText("Imported .zip");
  await expect(dashboard.projectCard("demo")).not.toContainText("Blank");
});

test("files dropped from the desktop onto the explorer are added; binary ones are skipped and named", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Drop", "blank");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const data = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["# Notes\n"], "notes.md", { type: "text/markdown" }));
    transfer.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00])], "logo.png", { type: "image/png" }));
    return transfer;
  });
  await ide.tree.dispatchEvent("dragover", { dataTransfer: data });
  await ide.tree.dispatchEvent("drop", { dataTransfer: data });
  await expect(ide.treeItem("notes.md")).toBeVisible();
  await expect(page.getByText("Added 1 file")).toBeVisible();
  await expect(page.getByText(/1 binary file skipped .*logo\.png/)).toBeVisible();
  expect(await ide.serverContent(projectId, "notes.md")).toBe("# Notes\n");
  await expect(ide.treeItem("logo.png")).toHaveCount(0);
});
