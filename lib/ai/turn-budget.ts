import "server-only";

import type { KeySource } from "@/db/enums";
import { deleteMessagesFromId, type TurnState } from "@/db/queries/sessions";
import type { ParsedChatRequest } from "@/lib/chat/contract";
import type { Entitlements } from "@/lib/plans/entitlements";
import { CallMeter } from "@/lib/usage/meter";

import type { PackedPrompt } from "./turn-prompt";
import type { TurnTarget } from "./turn-target";

/**
 * The turn's meter, with its first model call's tokens already held: a workspace past its budget is
 * refused (429 `rate_limit:budget`, with when it resets) before anything streams. The reservation
 * runs beside the user message's insert, so it adds no round trip before the model call; when it is
 * refused, the message just stored is taken back, since no answer will follow it.
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
  userMessageStored,
}: {
  state: TurnState;
  entitlements: Entitlements;
  userId: string;
  request: ParsedChatRequest;
  target: TurnTarget;
  prompt: PackedPrompt;
  modelId: string;
  keySource: KeySource;
  userMessageStored: Promise<void>;
}): Promise<CallMeter> {
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
  try {
    await meter.begin(prompt.report.used);
  } catch (refused) {
    // Its own failure (a conflict) is reported by nobody else, but the refusal is the answer here.
    const stored = await userMessageStored.then(
      () => target.isNewMessage,
      () => false,
    );
    if (stored) await deleteMessagesFromId({ sessionId: state.sessionId, messageId: target.userMessageId });
    throw refused;
  }
  return meter;
}
