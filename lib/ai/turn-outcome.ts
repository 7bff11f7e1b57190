import "server-only";

import type { LanguageModelUsage, ProviderMetadata } from "ai";

import { markPredictionWithToolsRefused, upsertModelStreamVerdict } from "@/db/queries/model-streams";
import { insertAssistantMessage, insertUserMessage, type StoredUserMessage, type TurnState, type UserMessageRow } from "@/db/queries/sessions";
import { DEFAULT_SESSION_TITLE, type EditChannel, type EditChannelReason, type ParsedChatRequest } from "@/lib/chat/contract";
import type { MessageContextChips, MessageError, MessageStatus, TurnMetrics } from "@/lib/chat/messages";
import type { EditProposal } from "@/lib/chat/proposals";
import { AppError } from "@/lib/errors";

import type { ToolStreamVerdict } from "@/db/enums";
import { MESSAGE_OVERHEAD_TOKENS } from "./context";
import { toChatError } from "./errors";
import type { TimeInfo } from "./provider";
import { TurnRecorder } from "./recorder";
import { countTokens } from "./tokens";
import { ASSUMED_PREDICTION_SPEEDUP, predictionSavedMs, ToolArrivalLog, verdictOf } from "./tool-arrival";
import type { TurnTarget } from "./turn-target";
import type { CallMeter } from "@/lib/usage/meter";

interface SettledTurn {
  status: MessageStatus;
  error: MessageError | null;
  metrics: TurnMetrics;
}

/** The stream reports the failure to the client; the server log keeps the cause. */
export function logSaveFailure(error: unknown): void {
  console.error("[internal:database] saving the assistant message failed:", error);
}

/** The turn's question as its row. */
export function userMessageRow(state: TurnState, target: TurnTarget, ctx: ParsedChatRequest["context"], userId: string): UserMessageRow {
  const chips: MessageContextChips = {
    ...(ctx.activeFile ? { activeFile: ctx.activeFile } : {}),
    ...(ctx.selection ? { selection: ctx.selection } : {}),
    mentions: ctx.mentions,
  };
  return {
    id: target.userMessageId,
    sessionId: state.sessionId,
    parts: [{ type: "text", text: target.text }],
    tokenCount: countTokens(target.text) + MESSAGE_OVERHEAD_TOKENS,
    createdBy: userId,
    meta: { context: chips },
  };
}

/** Not inserted: the same id arrived twice at once and the other request is answering it. */
export function requireInserted(stored: StoredUserMessage, state: TurnState): void {
  if (stored?.inserted) return;
  throw new AppError("conflict:chat", {
    message: stored?.sessionId === state.sessionId ? "That message was already sent; its answer is in this session." : "That message id is already used.",
  });
}

export async function storeUserMessage(state: TurnState, target: TurnTarget, ctx: ParsedChatRequest["context"], userId: string): Promise<void> {
  requireInserted(await insertUserMessage(userMessageRow(state, target, ctx, userId)), state);
}

/**
 * What one turn produced, gathered while it streams (parts, tool arrivals, proposals, usage, the
 * error that ends it) and stored once, as the assistant message, however the turn ends.
 */
export class TurnOutcome {
  readonly recorder = new TurnRecorder();
  readonly arrivals: ToolArrivalLog;
  readonly proposals: EditProposal[] = [];
  usage: LanguageModelUsage | undefined;
  providerMetadata: ProviderMetadata | undefined;
  steps = 0;
  /** The server refused the prediction with tools and the call went again without it (lib/ai/provider). */
  predictionDropped = false;
  /** Set by whatever ends the turn early; the first cause is the one stored, except as noted where set. */
  error: AppError | null = null;
  private settled: Promise<SettledTurn> | null = null;

  constructor(
    private readonly turn: {
      state: TurnState;
      target: TurnTarget;
      modelId: string;
      endpointName: string;
      editChannel: EditChannel;
      editChannelReason: EditChannelReason;
      knownVerdict: ToolStreamVerdict | null;
      assistantId: string;
      requestStartedAt: number;
      userMessageStored: Promise<void>;
      /** Settles the budget and writes the ledger rows of the turn's model calls. */
      meter: CallMeter;
    },
  ) {
    this.arrivals = new ToolArrivalLog(turn.requestStartedAt);
  }

  /** Whether any answer text or tool input has arrived (a failure after it is a mid-stream failure). */
  get started(): boolean {
    return this.recorder.firstTokenAt !== null;
  }

  /**
   * The server refused `prediction` with `tools` and served the same call without it: stored for the
   * model, so the next turn on any instance routes without it (written only when that is news).
   */
  async predictionRefused(confirmed: boolean): Promise<void> {
    this.predictionDropped = true;
    if (!confirmed) return;
    await markPredictionWithToolsRefused(this.turn.modelId).catch((error: unknown) => console.error("[internal:database] storing the model's prediction refusal failed:", error));
  }

  /** Stores the assistant message once; later calls get the same result. */
  settle(status: MessageStatus): Promise<SettledTurn> {
    this.settled ??= this.store(status);
    return this.settled;
  }

  private async store(status: MessageStatus): Promise<SettledTurn> {
    const { state, target, modelId, knownVerdict, assistantId, userMessageStored } = this.turn;
    // An answer is only stored next to its question; if that write failed, the turn failed with it.
    const questionStored = await userMessageStored.then(
      () => true,
      (error: unknown) => {
        // The model call failed because it waited on this write: the write's error is the cause.
        this.error = toChatError(error, { midStream: false });
        return false;
      },
    );
    const turnError = this.error;
    const finalStatus: MessageStatus = turnError ? "failed" : status;
    const error: MessageError | null = turnError
      ? { code: turnError.code, message: turnError.toBody().message, ...(turnError.retryAfterSeconds !== undefined ? { retryAfterSeconds: turnError.retryAfterSeconds } : {}) }
      : null;
    // The verdict is shared by every instance through the database; written only when it changes.
    const observed = verdictOf(this.arrivals.list());
    if (observed && observed.verdict !== knownVerdict) {
      await upsertModelStreamVerdict({ model: modelId, ...observed }).catch((error: unknown) => console.error("[internal:database] storing the model's stream verdict failed:", error));
    }
    const metrics = this.metrics(observed?.verdict ?? knownVerdict);
    const parts = this.recorder.finish();
    // A call still open ended with the turn: stopped, or failed. Its reservation must be released
    // even if storing the answer fails, so this runs beside that write and never throws into it.
    const metered = this.turn.meter.close(finalStatus).catch((e: unknown) => console.error("[internal:database] settling the turn's budget failed:", e));
    if (!questionStored) {
      await metered;
      return { status: finalStatus, error, metrics };
    }
    await Promise.all([metered, insertAssistantMessage({
      id: assistantId,
      sessionId: state.sessionId,
      parts,
      status: finalStatus,
      model: modelId,
      meta: { metrics, ...(error ? { error } : {}) },
      proposals: this.proposals.length ? this.proposals : null,
      tokenCount: (metrics.outputTokens ?? 0) + MESSAGE_OVERHEAD_TOKENS,
      title: state.sessionTitle === DEFAULT_SESSION_TITLE ? target.text.split("\n")[0]!.slice(0, 80) : null,
    })]);
    return { status: finalStatus, error, metrics };
  }

  private metrics(toolStream: TurnMetrics["toolStream"]): TurnMetrics {
    const { recorder, usage } = this;
    const { requestStartedAt, endpointName, editChannel, editChannelReason } = this.turn;
    const generationMs = recorder.firstTokenAt !== null && recorder.lastTokenAt !== null ? recorder.lastTokenAt - recorder.firstTokenAt : null;
    // A stopped turn has no usage from the provider; count what was received instead.
    const outputTokens = usage?.outputTokens || recorder.generatedTokens(countTokens);
    const meta = (this.providerMetadata?.[endpointName] ?? {}) as { timeInfo?: TimeInfo; acceptedPredictionTokens?: number; rejectedPredictionTokens?: number };
    return {
      ttftMs: recorder.firstTokenAt !== null ? recorder.firstTokenAt - requestStartedAt : null,
      tokensPerSecond: tokensPerSecond(outputTokens, generationMs, meta.timeInfo?.completionTime),
      inputTokens: usage?.inputTokens ?? null,
      outputTokens,
      reasoningTokens: usage?.outputTokenDetails?.reasoningTokens ?? null,
      generationMs,
      timeInfo: meta.timeInfo ?? null,
      acceptedPredictionTokens: meta.acceptedPredictionTokens ?? null,
      rejectedPredictionTokens: meta.rejectedPredictionTokens ?? null,
      predictionSavedMs: predictionSavedMs({ generationMs, outputTokens, accepted: meta.acceptedPredictionTokens ?? null, speedup: ASSUMED_PREDICTION_SPEEDUP }),
      steps: this.steps,
      toolCalls: this.arrivals.list(),
      editChannel,
      editChannelReason,
      ...(this.predictionDropped ? { predictionRefused: true } : {}),
      toolStream,
    };
  }
}

/**
 * Output over generation time as received; a short answer that arrived in one read has no span of
 * its own, so the provider's own completion time (Cerebras's time_info) stands in.
 */
export function tokensPerSecond(outputTokens: number, generationMs: number | null, completionSeconds: number | undefined): number | null {
  if (generationMs && generationMs > 0) return Math.round((outputTokens / generationMs) * 1000);
  if (completionSeconds && completionSeconds > 0) return Math.round(outputTokens / completionSeconds);
  return null;
}
