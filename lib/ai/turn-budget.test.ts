import { randomUUID } from "node:crypto";

import { beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createCodingSession, getTurnStateBySessionId, listMessagesBySessionId, type TurnState } from "@/db/queries/sessions";
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

const question = (isNewMessage = true): TurnTarget => ({ userMessageId: randomUUID(), text: "question", history: [], isNewMessage });

/** The turn's meter once its reservation is known (rejects as the turn would be refused). */
async function meter({ budget, target, keySource = "wafer" as const }: { budget: number; target: TurnTarget; keySource?: "wafer" | "workspace" }) {
  const metered = meterTurn({
    state,
    entitlements: { ...planEntitlements.free, monthlyTokenBudget: budget },
    userId: project.userId,
    request: chatRequestSchema.parse({ sessionId: state.sessionId, message: { id: target.userMessageId, text: target.text } }),
    target,
    prompt,
    modelId: "gpt-oss-120b",
    keySource,
  });
  await metered.reserved;
  return metered;
}

const storedIds = async () => (await listMessagesBySessionId({ sessionId: state.sessionId })).map((m) => m.id);

describe("meterTurn", () => {
  it("holds the prompt plus the whole output allowance and stores the question before the model is called; closing releases what was not used", async () => {
    const target = question();
    const { meter: held, userMessageStored } = await meter({ budget: 100_000, target });
    await userMessageStored;
    expect(await used()).toBe(PROMPT_TOKENS + OUTPUT_TOKENS);
    expect(await storedIds()).toEqual([target.userMessageId]);
    // A call that produced nothing costs nothing.
    await held.close("failed");
    expect(await used()).toBe(0);
  });

  it("refuses a turn past the budget with rate_limit:budget, and stores no question it will not answer", async () => {
    const target = question();
    await expect(meter({ budget: PROMPT_TOKENS + OUTPUT_TOKENS - 1, target })).rejects.toMatchObject({ code: "rate_limit:budget", status: 429 });
    expect(await storedIds()).toEqual([]);
    expect(await used()).toBe(0);
    // The bucket already holds tokens: the refusal still stores nothing and holds nothing more.
    const first = await meter({ budget: (PROMPT_TOKENS + OUTPUT_TOKENS) * 1.5, target: question() });
    await expect(meter({ budget: (PROMPT_TOKENS + OUTPUT_TOKENS) * 1.5, target })).rejects.toMatchObject({ code: "rate_limit:budget" });
    expect(await storedIds()).not.toContain(target.userMessageId);
    expect(await used()).toBe(PROMPT_TOKENS + OUTPUT_TOKENS);
    await first.meter.close("failed");
  });

  it("returns while the statement runs; on a refusal the model call's gate (userMessageStored) rejects with it too, so its request never goes", async () => {
    const target = question();
    const metered = meterTurn({
      state,
      entitlements: { ...planEntitlements.free, monthlyTokenBudget: 10 },
      userId: project.userId,
      request: chatRequestSchema.parse({ sessionId: state.sessionId, message: { id: target.userMessageId, text: target.text } }),
      target,
      prompt,
      modelId: "gpt-oss-120b",
      keySource: "wafer",
    });
    let gateSettled = false;
    void metered.userMessageStored.catch(() => {}).finally(() => (gateSettled = true));
    await Promise.resolve();
    expect(gateSettled).toBe(false);
    await expect(metered.userMessageStored).rejects.toMatchObject({ code: "rate_limit:budget" });
    await expect(metered.reserved).rejects.toMatchObject({ code: "rate_limit:budget", status: 429 });
    expect(await storedIds()).toEqual([]);
    expect(await used()).toBe(0);
  });

  it("a resent id is a conflict through userMessageStored, and its reservation is released on close", async () => {
    const target = question();
    await (await meter({ budget: 100_000, target })).userMessageStored;
    const again = await meter({ budget: 100_000, target });
    await expect(again.userMessageStored).rejects.toMatchObject({ code: "conflict:chat", message: expect.stringContaining("already sent") });
    expect(await storedIds()).toEqual([target.userMessageId]);
    await again.meter.close("failed");
    expect(await used()).toBe(PROMPT_TOKENS + OUTPUT_TOKENS);
  });

  it("a regenerated answer's question is not new: a refusal leaves it stored", async () => {
    const target = question();
    await (await meter({ budget: 100_000, target })).meter.close("failed");
    await expect(meter({ budget: 10, target: { ...target, isNewMessage: false } })).rejects.toMatchObject({ code: "rate_limit:budget" });
    expect(await storedIds()).toEqual([target.userMessageId]);
  });

  it("a workspace's own key spends no Wafer budget, so an exhausted one does not refuse it; the question is stored", async () => {
    const target = question();
    const { meter: held, userMessageStored } = await meter({ budget: 10, target, keySource: "workspace" });
    await userMessageStored;
    expect(await used()).toBe(0);
    expect(await storedIds()).toEqual([target.userMessageId]);
    await held.close("complete");
  });
});
