import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, beforeEach, vi } from "vitest";

import { createCodingSession, getTurnStateBySessionId, listMessagesBySessionId, type MessageRow, type TurnState } from "@/db/queries/sessions";
import { capabilitiesFor } from "@/lib/ai/catalog";
import type { ByteClock, ModelEndpoint } from "@/lib/ai/provider";
import { callModel, limitTurn } from "@/lib/ai/turn-call";
import { storeUserMessage, TurnOutcome } from "@/lib/ai/turn-outcome";
import type { PackedPrompt } from "@/lib/ai/turn-prompt";
import type { TurnTarget } from "@/lib/ai/turn-target";
import type { EditChannel } from "@/lib/chat/contract";
import type { ProjectAccess } from "@/lib/projects/access";
import { CallMeter } from "@/lib/usage/meter";

import { createTestProject, createTestUser, prepareTestDatabase } from "./database";
import { startUpstreamServer, type Script, type UpstreamServer } from "./upstream";

export const TURN_MODEL = capabilitiesFor("gpt-oss-120b");

/** A packed prompt as turn-prompt makes one, small. */
export function testPrompt(over: Partial<PackedPrompt> = {}): PackedPrompt {
  const userContent = over.userContent ?? "Say hello.";
  return {
    system: "You are a test model.",
    userContent,
    userContentPieces: [userContent],
    history: [],
    report: { limit: TURN_MODEL.contextWindow, reservedForOutput: 8_192, used: 100, items: [], trimmed: false },
    activeFileContent: null,
    maxOutputTokens: 8_192,
    ...over,
  };
}

/**
 * For unit tests of the chat turn's parts (lib/ai/turn-*.ts): the scripted upstream over loopback
 * HTTP as the model endpoint, the run's database, a project, and a new session per test. `start`
 * wires one model call as `streamTurn` does (question stored, meter, outcome, limits), without the
 * read, packing or response around it, so each part can be tested on its own.
 */
export function turnFixture(label: string) {
  let upstream: UpstreamServer | undefined;
  let project: ProjectAccess | undefined;
  let state: TurnState | undefined;
  const ready = <T,>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the turn fixture is read before its hooks ran");
    return value;
  };

  beforeAll(async () => {
    upstream = await startUpstreamServer({ defaultRate: 0 });
    await prepareTestDatabase();
    project = await createTestProject(await createTestUser(label), "typescript");
  });
  afterAll(async () => {
    await upstream?.close();
  });
  beforeEach(async () => {
    ready(upstream).upstream.reset();
    const { projectId, userId } = ready(project);
    const sessionId = (await createCodingSession({ projectId, title: "t", createdBy: userId })).id;
    state = (await getTurnStateBySessionId({ sessionId, userId, sessionGeneration: 0, contentPaths: [], historyTokenBudget: null })) ?? undefined;
  });

  const fixture = {
    get upstream() {
      return ready(upstream).upstream;
    },
    get state() {
      return ready(state);
    },
    get endpoint(): ModelEndpoint {
      return { kind: "custom", name: "custom", baseURL: ready(upstream).baseURL, apiKey: "test-key" };
    },

    start(script: Script, { prompt = testPrompt(), editChannel = "tools", abort = new AbortController() }: { prompt?: PackedPrompt; editChannel?: EditChannel; abort?: AbortController } = {}) {
      fixture.upstream.enqueue(script);
      const { userId } = ready(project);
      const turnState = fixture.state;
      const endpoint = fixture.endpoint;
      const requestStartedAt = Date.now();
      const target: TurnTarget = { userMessageId: randomUUID(), text: "Say hello.", history: [], isNewMessage: true };
      const userMessageStored = storeUserMessage(turnState, target, { openFiles: [], mentions: [], diagnostics: [] }, userId);
      userMessageStored.catch(() => {});
      const meter = new CallMeter({
        workspaceId: turnState.workspaceId,
        userId,
        sessionId: turnState.sessionId,
        kind: "chat_step",
        model: TURN_MODEL.id,
        keySource: "wafer",
        monthlyTokenBudget: 10_000_000,
        maxOutputTokens: prompt.maxOutputTokens,
      });
      const assistantId = randomUUID();
      const outcome = new TurnOutcome({ state: turnState, target, modelId: TURN_MODEL.id, endpointName: endpoint.name, editChannel, editChannelReason: editChannel === "content" ? "override" : "default", knownVerdict: null, assistantId, requestStartedAt, userMessageStored, meter });
      const clock: ByteClock = { firstByteAt: null, lastByteAt: null };
      const result = callModel({ endpoint, model: TURN_MODEL, clock, userMessageStored, editChannel, prediction: editChannel === "content" && TURN_MODEL.predictedOutputs, assistantId, prompt, tools: undefined, abortSignal: abort.signal, outcome, meter });
      const stopLimits = limitTurn({ clock, requestStartedAt, outcome, abort });
      return { result, outcome, clock, abort, stopLimits, target, assistantId, requestStartedAt, prompt };
    },

    /** The session's assistant message, once the turn's own end has stored it. */
    storedAnswer(): Promise<MessageRow> {
      return vi.waitFor(
        async () => {
          const answer = (await listMessagesBySessionId({ sessionId: fixture.state.sessionId })).find((m) => m.role === "assistant");
          if (!answer) throw new Error("not stored yet");
          return answer;
        },
        { timeout: 10_000, interval: 25 },
      );
    },

    messages(): Promise<MessageRow[]> {
      return listMessagesBySessionId({ sessionId: fixture.state.sessionId });
    },
  };
  return fixture;
}
