import "server-only";

import type { KeySource } from "@/db/enums";
import { insertUserMessageIfReserved, type StoredUserMessage, type TurnState } from "@/db/queries/sessions";
import type { ParsedChatRequest } from "@/lib/chat/contract";
import type { Entitlements } from "@/lib/plans/entitlements";
import { CallMeter } from "@/lib/usage/meter";

import { requireInserted, storeUserMessage, userMessageRow } from "./turn-outcome";
import type { PackedPrompt } from "./turn-prompt";
import type { TurnTarget } from "./turn-target";

/**
 * The turn's meter, with its first model call's tokens being held, and its question being stored.
 * Nothing here is awaited: the statement runs while the caller sets up the model call, whose HTTP
 * request waits on `userMessageStored` (lib/ai/provider `before`), so a refused turn never reaches
 * the model. `reserved` rejects with `rate_limit:budget` (with when it resets) when the workspace is
 * past its budget, and then nothing was stored; the caller awaits it before answering. When both are
 * needed they are ONE statement (the question is inserted only if the reservation fits); otherwise
 * the question's insert runs beside the reservation. `userMessageStored` settles after `reserved`
 * and rejects with its error, or with `conflict:chat` when the question's id was already stored.
 */
export function meterTurn({
  state,
  entitlements,
  userId,
  request,
  target,
  prompt,
  modelId,
  keySource,
}: {
  state: TurnState;
  entitlements: Entitlements;
  userId: string;
  request: ParsedChatRequest;
  target: TurnTarget;
  prompt: PackedPrompt;
  modelId: string;
  keySource: KeySource;
}): { meter: CallMeter; reserved: Promise<void>; userMessageStored: Promise<void> } {
  const meter = new CallMeter({
    workspaceId: state.workspaceId,
    userId,
    sessionId: state.sessionId,
    kind: request.intent === "inline-edit" ? "inline_edit" : "chat_step",
    model: modelId,
    keySource,
    monthlyTokenBudget: entitlements.monthlyTokenBudget,
    maxOutputTokens: prompt.maxOutputTokens,
  });
  let reserved: Promise<void>;
  let userMessageStored: Promise<void>;
  if (target.isNewMessage && keySource === "wafer") {
    let stored: StoredUserMessage = null;
    reserved = meter.begin(prompt.report.used, 0, async (bucket) => {
      const written = await insertUserMessageIfReserved(userMessageRow(state, target, request.context, userId), bucket);
      stored = written.stored;
      return written.budgetUsed;
    });
    userMessageStored = reserved.then(() => requireInserted(stored, state));
  } else {
    // A regenerated answer's question is stored already; a workspace's own key holds no Wafer budget.
    const question = target.isNewMessage ? storeUserMessage(state, target, request.context, userId) : Promise.resolve();
    question.catch(() => {});
    reserved = meter.begin(prompt.report.used);
    userMessageStored = reserved.then(() => question);
  }
  // Read later (by the caller, the provider's fetch and the outcome); handled now so neither goes unhandled.
  reserved.catch(() => {});
  userMessageStored.catch(() => {});
  return { meter, reserved, userMessageStored };
}
