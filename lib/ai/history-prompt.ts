import type { LanguageModelMiddleware } from "ai";
import { convertToLanguageModelPrompt, standardizePrompt } from "ai/internal";

import type { TurnHistoryMessage } from "@/db/queries/sessions";
import { toModelMessages } from "@/lib/chat/history";
import type { MessagePart } from "@/lib/chat/messages";

type CallOptions = Parameters<NonNullable<LanguageModelMiddleware["transformParams"]>>[0]["params"];
/** A message as the provider receives it (the AI SDK's LanguageModelV3Message). */
export type PromptMessage = CallOptions["prompt"][number];

/**
 * The turn's history as the provider receives it, validated and converted by the AI SDK's own
 * functions one stored message at a time and memoised per instance by id, seq and status (a stored
 * message never changes; one stored again gets a new seq). Handing streamText the whole history made
 * it validate and convert ~400 messages on every call of every turn (~6 ms in a 200-turn session);
 * a long session now pays for its newest messages only. Per-message conversion gives the SDK's
 * result exactly: each stored message's tool calls carry their results within it, so nothing the
 * SDK combines across messages (consecutive tool messages, unanswered calls) spans two of them.
 * A miss only costs the conversion, so no other instance needs this memory.
 */
const MAX_ENTRIES = 20_000;
const memo = new Map<string, readonly PromptMessage[]>();

async function convertOne(message: TurnHistoryMessage): Promise<readonly PromptMessage[]> {
  const key = `${message.id}:${message.seq}:${message.status}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const messages = toModelMessages([{ role: message.role, parts: (message.parts ?? []) as MessagePart[], status: message.status }]);
  let converted: readonly PromptMessage[] = [];
  if (messages.length > 0) {
    // The same validation (InvalidPromptError on a malformed message) and conversion streamText runs.
    const prompt = await standardizePrompt({ messages });
    converted = Object.freeze(await convertToLanguageModelPrompt({ prompt, supportedUrls: {}, download: undefined }));
  }
  memo.set(key, converted);
  if (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value as string);
  return converted;
}

/** The provider-ready history, oldest first. Its arrays are shared: never mutate them. */
export async function historyPrompt(history: readonly TurnHistoryMessage[]): Promise<PromptMessage[]> {
  const out: PromptMessage[] = [];
  for (const message of history) out.push(...(await convertOne(message)));
  return out;
}

/** `prompt` (system messages first, as streamText builds it) with `history` after its system messages. */
export function withHistory(prompt: CallOptions["prompt"], history: readonly PromptMessage[]): CallOptions["prompt"] {
  if (history.length === 0) return prompt;
  let at = 0;
  while (at < prompt.length && prompt[at]!.role === "system") at++;
  return [...prompt.slice(0, at), ...history, ...prompt.slice(at)];
}

/** Tests start from an empty memory. */
export function clearHistoryPrompt(): void {
  memo.clear();
}
