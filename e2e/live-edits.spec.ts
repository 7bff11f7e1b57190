import type { Page } from "@playwright/test";

import { encodeFileBlock, encodePatchBlock } from "@/lib/edits/content-blocks";
import type { Script } from "@/lib/testing/upstream/schema";
import { countTokens } from "@/lib/testing/upstream/tokens";

import { expect, test } from "./fixtures";
import { ChatPane } from "./pages/chat-pane";
import type { DashboardPage } from "./pages/dashboard-page";
import { IdePage } from "./pages/ide-page";
import { ReviewPanel } from "./pages/review";
import { upstream } from "./support/upstream";
import { GREET_TEST_BOTH_HUNKS as BOTH_HUNKS, GREET_TEST_FIRST_HUNK_ONLY as FIRST_HUNK_ONLY, GREET_TEST_ORIGINAL as ORIGINAL, GREET_TEST_PATCH as PATCH, GREET_TEST_PATH as PATH } from "./support/greet-edit";

/**
 * Live edits on every OpenAI-compatible server: a server that buffers tool calls (Ollama, tabbyAPI)
 * is detected and the next turns switch to edit blocks in the answer; a model that never calls
 * tools edits through those blocks when the chat setting says so.
 */

const REWRITTEN = `${BOTH_HUNKS.replace("greets by name", "greets Ada by name")}\ntest("greets Grace", () => {\n  assert.equal(greet("Grace"), "Hello, Grace!");\n});\n`;

/**
 * A pause of the scripted model once `answer` has been written through the line holding `line`. A
 * live view is sampled per frame, and a loaded machine paints about one frame a second: a 60 tok/s
 * edit of these small files (1–2 s) can reach the browser, with its proposal, within the two frames
 * Monaco needs to draw an overlay. Pausing mid-edit keeps the edit streaming for several frames.
 */
function pauseAfter(answer: string, line: string): NonNullable<Script["fault"]> {
  const end = answer.indexOf("\n", answer.indexOf(line)) + 1;
  return { kind: "stall", afterTokens: countTokens(answer.slice(0, end)) + 1, ms: 4_000 };
}

const patchTurn = (rate: number): Script[] => [
  { steps: [{ type: "text", text: "I'll update the tests.\n" }, { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch: PATCH }) }], rate },
  { steps: [{ type: "text", text: "Done." }], rate: 0 },
];
const rewriteTurn = (rate: number): Script[] => [
  { steps: [{ type: "text", text: "Rewriting the tests.\n" }, { type: "tool_call", name: "write_file", arguments: JSON.stringify({ path: PATH, content: REWRITTEN }) }], rate },
];

async function openWorkbench(page: Page, dashboard: DashboardPage) {
  await upstream.reset();
  const projectId = await dashboard.createProject("Live edits", "typescript");
  const ide = new IdePage(page);
  await ide.waitForReady();
  const chat = new ChatPane(page);
  await chat.waitForReady();
  await ide.openFile(PATH);
  return { projectId, ide, chat, review: new ReviewPanel(page) };
}

test("a server that buffers tool calls: the first edit still lands, the verdict shows, the next edit streams live in the answer", async ({ page, dashboard }) => {
  const { projectId, ide, chat, review } = await openWorkbench(page, dashboard);
  await chat.selectModel("local-buffered");
  await upstream.mode("buffered");
  await upstream.queue(...patchTurn(200));
  expect(await chat.ask("Tidy the tests and add one for the world.")).toBe("complete");
  await review.waitForReview(2);
  await review.acceptAll();
  await ide.expectSaved(PATH);
  expect(await ide.serverContent(projectId, PATH)).toBe(BOTH_HUNKS);

  // The verdict: in the HUD of that turn, and in the model picker.
  await expect(chat.toolStreamNote()).toContainText("this server sends edits all at once");
  await expect(chat.modelOption("local-buffered")).toContainText("sends edits all at once");

  // Next turn: Wafer no longer offers the edit tools; the model writes a whole-file block, which streams live.
  await upstream.mode("content");
  await upstream.queue({ ...rewriteTurn(60)[0]!, fault: pauseAfter(`Rewriting the tests.\n${encodeFileBlock(PATH, REWRITTEN)}`, "greets Ada by name") });
  await review.recordStreaming(PATH);
  expect(await chat.ask("Add a test for Grace.")).toBe("complete");
  await review.waitForReview(2);
  const streamed = await review.streamingRecord();
  expect(streamed.phases).toEqual(["none", "streaming", "review"]);
  expect(streamed.added).toBeGreaterThan(0);
  const requests = await upstream.requests();
  expect(requests.at(-1)?.body.tools?.map((t) => t.function.name) ?? []).not.toContain("write_file");
  expect(await chat.lastAssistantText()).not.toContain("*** Begin File");
  await review.acceptAll();
  await ide.expectSaved(PATH);
  expect(await ide.serverContent(projectId, PATH)).toBe(REWRITTEN);
});

test("a content-only model: blocks are prose until the override picks the content channel; then a patch and a rewrite stream live, are reviewed hunk by hunk, and undo in one step", async ({ page, dashboard }) => {
  const { projectId, ide, chat, review } = await openWorkbench(page, dashboard);
  await chat.selectModel("llama3.1-8b");
  await upstream.mode("content");

  // Auto: this model is not known to need the content channel, so its blocks are only text.
  // (A content-only answer is one model call: only the first script of the turn is played.)
  await upstream.queue(patchTurn(0)[0]!);
  expect(await chat.ask("Tidy the tests.")).toBe("complete");
  await expect(chat.lastAssistant()).toContainText("*** Begin Patch");
  await expect(review.bar).toBeHidden();
  expect(await ide.serverContent(projectId, PATH)).toBe(ORIGINAL);

  // The override: the same answer is now an edit, streamed into the file as it is written (paused
  // once its first hunk, with the removed line, is out).
  await chat.setEditChannel("content");
  await upstream.queue({ ...patchTurn(60)[0]!, fault: pauseAfter(`I'll update the tests.\n${encodePatchBlock(PATCH)}`, ' import { test } from "node:test";') });
  await review.recordStreaming(PATH);
  expect(await chat.ask("Tidy the tests and add one for the world.")).toBe("complete");
  await review.waitForReview(2);
  const patchStream = await review.streamingRecord();
  expect(patchStream.phases).toEqual(["none", "streaming", "review"]);
  expect(patchStream.removed).toBeGreaterThan(0);
  await expect(chat.lastAssistant()).not.toContainText("*** Begin Patch");
  await review.acceptHunk(0);
  await review.rejectHunk(0);
  await ide.expectSaved(PATH);
  expect(await ide.serverContent(projectId, PATH)).toBe(FIRST_HUNK_ONLY);

  // A whole-file rewrite through the same channel: accepted, then undone in one step.
  await upstream.queue({
    steps: [{ type: "text", text: "Rewriting.\n" }, { type: "tool_call", name: "write_file", arguments: JSON.stringify({ path: PATH, content: REWRITTEN }) }],
    rate: 60,
    fault: pauseAfter(`Rewriting.\n${encodeFileBlock(PATH, REWRITTEN)}`, "greets Ada by name"),
  });
  await review.recordStreaming(PATH);
  expect(await chat.ask("Rewrite the tests.")).toBe("complete");
  await review.waitForReview(2);
  expect((await review.streamingRecord()).phases).toEqual(["none", "streaming", "review"]);
  await review.acceptAll();
  await ide.expectSaved(PATH);
  expect(await ide.serverContent(projectId, PATH)).toBe(REWRITTEN);
  await ide.editor.locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+Z");
  expect(await ide.editorText(PATH)).toBe(FIRST_HUNK_ONLY);
  await ide.expectSaved(PATH);
  expect(await ide.serverContent(projectId, PATH)).toBe(FIRST_HUNK_ONLY);
  expect((await review.stats()).setValueCalls).toBe(0);
});

test("a model that supports prediction: on auto with a file open, its rewrite streams in the answer with the file as prediction, and the picker and HUD say why", async ({ page, dashboard }) => {
  const { projectId, ide, chat, review } = await openWorkbench(page, dashboard);
  await chat.selectModel("gpt-oss-120b");
  await expect(chat.modelOption("gpt-oss-120b")).toContainText("predicted edits in the answer");
  await expect(chat.modelOption("llama3.1-8b")).not.toContainText("predicted edits");
  const rewriteTo = (content: string, rate: number): Script => ({ steps: [{ type: "text", text: "Rewriting the tests.\n" }, { type: "tool_call", name: "write_file", arguments: JSON.stringify({ path: PATH, content }) }], rate });
  await upstream.mode("content");
  await upstream.queue({ ...rewriteTo(BOTH_HUNKS, 60), fault: pauseAfter(`Rewriting the tests.\n${encodeFileBlock(PATH, BOTH_HUNKS)}`, 'import { test } from "node:test";') });
  await review.recordStreaming(PATH);
  expect(await chat.ask("Tidy the tests and add one for the world.")).toBe("complete");
  await review.waitForReview(2);
  expect((await review.streamingRecord()).phases).toEqual(["none", "streaming", "review"]);
  const predicted = (await upstream.requests()).at(-1)!.body;
  expect(predicted.prediction).toEqual({ type: "content", content: ORIGINAL });
  expect(predicted.tools?.map((t) => t.function.name) ?? []).not.toContain("write_file");
  await expect(chat.editChannelNote()).toContainText("in the answer, file as prediction");
  // The unchanged lines of the rewrite were accepted from the prediction.
  await expect(chat.predictionNote()).toContainText("accepted");
  await review.acceptAll();
  await ide.expectSaved(PATH);
  expect(await ide.serverContent(projectId, PATH)).toBe(BOTH_HUNKS);

  // "Edits: tool calls" wins over the choice: the edit tools are back and no prediction is sent.
  await chat.setEditChannel("tools");
  await expect(chat.modelOption("gpt-oss-120b")).not.toContainText("predicted edits");
  await upstream.mode("progressive");
  await upstream.queue(rewriteTo(ORIGINAL, 0), { steps: [{ type: "text", text: "Done." }], rate: 0 });
  expect(await chat.ask("Put the tests back.")).toBe("complete");
  await review.waitForReview(2);
  const plain = (await upstream.requests()).at(-1)!.body;
  expect(plain.prediction).toBeUndefined();
  expect(plain.tools?.map((t) => t.function.name)).toContain("write_file");
  await expect(chat.editChannelNote()).toBeHidden();
});
