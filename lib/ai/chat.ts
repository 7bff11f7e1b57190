import "server-only";

import { createHash } from "node:crypto";

import {
  createUIMessageStream,
  createUIMessageStreamResponse,
  stepCountIs,
  streamText,
  type LanguageModelUsage,
  type ProviderMetadata,
  type UIMessageStreamWriter,
} from "ai";

import {
  deleteMessagesFromId,
  getTurnStateBySessionId,
  insertAssistantMessage,
  insertUserMessage,
  type TurnHistoryMessage,
  type TurnState,
} from "@/db/queries/sessions";
import {
  DEFAULT_SESSION_TITLE,
  type ContextReport,
  type EditChannel,
  type ParsedChatRequest,
  type UpstreamTiming,
  type WaferUIMessage,
} from "@/lib/chat/contract";
import { messageText, toModelMessages } from "@/lib/chat/history";
import type { MessageContextChips, MessageError, MessagePart, MessageStatus, TurnMetrics } from "@/lib/chat/messages";
import type { EditProposal } from "@/lib/chat/proposals";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { upsertModelStreamVerdict } from "@/db/queries/model-streams";
import { publishTurn } from "@/lib/live/publisher";
import { can } from "@/lib/workspaces/roles";

import type { ModelCapabilities } from "./catalog";
import { HISTORY_READ_BUDGET_TOKENS, MESSAGE_OVERHEAD_TOKENS, packContext, type HistoryTurn, type PackCandidate } from "./context";
import { toChatError } from "./errors";
import { CONTENT_CALL_PREFIX, isContentCall } from "./content-channel";
import { resolveModel } from "./models";
import { diagnosticsBlock, fileBlock, selectionBlock, systemPrompt, treeBlock } from "./prompts";
import { endpointForModel, turnModel, type ByteClock, type TimeInfo } from "./provider";
import { TurnRecorder } from "./recorder";
import { countTokens, countTokensCached } from "./tokens";
import { createTurnTools } from "./tools";
import { ASSUMED_PREDICTION_SPEEDUP, chooseEditChannel, predictionSavedMs, ToolArrivalLog, verdictOf } from "./tool-arrival";
import { fillTurnState, heldForTurn, rememberTurnState } from "./turn-cache";
import { TurnWorkspace } from "./workspace";

const MAX_STEPS = 8;
const MAX_OUTPUT_TOKENS = 16_384;
/** Tool schemas and descriptions ride along with every request; measured once from their JSON. */
const TOOL_DEFINITION_TOKENS = 900;
const TREE_LIMIT = 2000;
/** Offered to the model only on the tool channel; on the content channel its edit blocks call them. */
const CONTENT_EDIT_TOOLS = ["apply_patch", "write_file"] as const;

export const STREAM_HEADERS = {
  // no-transform: proxies and Next's own compression must not buffer the stream to gzip it.
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

interface TurnTarget {
  userMessageId: string;
  text: string;
  history: TurnHistoryMessage[];
  isNewMessage: boolean;
}

/** Works out which user message this turn answers and what history precedes it; deletes what it replaces. */
async function resolveTarget(request: ParsedChatRequest, state: TurnState): Promise<TurnTarget> {
  const history = state.history;
  if (request.regenerateMessageId) {
    const index = history.findIndex((m) => m.id === request.regenerateMessageId && m.role === "assistant");
    if (index < 0) throw new AppError("not_found:chat", { message: "That answer no longer exists." });
    const userIndex = history.slice(0, index).findLastIndex((m) => m.role === "user");
    const user = history[userIndex];
    if (!user) throw new AppError("bad_request:chat", { message: "There is no question to answer again." });
    await deleteMessagesFromId({ sessionId: state.sessionId, messageId: request.regenerateMessageId });
    return { userMessageId: user.id, text: messageText((user.parts ?? []) as MessagePart[]), history: history.slice(0, userIndex), isNewMessage: false };
  }
  const message = request.message as NonNullable<ParsedChatRequest["message"]>;
  // A resend of a stored id without an explicit edit is a retry or a double submit: it never calls
  // the model again (one message, one answer). A different text means the id is not theirs to reuse.
  const sent = request.replaceFromMessageId ? undefined : history.find((m) => m.id === message.id);
  if (sent) {
    const same = sent.role === "user" && messageText((sent.parts ?? []) as MessagePart[]) === message.text;
    throw new AppError("conflict:chat", { message: same ? "That message was already sent; its answer is in this session." : "That message id is already used." });
  }
  const replaceFrom = request.replaceFromMessageId;
  if (replaceFrom) {
    const index = history.findIndex((m) => m.id === replaceFrom && m.role === "user");
    if (index < 0) throw new AppError("not_found:chat", { message: "The message to edit no longer exists." });
    await deleteMessagesFromId({ sessionId: state.sessionId, messageId: replaceFrom });
    return { userMessageId: message.id, text: message.text, history: history.slice(0, index), isNewMessage: true };
  }
  return { userMessageId: message.id, text: message.text, history, isNewMessage: true };
}

/**
 * The turn's one read. History older than any model's window is left unread; edits and regenerates
 * (and a resend of an id older than that) read all of it, since they address messages by id. What
 * this instance already holds (old messages' parts, unchanged files) is not read again; a miss
 * costs a second, full read.
 */
async function loadTurnState(request: ParsedChatRequest, userId: string, sessionGeneration: number, contentPaths: string[]): Promise<TurnState | null> {
  const { sessionId } = request;
  const resent = request.message?.id;
  let budget: number | null = request.regenerateMessageId || request.replaceFromMessageId ? null : HISTORY_READ_BUDGET_TOKENS;
  const read = (held: boolean) =>
    getTurnStateBySessionId({ sessionId, userId, sessionGeneration, contentPaths, historyTokenBudget: budget, ...(held ? heldForTurn(sessionId, contentPaths) : {}) });
  let state = await read(true);
  if (state && !fillTurnState(state, budget, contentPaths)) state = await read(false);
  if (state && budget !== null && state.history.some((m) => m.id === resent && m.parts === null)) {
    budget = null;
    state = await read(false);
  }
  if (state) rememberTurnState(state, contentPaths);
  return state;
}

function sliceLines(text: string, startLine: number, endLine: number): string {
  return text
    .split("\n")
    .slice(startLine - 1, endLine)
    .join("\n");
}

/** History grouped into turns (a user message and its answers), so packing never keeps half a turn. */
function historyTurns(history: TurnHistoryMessage[]): HistoryTurn<TurnHistoryMessage[]>[] {
  const turns: HistoryTurn<TurnHistoryMessage[]>[] = [];
  for (const message of history) {
    const last = turns.at(-1);
    if (message.role === "assistant" && last) {
      last.payload.push(message);
      last.tokens += message.tokenCount + MESSAGE_OVERHEAD_TOKENS;
    } else {
      turns.push({
        label: message.label || "(message)",
        tokens: message.tokenCount + MESSAGE_OVERHEAD_TOKENS,
        payload: [message],
      });
    }
  }
  return turns;
}

interface PackedPrompt {
  system: string;
  userContent: string;
  history: TurnHistoryMessage[];
  report: ContextReport;
  activeFileContent: string | null;
}

function packPrompt(request: ParsedChatRequest, state: TurnState, model: ModelCapabilities, target: TurnTarget, editChannel: EditChannel): PackedPrompt {
  const ctx = request.context;
  const files = new Map(state.files.map((f) => [f.path, f]));
  const fileText = (path: string) => files.get(path)?.content ?? null;
  const fileTokens = (path: string, block: string) => countTokensCached(`${state.projectId}:${path}:${files.get(path)?.version}:${block.length}`, block);

  const system = systemPrompt({ projectName: state.projectName, mode: request.mode, inlineEdit: request.intent === "inline-edit", editChannel });
  const candidates: PackCandidate<string>[] = [
    { kind: "system", label: "Instructions and tools", tokens: countTokensCached(`system:${system}`, system) + TOOL_DEFINITION_TOKENS, required: true, payload: "" },
    { kind: "message", label: "Your message", tokens: countTokens(target.text) + MESSAGE_OVERHEAD_TOKENS, required: true, payload: "" },
  ];
  const active = ctx.activeFile && fileText(ctx.activeFile) !== null ? ctx.activeFile : undefined;
  if (ctx.selection) {
    const text = fileText(ctx.selection.path);
    if (text !== null) {
      const block = selectionBlock(ctx.selection.path, ctx.selection.startLine, ctx.selection.endLine, sliceLines(text, ctx.selection.startLine, ctx.selection.endLine));
      candidates.push({ kind: "selection", label: `Selection ${ctx.selection.path}:${ctx.selection.startLine}-${ctx.selection.endLine}`, tokens: countTokens(block), payload: block });
    }
  }
  if (active) {
    const block = fileBlock(active, fileText(active) as string, true);
    candidates.push({ kind: "active-file", label: active, tokens: fileTokens(active, block), payload: block });
  }
  for (const path of new Set(ctx.mentions)) {
    if (path === active) continue;
    const text = fileText(path);
    if (text === null) continue;
    const block = fileBlock(path, text);
    candidates.push({ kind: "mention", label: path, tokens: fileTokens(path, block), payload: block });
  }
  if (ctx.diagnostics.length) {
    const block = diagnosticsBlock(ctx.diagnostics);
    candidates.push({ kind: "diagnostics", label: `${ctx.diagnostics.length} problems`, tokens: countTokens(block), payload: block });
  }
  const paths = state.files.filter((f) => f.kind === "file").map((f) => f.path);
  if (paths.length) {
    const tree = treeBlock(paths.slice(0, TREE_LIMIT));
    // The tree changes only when paths do: its count is memoised by a digest of the text.
    const treeKey = `tree:${state.projectId}:${createHash("sha1").update(tree).digest("base64")}`;
    candidates.push({ kind: "tree", label: `Project tree (${paths.length} files)`, tokens: countTokensCached(treeKey, tree), payload: tree });
  }
  const historyAfter = candidates.length - 2;
  for (const path of new Set(ctx.openFiles)) {
    if (path === active || ctx.mentions.includes(path)) continue;
    const text = fileText(path);
    if (text === null) continue;
    const block = fileBlock(path, text);
    candidates.push({ kind: "open-file", label: path, tokens: fileTokens(path, block), payload: block });
  }

  const reservedForOutput = Math.min(model.maxOutputTokens, MAX_OUTPUT_TOKENS);
  const packed = packContext({
    limit: model.contextWindow,
    reservedForOutput,
    candidates,
    history: historyTurns(target.history),
    historyAfter,
  });
  if (packed.report.used > model.contextWindow - reservedForOutput) {
    throw new AppError("payload_too_large:chat", {
      message: `Your message alone needs ${packed.report.used} tokens; ${model.label} takes ${model.contextWindow - reservedForOutput} before its answer. Shorten it.`,
    });
  }
  // Most general context first, the user's focus last, right before their words.
  const order = ["tree", "open-file", "mention", "active-file", "selection", "diagnostics"];
  const blocks = packed.included
    .filter((c) => c.payload)
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .map((c) => c.payload);
  return {
    system,
    userContent: blocks.length ? `${blocks.join("\n\n")}\n\n${target.text}` : target.text,
    history: packed.history.flatMap((t) => t.payload),
    report: packed.report,
    activeFileContent: active ? fileText(active) : null,
  };
}

function turnMetrics({
  recorder,
  requestStartedAt,
  usage,
  providerMetadata,
  endpointName,
  steps,
  arrivals,
  editChannel,
  toolStream,
}: {
  arrivals: ToolArrivalLog;
  editChannel: EditChannel;
  toolStream: TurnMetrics["toolStream"];
  recorder: TurnRecorder;
  requestStartedAt: number;
  usage: LanguageModelUsage | undefined;
  providerMetadata: ProviderMetadata | undefined;
  endpointName: string;
  steps: number;
}): TurnMetrics {
  const generationMs = recorder.firstTokenAt !== null && recorder.lastTokenAt !== null ? recorder.lastTokenAt - recorder.firstTokenAt : null;
  // A stopped turn has no usage from the provider; count what was received instead.
  const outputTokens = usage?.outputTokens || recorder.generatedTokens(countTokens);
  const meta = (providerMetadata?.[endpointName] ?? {}) as { timeInfo?: TimeInfo; acceptedPredictionTokens?: number; rejectedPredictionTokens?: number };
  return {
    ttftMs: recorder.firstTokenAt !== null ? recorder.firstTokenAt - requestStartedAt : null,
    tokensPerSecond: generationMs && generationMs > 0 ? Math.round((outputTokens / generationMs) * 1000) : null,
    inputTokens: usage?.inputTokens ?? null,
    outputTokens,
    reasoningTokens: usage?.outputTokenDetails?.reasoningTokens ?? null,
    generationMs,
    timeInfo: meta.timeInfo ?? null,
    acceptedPredictionTokens: meta.acceptedPredictionTokens ?? null,
    rejectedPredictionTokens: meta.rejectedPredictionTokens ?? null,
    predictionSavedMs: predictionSavedMs({ generationMs, outputTokens, accepted: meta.acceptedPredictionTokens ?? null, speedup: ASSUMED_PREDICTION_SPEEDUP }),
    steps,
    toolCalls: arrivals.list(),
    editChannel,
    toolStream,
  };
}

/** The stream reports the failure to the client; the server log keeps the cause. */
function logSaveFailure(error: unknown): void {
  console.error("[internal:database] saving the assistant message failed:", error);
}

async function storeUserMessage(state: TurnState, target: TurnTarget, ctx: ParsedChatRequest["context"], userId: string): Promise<void> {
  const chips: MessageContextChips = {
    ...(ctx.activeFile ? { activeFile: ctx.activeFile } : {}),
    ...(ctx.selection ? { selection: ctx.selection } : {}),
    mentions: ctx.mentions,
  };
  const stored = await insertUserMessage({
    id: target.userMessageId,
    sessionId: state.sessionId,
    parts: [{ type: "text", text: target.text }],
    tokenCount: countTokens(target.text) + MESSAGE_OVERHEAD_TOKENS,
    createdBy: userId,
    meta: { context: chips },
  });
  // Not inserted: the same id arrived twice at once and the other request is answering it.
  if (!stored || !stored.inserted) {
    throw new AppError("conflict:chat", {
      message: stored?.sessionId === state.sessionId ? "That message was already sent; its answer is in this session." : "That message id is already used.",
    });
  }
}

/**
 * One chat turn: one read for access, history and context files; the user's message stored before
 * the model is called; the answer streamed as the model writes it; the assistant message stored once
 * when the turn ends, however it ends. Nothing is written per token.
 */
export async function streamTurn({
  userId,
  sessionGeneration,
  request,
  requestStartedAt,
  signal,
}: {
  userId: string;
  /** Checked in the turn's one read, so an ended session cannot chat (lib/auth/guards). */
  sessionGeneration: number;
  request: ParsedChatRequest;
  requestStartedAt: number;
  signal: AbortSignal;
}): Promise<Response> {
  const ctx = request.context;
  const contentPaths = [...new Set([ctx.activeFile, ctx.selection?.path, ...ctx.mentions, ...ctx.openFiles].filter((p): p is string => Boolean(p)))];
  const state = await loadTurnState(request, userId, sessionGeneration, contentPaths);
  if (!state) throw new AppError("not_found:session");
  if (!state.sessionCurrent) throw new AppError("unauthorized:auth");
  if (!can(state.role, "ai.use")) throw new AppError("forbidden:chat", { message: "Viewers can read this session but cannot chat in it." });
  const model = await resolveModel(request.model, state.plan);
  const target = await resolveTarget(request, state);
  const knownVerdict = state.modelVerdicts[model.id] ?? null;
  const { channel: editChannel } = model.tools
    ? chooseEditChannel({ preference: request.editChannel, catalog: model.editChannel, verdict: knownVerdict })
    : { channel: "tools" as const };
  const prompt = packPrompt(request, state, model, target, editChannel);

  // Stored before the model is called (the provider's fetch waits on it), but not before the SDK's
  // own request preparation, which runs meanwhile.
  const userMessageStored: Promise<void> = target.isNewMessage ? storeUserMessage(state, target, ctx, userId) : Promise.resolve();

  const assistantId = crypto.randomUUID();
  const endpoint = endpointForModel(model.id);
  const clock: ByteClock = { firstByteAt: null, lastByteAt: null };
  const recorder = new TurnRecorder();
  const arrivals = new ToolArrivalLog(requestStartedAt);
  const proposals: EditProposal[] = [];
  const abort = new AbortController();
  const onAbort = () => abort.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });

  let writer: UIMessageStreamWriter<WaferUIMessage> | null = null;
  let clientGone = false;
  // Followers (share links, the owner's other tabs) get a batched copy; push never waits.
  const live = publishTurn({ sessionId: state.sessionId, messageId: assistantId });
  const send = (chunk: Parameters<UIMessageStreamWriter<WaferUIMessage>["write"]>[0]) => {
    live.push(chunk);
    if (clientGone || !writer) return;
    try {
      writer.write(chunk);
    } catch {
      // The browser left; keep draining so the turn still ends and is saved.
      clientGone = true;
    }
  };

  const workspace = new TurnWorkspace(state.projectId, state.files);
  const tools = model.tools
    ? createTurnTools({
        workspace,
        mode: request.mode,
        onProposal: (proposal) => {
          proposals.push(proposal);
          send({ type: "data-proposal", id: proposal.toolCallId, data: proposal });
        },
      })
    : undefined;

  let usage: LanguageModelUsage | undefined;
  let providerMetadata: ProviderMetadata | undefined;
  let steps = 0;
  let turnError: AppError | null = null;
  let settled: Promise<{ status: MessageStatus; error: MessageError | null; metrics: TurnMetrics }> | null = null;

  const settle = (status: MessageStatus) => {
    settled ??= (async () => {
      // An answer is only stored next to its question; if that write failed, the turn failed with it.
      const questionStored = await userMessageStored.then(
        () => true,
        (error: unknown) => {
          // The model call failed because it waited on this write: the write's error is the cause.
          turnError = toChatError(error, { midStream: false });
          return false;
        },
      );
      const finalStatus: MessageStatus = turnError ? "failed" : status;
      const error: MessageError | null = turnError
        ? { code: turnError.code, message: turnError.toBody().message, ...(turnError.retryAfterSeconds !== undefined ? { retryAfterSeconds: turnError.retryAfterSeconds } : {}) }
        : null;
      // The verdict is shared by every instance through the database; written only when it changes.
      const observed = verdictOf(arrivals.list());
      if (observed && observed.verdict !== knownVerdict) {
        await upsertModelStreamVerdict({ model: model.id, ...observed }).catch((error: unknown) => console.error("[internal:database] storing the model's stream verdict failed:", error));
      }
      const toolStream = observed?.verdict ?? knownVerdict;
      const metrics = turnMetrics({ recorder, requestStartedAt, usage, providerMetadata, endpointName: endpoint.name, steps, arrivals, editChannel, toolStream });
      const parts = recorder.finish();
      if (!questionStored) return { status: finalStatus, error, metrics };
      await insertAssistantMessage({
        id: assistantId,
        sessionId: state.sessionId,
        parts,
        status: finalStatus,
        model: model.id,
        meta: { metrics, ...(error ? { error } : {}) },
        proposals: proposals.length ? proposals : null,
        tokenCount: (metrics.outputTokens ?? 0) + MESSAGE_OVERHEAD_TOKENS,
        title: state.sessionTitle === DEFAULT_SESSION_TITLE ? target.text.split("\n")[0]!.slice(0, 80) : null,
      });
      return { status: finalStatus, error, metrics };
    })();
    return settled;
  };

  const maxOutputTokens = Math.min(model.maxOutputTokens, MAX_OUTPUT_TOKENS);
  const result = streamText({
    model: turnModel(
      endpoint,
      model.id,
      clock,
      userMessageStored,
      editChannel === "content" ? { hiddenTools: CONTENT_EDIT_TOOLS, callPrefix: `${CONTENT_CALL_PREFIX}${assistantId}-` } : undefined,
    ),
    system: prompt.system,
    messages: [...toModelMessages(prompt.history.map((m) => ({ role: m.role, parts: (m.parts ?? []) as MessagePart[], status: m.status }))), { role: "user", content: prompt.userContent }],
    tools,
    // A step that ended on its own ("stop") is the answer's end, even if its edit blocks became tool calls.
    stopWhen: [stepCountIs(MAX_STEPS), ({ steps: done }) => done.at(-1)?.finishReason === "stop"],
    maxOutputTokens,
    // A retry loop would hide 429s and double-bill; the user sees the error and decides.
    maxRetries: 0,
    abortSignal: abort.signal,
    providerOptions: {
      [endpoint.name]: {
        ...(model.reasoning ? { reasoningEffort: "low" } : {}),
        // Rewrites in the answer text (content channel) can use the current file as the prediction.
        ...((request.intent === "inline-edit" || editChannel === "content") && model.predictedOutputs && prompt.activeFileContent !== null
          ? { prediction: { type: "content", content: prompt.activeFileContent } }
          : {}),
      },
    },
    onChunk: ({ chunk }) => {
      switch (chunk.type) {
        case "text-delta":
        case "reasoning-delta":
          recorder.record({ type: chunk.type, text: chunk.text });
          break;
        case "tool-input-start":
          recorder.record({ type: "tool-input-start", id: chunk.id, toolName: chunk.toolName });
          arrivals.start(chunk.id, chunk.toolName, isContentCall(chunk.id) ? "content" : "tool");
          break;
        case "tool-input-delta":
          recorder.record({ type: "tool-input-delta", id: chunk.id, delta: chunk.delta });
          arrivals.delta(chunk.id, chunk.delta, Date.now());
          break;
        case "tool-call":
          recorder.record({ type: "tool-call", toolCallId: chunk.toolCallId, toolName: chunk.toolName, input: chunk.input });
          break;
        case "tool-result":
          recorder.record({ type: "tool-result", toolCallId: chunk.toolCallId, output: chunk.output });
          break;
      }
    },
    onStepFinish: (step) => {
      steps += 1;
      for (const part of step.content) {
        if (part.type === "tool-error") recorder.record({ type: "tool-error", toolCallId: part.toolCallId, error: part.error });
      }
      providerMetadata = step.providerMetadata ?? providerMetadata;
      recorder.stepFinished();
    },
    onError: ({ error }) => {
      turnError = toChatError(error, { midStream: recorder.firstTokenAt !== null });
      if (turnError.status >= 500 && turnError.type !== "upstream" && turnError.type !== "offline") console.error("[chat]", error);
    },
    onFinish: (event) => {
      usage = event.totalUsage;
      // Cut short by a limit is not complete: stored as failed, with the limit named.
      if (event.finishReason === "length") {
        turnError ??= new AppError("upstream:model", { message: `The answer reached the ${maxOutputTokens}-token output limit and was cut off. What arrived is saved.` });
      } else if (event.finishReason === "tool-calls" && steps >= MAX_STEPS) {
        turnError ??= new AppError("upstream:model", { message: `The model used all ${MAX_STEPS} tool steps of one turn without finishing its answer. What it did is saved; ask it to go on.` });
      }
      settle(event.finishReason === "error" ? "failed" : "complete").catch(logSaveFailure);
    },
    onAbort: () => {
      settle("stopped").catch(logSaveFailure);
    },
  });

  // Bounded in wall-clock time and in silence: a stalled model must not hold the turn (and its
  // stored outcome) open forever. Either limit ends the turn as failed, with what arrived saved.
  const { CHAT_TURN_TIMEOUT_S, CHAT_IDLE_TIMEOUT_S } = env();
  const fail = (message: string) => {
    turnError ??= new AppError("upstream:model", { message });
    abort.abort(turnError);
  };
  const turnTimer = setTimeout(
    () => fail(`The answer took longer than ${CHAT_TURN_TIMEOUT_S} s, the limit for one turn. What arrived is saved.`),
    CHAT_TURN_TIMEOUT_S * 1000,
  );
  const idleTimer = setInterval(
    () => {
      if (Date.now() - (clock.lastByteAt ?? requestStartedAt) > CHAT_IDLE_TIMEOUT_S * 1000) {
        fail(`The model sent nothing for ${CHAT_IDLE_TIMEOUT_S} s, so the turn was ended. What arrived is saved.`);
      }
    },
    Math.min(1000, (CHAT_IDLE_TIMEOUT_S * 1000) / 4),
  );
  const stopTimers = () => {
    clearTimeout(turnTimer);
    clearInterval(idleTimer);
  };

  const stream = createUIMessageStream<WaferUIMessage>({
    execute: async ({ writer: w }) => {
      writer = w;
      try {
        send({ type: "data-context", data: prompt.report });
        const ui = result.toUIMessageStream<WaferUIMessage>({
          sendReasoning: true,
          sendFinish: false,
          generateMessageId: () => assistantId,
          messageMetadata: ({ part }) => (part.type === "start" ? { model: model.id, userMessageId: target.userMessageId } : undefined),
          onError: (error) => (turnError ?? toChatError(error, { midStream: recorder.firstTokenAt !== null })).toBody().message,
        });
        try {
          for await (const chunk of ui) send(chunk);
        } catch (error) {
          // A body that breaks mid-read (a reset connection) is thrown here rather than reported
          // through onError; the turn still ends stored, as failed, with what arrived.
          turnError ??= toChatError(error, { midStream: recorder.firstTokenAt !== null });
          send({ type: "error", errorText: turnError.toBody().message });
        }
        stopTimers();
        const outcome = await settle(abort.signal.aborted ? "stopped" : "complete");
        const timing: UpstreamTiming = { requestStartedAt, firstByteAt: clock.firstByteAt, lastByteAt: clock.lastByteAt };
        send({ type: "data-metrics", data: outcome.metrics });
        send({ type: "data-timing", data: timing });
        send({ type: "data-saved", data: { messageId: assistantId, status: outcome.status, error: outcome.error } });
        send({ type: "finish" });
      } finally {
        stopTimers();
        void live.close();
      }
    },
    onError: (error) => toChatError(error, { midStream: true }).toBody().message,
  });

  // Cancelling the response (the browser's Stop, or a closed tab) aborts the model call too.
  const reader = stream.getReader();
  const body = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      clientGone = true;
      abort.abort(reason);
      return reader.cancel(reason);
    },
  });
  return createUIMessageStreamResponse({ stream: body, headers: STREAM_HEADERS });
}
