import "server-only";

import { stepCountIs, streamText, type LanguageModelUsage, type ToolSet } from "ai";

import type { EditChannel } from "@/lib/chat/contract";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

import type { ModelCapabilities } from "./catalog";
import { CONTENT_CALL_PREFIX, isContentCall } from "./content-channel";
import { toChatError } from "./errors";
import { historyWire } from "./history-prompt";
import { turnModel, type ByteClock, type ModelEndpoint } from "./provider";
import { logSaveFailure, type TurnOutcome } from "./turn-outcome";
import type { PackedPrompt } from "./turn-prompt";
import type { CallMeter, CallUsage } from "@/lib/usage/meter";

const MAX_STEPS = 8;
/** Offered to the model only on the tool channel; on the content channel its edit blocks call them. */
const CONTENT_EDIT_TOOLS = ["apply_patch", "write_file"] as const;

export type TurnStream = ReturnType<typeof streamText<ToolSet>>;

/**
 * The model call of one turn. Finished, cut off and stopped calls settle the outcome here, which
 * stores the assistant message; a failure (a provider error, a limit's abort) is put on
 * `outcome.error`, and the response settles it once the stream has drained (turn-response.ts).
 */
export function callModel({
  endpoint,
  model,
  clock,
  userMessageStored,
  editChannel,
  prediction,
  assistantId,
  prompt,
  tools,
  abortSignal,
  outcome,
  meter,
  requestSent,
}: {
  endpoint: ModelEndpoint;
  model: ModelCapabilities;
  clock: ByteClock;
  userMessageStored: Promise<void>;
  editChannel: EditChannel;
  /** Send the active file as `prediction` (lib/ai/edit-route decides). */
  prediction: boolean;
  assistantId: string;
  prompt: PackedPrompt;
  tools: ToolSet | undefined;
  abortSignal: AbortSignal;
  outcome: TurnOutcome;
  /** Reserves each model call against the budget and writes its ledger row. */
  meter: CallMeter;
  /** See TurnModelOptions.requestSent (./provider). */
  requestSent?: () => void;
}): TurnStream {
  const { recorder, arrivals } = outcome;
  const { maxOutputTokens } = prompt;
  const history = historyWire(prompt.history);
  // Read by the first model call; marked handled now so a failure before then is not unhandled.
  history.catch(() => {});
  return streamText({
    model: turnModel(endpoint, model.id, clock, {
      before: userMessageStored,
      contentChannel: editChannel === "content" ? { hiddenTools: CONTENT_EDIT_TOOLS, callPrefix: `${CONTENT_CALL_PREFIX}${assistantId}-` } : undefined,
      calls: meter,
      predictionRefused: (confirmed) => outcome.predictionRefused(confirmed),
      history,
      composed: [{ text: prompt.userContent, pieces: prompt.userContentPieces }],
      requestSent,
    }),
    system: prompt.system,
    // The history joins each call's body as wire JSON (./history-prompt), after the system prompt.
    messages: [{ role: "user", content: prompt.userContent }],
    tools,
    // A step that ended on its own ("stop") is the answer's end, even if its edit blocks became tool calls.
    stopWhen: [stepCountIs(MAX_STEPS), ({ steps: done }) => done.at(-1)?.finishReason === "stop"],
    maxOutputTokens,
    // A retry loop would hide 429s and double-bill; the user sees the error and decides.
    maxRetries: 0,
    abortSignal,
    providerOptions: {
      [endpoint.name]: {
        ...(model.reasoning ? { reasoningEffort: "low" } : {}),
        ...(prediction && prompt.activeFileContent !== null
          ? { prediction: { type: "content", content: prompt.activeFileContent } }
          : {}),
      },
    },
    onChunk: ({ chunk }) => {
      switch (chunk.type) {
        case "text-delta":
        case "reasoning-delta":
          recorder.record({ type: chunk.type, text: chunk.text });
          meter.observe(chunk.text);
          break;
        case "tool-input-start":
          recorder.record({ type: "tool-input-start", id: chunk.id, toolName: chunk.toolName });
          arrivals.start(chunk.id, chunk.toolName, isContentCall(chunk.id) ? "content" : "tool");
          break;
        case "tool-input-delta":
          recorder.record({ type: "tool-input-delta", id: chunk.id, delta: chunk.delta });
          arrivals.delta(chunk.id, chunk.delta, Date.now());
          meter.observe(chunk.delta);
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
      outcome.steps += 1;
      for (const part of step.content) {
        if (part.type === "tool-error") recorder.record({ type: "tool-error", toolCallId: part.toolCallId, error: part.error });
      }
      outcome.providerMetadata = step.providerMetadata ?? outcome.providerMetadata;
      recorder.stepFinished();
      meter.end("complete", stepUsage(step.usage, step.providerMetadata?.[endpoint.name]));
    },
    onError: ({ error }) => {
      outcome.error = toChatError(error, { midStream: outcome.started });
      if (outcome.error.status >= 500 && outcome.error.type !== "upstream" && outcome.error.type !== "offline") console.error("[chat]", error);
    },
    onFinish: (event) => {
      outcome.usage = event.totalUsage;
      // Cut short by a limit is not complete: stored as failed, with the limit named.
      if (event.finishReason === "length") {
        outcome.error ??= new AppError("upstream:model", { message: `The answer reached the ${maxOutputTokens}-token output limit and was cut off. What arrived is saved.` });
      } else if (event.finishReason === "tool-calls" && outcome.steps >= MAX_STEPS) {
        outcome.error ??= new AppError("upstream:model", { message: `The model used all ${MAX_STEPS} tool steps of one turn without finishing its answer. What it did is saved; ask it to go on.` });
      }
      outcome.settle(event.finishReason === "error" ? "failed" : "complete").catch(logSaveFailure);
    },
    onAbort: () => {
      outcome.settle("stopped").catch(logSaveFailure);
    },
  });
}

/** A step's usage as the provider reported it, for the ledger. */
function stepUsage(usage: LanguageModelUsage, meta: Record<string, unknown> | undefined): CallUsage {
  const count = (v: unknown) => (typeof v === "number" ? v : undefined);
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedTokens: usage.inputTokenDetails?.cacheReadTokens,
    reasoningTokens: usage.outputTokenDetails?.reasoningTokens,
    acceptedPredictionTokens: count(meta?.acceptedPredictionTokens),
    rejectedPredictionTokens: count(meta?.rejectedPredictionTokens),
  };
}

/**
 * Bounds the turn in wall-clock time and in silence: a stalled model must not hold the turn (and its
 * stored outcome) open forever. Either limit ends the turn as failed, with what arrived saved.
 * Returns the function that clears both timers.
 */
export function limitTurn({ clock, requestStartedAt, outcome, abort }: { clock: ByteClock; requestStartedAt: number; outcome: TurnOutcome; abort: AbortController }): () => void {
  const { CHAT_TURN_TIMEOUT_S, CHAT_IDLE_TIMEOUT_S } = env();
  const fail = (message: string) => {
    outcome.error ??= new AppError("upstream:model", { message });
    abort.abort(outcome.error);
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
  return () => {
    clearTimeout(turnTimer);
    clearInterval(idleTimer);
  };
}
