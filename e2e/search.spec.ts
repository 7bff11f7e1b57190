import { expect, test } from "./fixtures";
import { ChatPane } from "./pages/chat-pane";
import { IdePage } from "./pages/ide-page";
import { ProblemsPanel } from "./pages/problems-panel";
import { ReviewPanel } from "./pages/review";
import { SearchPanel } from "./pages/search-panel";

/** Search across files, replace-all through the AI edit review, and the Problems view. */

test("Ctrl+Shift+F searches every file with case, word, regex and glob filters; a match opens at its line", async ({ page, dashboard }) => {
  await dashboard.createProject("Search", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const search = new SearchPanel(page);
  await search.open();

  await search.search("greet");
  await search.expectSummary("8 results in 3 files");
  expect((await search.filePaths()).sort()).toEqual(["src/greet.test.ts", "src/greet.ts", "src/index.ts"]);
  // The match itself is highlighted in its line.
  await expect(search.match("src/index.ts", 3).locator("mark")).toHaveText("greet");

  await search.toggle("Match Case").click();
  await search.search("Greet");
  await search.expectSummary("No results.");
  await search.toggle("Match Case").click();

  await search.toggle("Use Regular Expression").click();
  await search.search("^export function \\w+");
  await search.expectSummary("1 result in 1 file");
  await search.search("(unclosed");
  await expect(search.error).toContainText("The pattern is not valid");
  await search.toggle("Use Regular Expression").click();

  await search.search("name");
  await search.toggle("Match Whole Word").click();
  await search.include.fill("src");
  await search.exclude.fill("index.ts, *.test.ts");
  await search.expectSummary("2 results in 1 file");
  expect(await search.filePaths()).toEqual(["src/greet.ts"]);

  await search.match("src/greet.ts", 2).click();
  await expect(ide.tab("src/greet.ts")).toHaveAttribute("aria-selected", "true");
  await expect(ide.cursorStatus).toContainText("Ln 2, Col");
});

test("replace-all goes through the AI edit review: accept per file, saved, and one Ctrl+Z takes it back", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Replace", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const search = new SearchPanel(page);
  const review = new ReviewPanel(page);
  await search.open();
  await search.search("greet");
  await search.expectSummary("8 results in 3 files");
  await search.replace.fill("welcome");
  await search.replaceAllButton.click();

  // Nothing is written before the review.
  await review.expectPhase("review");
  expect(await ide.serverContent(projectId, "src/greet.ts")).toContain("function greet(");
  await expect.poll(async () => (await review.pending()).map((p) => p.path).sort()).toEqual(["src/greet.test.ts", "src/greet.ts", "src/index.ts"]);

  for (const path of ["src/index.ts", "src/greet.test.ts"]) {
    await ide.activateTab(path);
    await review.expectPhase("review");
    await review.rejectAll();
  }
  await ide.activateTab("src/greet.ts");
  await review.waitForReview(1);
  await review.acceptAll();
  await expect.poll(() => ide.serverContent(projectId, "src/greet.ts")).toContain("function welcome(");
  expect(await ide.serverContent(projectId, "src/index.ts")).toContain("import { greet }");

  await ide.editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+Z");
  await expect.poll(() => ide.editorText("src/greet.ts")).toContain("function greet(");
});

test("the Problems view lists the open files' diagnostics, goes to one, and Fix with AI sends it to the chat", async ({ page, dashboard }) => {
  const projectId = await dashboard.createProject("Problems", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const created = await page.request.post(`/api/projects/${projectId}/files`, {
    data: { path: "src/bad.ts", kind: "file", content: 'export const answer: number = "forty-two";\n' },
  });
  expect(created.ok()).toBe(true);
  await ide.refreshTree();
  await ide.openFile("src/bad.ts");
  await expect.poll(() => ide.problems("src/bad.ts"), { timeout: 20_000 }).toHaveLength(1);

  const problems = new ProblemsPanel(page);
  await problems.open();
  await expect(problems.summary).toHaveText("1 error, 0 warnings");
  const problem = problems.problem("src/bad.ts", 1);
  await expect(problem).toContainText("not assignable to type 'number'");
  await ide.openFile("src/greet.ts");
  await problems.open();
  await problem.getByRole("button").first().click();
  await expect(ide.tab("src/bad.ts")).toHaveAttribute("aria-selected", "true");
  // The diagnostic's range (`answer`) is selected, not the top of the file.
  await expect(ide.cursorStatus).toContainText("Ln 1, Col 20 (6 selected)");

  const chat = new ChatPane(page);
  await chat.waitForReady();
  await problem.getByTestId("problem-fix").click();
  const question = chat.root.getByTestId("message").filter({ hasText: "Fix this error at src/bad.ts:1" });
  await expect(question).toBeVisible();
  await expect(question).toContainText('export const answer: number = "forty-two";');
});
