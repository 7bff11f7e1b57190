import { expect, newAccount, signUp, test } from "./fixtures";
import { ChatPane } from "./pages/chat-pane";
import { IdePage } from "./pages/ide-page";
import { ReviewPanel } from "./pages/review";
import { E2E_DEMO_PORT } from "./support/ports";

/**
 * With no model configured the app still works: the chat offers the clearly labelled offline demo
 * model, served by the scripted upstream inside the app through the same provider code path.
 * Its server (playwright.config.ts) has no model settings at all and runs on embedded PGlite.
 */
test.use({ baseURL: `http://localhost:${E2E_DEMO_PORT}` });

test("demo mode: labelled as such, tells how to connect a model, and edits the active file", async ({ page }) => {
  const dashboard = await signUp(page, newAccount("demo"));
  await dashboard.createProject("Demo", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  await expect(chat.demoNotice).toContainText("Demo model (offline)");
  await expect(chat.demoNotice).toContainText("CEREBRAS_API_KEY");
  await expect(chat.modelPicker).toHaveValue("wafer-demo");

  await ide.openFile("src/greet.ts");
  expect(await chat.ask("Add a comment")).toBe("complete");
  await expect(chat.lastAssistant().getByTestId("demo-badge")).toHaveText("demo");
  expect(await chat.lastAssistantText()).toMatch(/offline demo/i);
  await expect(chat.toolCards()).toContainText("src/greet.ts");
  // The edit quotes the request alone, never the context the chat packed around it (issue 14).
  const review = new ReviewPanel(page);
  const edited = async () => (await review.proposalText("src/greet.ts")) ?? (await ide.editorText("src/greet.ts"));
  await expect.poll(edited).toMatch(/^\/\/ TODO \(Wafer offline demo, scripted\): Add a comment\nexport function greet/);
  expect(await edited()).not.toContain("<");
});
