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
 * The turn's meter, with its first model call's tokens already held, and its question stored: a
 * workspace past its budget is refused (429 `rate_limit:budget`, with when it resets) before anything
 * streams, and then nothing is stored. When both are needed they are ONE statement (the question is
 * inserted only if the reservation fits); otherwise the question's insert runs beside the reservation.
 * `userMessageStored` rejects (`conflict:chat`) when the question's id was already stored.
 */
export async function meterTurn({
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
}): Promise<{ meter: CallMeter; userMessageStored: Promise<void> }> {
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
  if (target.isNewMessage && keySource === "wafer") {
    let stored: StoredUserMessage = null;
    await meter.begin(prompt.report.used, 0, async (bucket) => {
      const written = await insertUserMessageIfReserved(userMessageRow(state, target, request.context, userId), bucket);
      stored = written.stored;
      return written.budgetUsed;
    });
    const userMessageStored = Promise.resolve().then(() => requireInserted(stored, state));
    // Read later (by the provider's fetch and the outcome); handled now so it never goes unhandled.
    userMessageStored.catch(() => {});
    return { meter, userMessageStored };
  }
  // A regenerated answer's question is stored already; a workspace's own key holds no Wafer budget.
  const userMessageStored = target.isNewMessage ? storeUserMessage(state, target, request.context, userId) : Promise.resolve();
  userMessageStored.catch(() => {});
  await meter.begin(prompt.report.used);
  return { meter, userMessageStored };
}
