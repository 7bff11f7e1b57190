import { randomUUID } from "node:crypto";

import { beforeAll, beforeEach, describe, expect, it } from "vitest";

import { listModelStreamVerdicts } from "@/db/queries/model-streams";
import { createCodingSession, getTurnStateBySessionId, listMessagesBySessionId, type TurnState } from "@/db/queries/sessions";
import { DEFAULT_SESSION_TITLE } from "@/lib/chat/contract";
import { AppError } from "@/lib/errors";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { CallMeter } from "@/lib/usage/meter";

import { storeUserMessage, tokensPerSecond, TurnOutcome } from "./turn-outcome";
import type { TurnTarget } from "./turn-target";

describe("tokensPerSecond", () => {
  it("divides output by the span it arrived over", () => {
    expect(tokensPerSecond(2000, 1000, 0.5)).toBe(2000);
  });

  it("falls back to the provider's completion time when the answer arrived in one read", () => {
    expect(tokensPerSecond(20, 0, 0.01)).toBe(2000);
    expect(tokensPerSecond(20, null, 0.01)).toBe(2000);
  });

  it("is unknown with neither", () => {
    expect(tokensPerSecond(20, 0, undefined)).toBeNull();
  });
});

/** Storing the turn's two messages, on the run's database. */

let project: ProjectAccess;
let state: TurnState;

beforeAll(async () => {
  await prepareTestDatabase();
  project = await createTestProject(await createTestUser("turn-outcome"), "typescript");
});

beforeEach(async () => {
  const sessionId = (await createCodingSession({ projectId: project.projectId, title: DEFAULT_SESSION_TITLE, createdBy: project.userId })).id;
  const loaded = await getTurnStateBySessionId({ sessionId, userId: project.userId, sessionGeneration: 0, contentPaths: [], historyTokenBudget: null });
  if (!loaded) throw new Error("no turn state");
  state = loaded;
});

const target = (text = "Explain the greeting\nin detail"): TurnTarget => ({ userMessageId: randomUUID(), text, history: [], isNewMessage: true });
const noContext = { openFiles: [], mentions: [], diagnostics: [] };
const stored = () => listMessagesBySessionId({ sessionId: state.sessionId });

function outcomeFor(turn: TurnTarget, userMessageStored: Promise<void>, modelId = `model-${randomUUID()}`) {
  const meter = new CallMeter({
    workspaceId: state.workspaceId,
    userId: project.userId,
    sessionId: state.sessionId,
    kind: "chat_step",
    model: modelId,
    keySource: "wafer",
    monthlyTokenBudget: 1_000_000,
    maxOutputTokens: 8_192,
  });
  const assistantId = randomUUID();
  const outcome = new TurnOutcome({
    state,
    target: turn,
    modelId,
    endpointName: "custom",
    editChannel: "tools",
    editChannelReason: "default",
    knownVerdict: null,
    assistantId,
    requestStartedAt: Date.now(),
    userMessageStored,
    meter,
  });
  return { outcome, assistantId, modelId };
}

describe("storeUserMessage", () => {
  it("stores the question with the context chips it was asked with", async () => {
    const turn = target();
    await storeUserMessage(state, turn, { activeFile: "src/greet.ts", mentions: ["README.md"], openFiles: [], diagnostics: [] }, project.userId);
    const [row] = await stored();
    expect(row).toMatchObject({ id: turn.userMessageId, role: "user", status: "complete", parts: [{ type: "text", text: turn.text }] });
    expect(row?.meta).toMatchObject({ context: { activeFile: "src/greet.ts", mentions: ["README.md"] } });
    expect(row?.tokenCount).toBeGreaterThan(0);
  });

  it("the same id twice is a conflict: a double submit here, a reused id from another session", async () => {
    const turn = target();
    await storeUserMessage(state, turn, noContext, project.userId);
    await expect(storeUserMessage(state, turn, noContext, project.userId)).rejects.toMatchObject({ code: "conflict:chat", message: expect.stringContaining("already sent") });
    const otherSession = (await createCodingSession({ projectId: project.projectId, title: "other", createdBy: project.userId })).id;
    await expect(storeUserMessage({ ...state, sessionId: otherSession }, turn, noContext, project.userId)).rejects.toMatchObject({ code: "conflict:chat", message: "That message id is already used." });
    expect(await stored()).toHaveLength(1);
  });
});

describe("TurnOutcome.settle", () => {
  it("stores the answer once, however many ways the turn ends, and names a new session after the question's first line", async () => {
    const turn = target();
    const question = storeUserMessage(state, turn, noContext, project.userId);
    const { outcome, assistantId } = outcomeFor(turn, question);
    outcome.recorder.record({ type: "text-delta", text: "Hello, " });
    outcome.recorder.record({ type: "text-delta", text: "world." });
    const [first, second] = await Promise.all([outcome.settle("complete"), outcome.settle("stopped")]);
    expect(second).toBe(first);
    expect(first.status).toBe("complete");
    expect(first.error).toBeNull();
    expect(first.metrics.outputTokens).toBeGreaterThan(0);
    const rows = await stored();
    expect(rows.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(rows[1]).toMatchObject({ id: assistantId, parts: [{ type: "text", text: "Hello, world." }] });
    const after = await getTurnStateBySessionId({ sessionId: state.sessionId, userId: project.userId, sessionGeneration: 0, contentPaths: [], historyTokenBudget: null });
    expect(after?.sessionTitle).toBe("Explain the greeting");
  });

  it("an error set during the turn makes it failed, stored with its code and what arrived", async () => {
    const turn = target();
    const { outcome } = outcomeFor(turn, storeUserMessage(state, turn, noContext, project.userId));
    outcome.recorder.record({ type: "text-delta", text: "Partial" });
    outcome.error = new AppError("upstream:model", { message: "The model sent nothing for 60 s." });
    const settled = await outcome.settle("complete");
    expect(settled).toMatchObject({ status: "failed", error: { code: "upstream:model", message: "The model sent nothing for 60 s." } });
    const answer = (await stored())[1];
    expect(answer).toMatchObject({ status: "failed", parts: [{ type: "text", text: "Partial" }], meta: expect.objectContaining({ error: expect.objectContaining({ code: "upstream:model" }) }) });
  });

  it("a stopped turn is stored as stopped, with what was generated counted", async () => {
    const turn = target();
    const { outcome } = outcomeFor(turn, storeUserMessage(state, turn, noContext, project.userId));
    outcome.recorder.record({ type: "text-delta", text: "Some words before the stop" });
    const settled = await outcome.settle("stopped");
    expect(settled.status).toBe("stopped");
    expect(settled.metrics.outputTokens).toBeGreaterThan(0);
    expect((await stored())[1]?.status).toBe("stopped");
  });

  it("no answer is stored without its question: when that write failed the turn failed with the write's error", async () => {
    const turn = target();
    const { outcome } = outcomeFor(turn, Promise.reject(new AppError("internal:database")));
    outcome.recorder.record({ type: "text-delta", text: "orphan" });
    const settled = await outcome.settle("complete");
    expect(settled.status).toBe("failed");
    expect(settled.error?.code).toBe("internal:database");
    expect(await stored()).toEqual([]);
  });

  it("records how the model streamed a conclusive edit call, once, for every instance to read", async () => {
    const turn = target();
    const { outcome, modelId } = outcomeFor(turn, storeUserMessage(state, turn, noContext, project.userId));
    outcome.arrivals.start("call-1", "write_file", "tool");
    // 400 bytes in one delta: a server that buffers tool arguments.
    outcome.arrivals.delta("call-1", "x".repeat(400), Date.now());
    const settled = await outcome.settle("complete");
    expect(settled.metrics.toolStream).toBe("buffered");
    expect((await listModelStreamVerdicts())[modelId]).toBe("buffered");
  });
});
