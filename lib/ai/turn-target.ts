import "server-only";

import { deleteMessagesFromId, getTurnStateBySessionId, type TurnHistoryMessage, type TurnState } from "@/db/queries/sessions";
import type { ParsedChatRequest } from "@/lib/chat/contract";
import { messageText } from "@/lib/chat/history";
import type { MessagePart } from "@/lib/chat/messages";
import { AppError } from "@/lib/errors";

import { HISTORY_READ_BUDGET_TOKENS } from "./context";
import { fillTurnState, heldForTurn, rememberTurnState } from "./turn-cache";

export interface TurnTarget {
  userMessageId: string;
  text: string;
  history: TurnHistoryMessage[];
  isNewMessage: boolean;
}

/** The files whose content the prompt may quote: the turn's one read fetches only these. */
export function turnContentPaths(ctx: ParsedChatRequest["context"]): string[] {
  return [...new Set([ctx.activeFile, ctx.selection?.path, ...ctx.mentions, ...ctx.openFiles].filter((p): p is string => Boolean(p)))];
}

/**
 * The turn's one read. History older than any model's window is left unread; edits and regenerates
 * (and a resend of an id older than that) read all of it, since they address messages by id. What
 * this instance already holds (old messages' parts, unchanged files) is not read again; a miss
 * costs a second, full read.
 */
export async function loadTurnState(request: ParsedChatRequest, userId: string, sessionGeneration: number, contentPaths: string[]): Promise<TurnState | null> {
  const { sessionId } = request;
  const resent = request.message?.id;
  let budget: number | null = request.regenerateMessageId || request.replaceFromMessageId ? null : HISTORY_READ_BUDGET_TOKENS;
  const { history: heldHistory, ...held } = heldForTurn(sessionId, userId, contentPaths);
  const read = (useHeld: boolean) => getTurnStateBySessionId({ sessionId, userId, sessionGeneration, contentPaths, historyTokenBudget: budget, ...(useHeld ? held : {}) });
  let state = await read(true);
  if (state && !fillTurnState(state, budget, contentPaths, heldHistory)) state = await read(false);
  if (state && budget !== null && state.history.some((m) => m.id === resent && m.parts === null)) {
    budget = null;
    state = await read(false);
  }
  if (state) rememberTurnState(state, userId, contentPaths);
  return state;
}

/** Works out which user message this turn answers and what history precedes it; deletes what it replaces. */
export async function resolveTarget(request: ParsedChatRequest, state: TurnState): Promise<TurnTarget> {
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
