import { randomUUID } from "node:crypto";

import { beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createCodingSession, getTurnStateBySessionId, insertUserMessage, listMessagesBySessionId, type TurnState } from "@/db/queries/sessions";
import { getBudgetTokensUsed } from "@/db/queries/usage";
import { resetWorkspaceBudgetForTest } from "@/db/testing";
import { chatRequestSchema } from "@/lib/chat/contract";
import { budgetMonth } from "@/lib/plans/budget";
import { planEntitlements } from "@/lib/plans/entitlements";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import { meterTurn } from "./turn-budget";
import type { PackedPrompt } from "./turn-prompt";
import type { TurnTarget } from "./turn-target";

/** The turn's budget gate on the run's database: held before anything streams, or refused cleanly. */

let project: ProjectAccess;
let state: TurnState;

const PROMPT_TOKENS = 1_000;
const OUTPUT_TOKENS = 8_192;
const prompt = { report: { limit: 131_072, reservedForOutput: OUTPUT_TOKENS, used: PROMPT_TOKENS, items: [], trimmed: false }, maxOutputTokens: OUTPUT_TOKENS } as unknown as PackedPrompt;
const used = () => getBudgetTokensUsed({ workspaceId: project.workspaceId, month: budgetMonth() });

beforeAll(async () => {
  await prepareTestDatabase();
  project = await createTestProject(await createTestUser("turn-budget"), "typescript");
});

beforeEach(async () => {
  await resetWorkspaceBudgetForTest(project.workspaceId);
  const sessionId = (await createCodingSession({ projectId: project.projectId, title: "t", createdBy: project.userId })).id;
  const loaded = await getTurnStateBySessionId({ sessionId, userId: project.userId, sessionGeneration: 0, contentPaths: [], historyTokenBudget: null });
  if (!loaded) throw new Error("no turn state");
  state = loaded;
});

/** The user's message stored as the turn does it, beside the reservation. */
function storeQuestion(): { target: TurnTarget; stored: Promise<void> } {
  const target: TurnTarget = { userMessageId: randomUUID(), text: "question", history: [], isNewMessage: true };
  const stored = insertUserMessage({ id: target.userMessageId, sessionId: state.sessionId, parts: [{ type: "text", text: "question" }], tokenCount: 10, createdBy: project.userId, meta: {} }).then(() => {});
  return { target, stored };
}

function meter({ budget, target, stored, keySource = "wafer" as const }: { budget: number; target: TurnTarget; stored: Promise<void>; keySource?: "wafer" | "workspace" }) {
  return meterTurn({
    state,
    entitlements: { ...planEntitlements.free, monthlyTokenBudget: budget },
    userId: project.userId,
    request: chatRequestSchema.parse({ sessionId: state.sessionId, message: { id: target.userMessageId, text: target.text } }),
    target,
    prompt,
    modelId: "gpt-oss-120b",
    keySource,
    userMessageStored: stored,
  });
}

const storedIds = async () => (await listMessagesBySessionId({ sessionId: state.sessionId })).map((m) => m.id);

describe("meterTurn", () => {
  it("holds the prompt plus the whole output allowance before the model is called; closing releases what was not used", async () => {
    const { target, stored } = storeQuestion();
    const held = await meter({ budget: 100_000, target, stored });
    expect(await used()).toBe(PROMPT_TOKENS + OUTPUT_TOKENS);
    expect(await storedIds()).toEqual([target.userMessageId]);
    // A call that produced nothing costs nothing.
    await held.close("failed");
    expect(await used()).toBe(0);
  });

  it("refuses a turn past the budget with rate_limit:budget, and takes back the question it will not answer", async () => {
    const { target, stored } = storeQuestion();
    await expect(meter({ budget: PROMPT_TOKENS + OUTPUT_TOKENS - 1, target, stored })).rejects.toMatchObject({ code: "rate_limit:budget", status: 429 });
    expect(await storedIds()).toEqual([]);
    expect(await used()).toBe(0);
  });

  it("a regenerated answer's question is not new: a refusal leaves it stored", async () => {
    const { target, stored } = storeQuestion();
    await stored;
    await expect(meter({ budget: 10, target: { ...target, isNewMessage: false }, stored: Promise.resolve() })).rejects.toMatchObject({ code: "rate_limit:budget" });
    expect(await storedIds()).toEqual([target.userMessageId]);
  });

  it("when storing the question failed, the refusal is still the answer and nothing is deleted", async () => {
    const target: TurnTarget = { userMessageId: randomUUID(), text: "q", history: [], isNewMessage: true };
    const failed = Promise.reject(new Error("insert failed"));
    // As the turn does: its failure is read later, so it is marked handled now.
    failed.catch(() => {});
    await expect(meter({ budget: 10, target, stored: failed })).rejects.toMatchObject({ code: "rate_limit:budget" });
  });

  it("a workspace's own key spends no Wafer budget, so an exhausted one does not refuse it", async () => {
    const { target, stored } = storeQuestion();
    const held = await meter({ budget: 10, target, stored, keySource: "workspace" });
    expect(await used()).toBe(0);
    await held.close("complete");
  });
});
