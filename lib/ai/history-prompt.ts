import { randomBytes } from "node:crypto";

import { convertToOpenAICompatibleChatMessages } from "@ai-sdk/openai-compatible/internal";
import { InvalidPromptError, modelMessageSchema, type LanguageModelMiddleware, type ModelMessage } from "ai";
import { convertToLanguageModelPrompt } from "ai/internal";
import { z } from "zod";

import type { TurnHistoryMessage } from "@/db/queries/sessions";
import { toModelMessages } from "@/lib/chat/history";
import type { MessagePart } from "@/lib/chat/messages";

import type { Fragment } from "./request-body";

type CallOptions = Parameters<NonNullable<LanguageModelMiddleware["transformParams"]>>[0]["params"];
/** A message as the provider receives it (the AI SDK's LanguageModelV3Message). */
export type PromptMessage = CallOptions["prompt"][number];

/**
 * streamText's validation of its messages (standardizePrompt's schema and error) with one schema
 * for the process: the SDK builds `z.array(modelMessageSchema)` on every call, and zod walks a new
 * schema's whole tree for cycles on its first parses, about 0.2 ms a message converted here.
 */
const messagesSchema = z.array(modelMessageSchema);
async function validated(messages: ModelMessage[]): Promise<ModelMessage[]> {
  const result = await messagesSchema.safeParseAsync(messages);
  if (!result.success) throw new InvalidPromptError({ prompt: messages, message: "The messages do not match the ModelMessage[] schema.", cause: result.error });
  return result.data;
}

/**
 * One stored message as the provider receives it, validated and converted as streamText does.
 * Per-message conversion gives the SDK's result exactly: each stored message's tool calls carry
 * their results within it, so nothing the SDK combines across messages (consecutive tool messages,
 * unanswered calls) spans two of them.
 */
async function convertOne(message: TurnHistoryMessage): Promise<PromptMessage[]> {
  const messages = toModelMessages([{ role: message.role, parts: (message.parts ?? []) as MessagePart[], status: message.status }]);
  if (messages.length === 0) return [];
  return convertToLanguageModelPrompt({ prompt: { messages: await validated(messages) }, supportedUrls: {}, download: undefined });
}

/**
 * The history in the provider's wire format as JSON: each stored message's chat messages, as the
 * provider converts them, serialized once per instance and joined by commas, ready to be spliced into
 * the request's `messages` array where `HISTORY_MARKER` stands (lib/ai/provider). Memoised per
 * instance by id, seq and status (a stored message never changes; one stored again gets a new seq),
 * so a long session pays for its newest messages only: validating, converting and serializing ~400
 * messages on every call was a 200-turn session's largest cost after the read. The bytes are the
 * provider's own conversion's, so the body is what it would have sent. A miss only costs the
 * conversion, so no other instance needs this memory. Null when the history converts to no messages.
 */
export async function historyWire(history: readonly TurnHistoryMessage[]): Promise<Fragment | null> {
  // Held rows are the same objects turn after turn (./turn-cache), so a hit is one WeakMap lookup and
  // a long session's turn awaits only its new messages' conversion.
  const wires: (Fragment | undefined)[] = history.map((message) => byRow.get(message));
  for (let i = 0; i < history.length; i++) wires[i] ??= await wireOne(history[i]!);
  const parts: Buffer[] = [];
  let chars = 0;
  for (const wire of wires) {
    if (wire!.json.length === 0) continue;
    if (parts.length > 0) {
      parts.push(COMMA);
      chars += 1;
    }
    parts.push(wire!.json);
    chars += wire!.chars;
  }
  return parts.length === 0 ? null : { json: Buffer.concat(parts), chars };
}

/** Per process, never sent: the one user message that stands for the history until the body is spliced. */
export const HISTORY_MARKER = `\u0000wafer-history:${randomBytes(6).toString("hex")}\u0000`;
export const historyMarkerMessage: PromptMessage = { role: "user", content: [{ type: "text", text: HISTORY_MARKER }] };

/** The provider's wire `messages` with the marker's message turned into the marker string, which `deferLargeStrings` splices. */
export function markHistory(messages: readonly unknown[]): unknown[] {
  return messages.map((m) => (typeof m === "object" && m !== null && (m as { content?: unknown }).content === HISTORY_MARKER ? HISTORY_MARKER : m));
}

const COMMA = Buffer.from(",");
const MAX_WIRE_BYTES = 64 * 1024 * 1024;
const wireMemo = new Map<string, Fragment>();
let wireBytes = 0;
/** The same fragments by row object: no key to build and hash per message. */
let byRow = new WeakMap<TurnHistoryMessage, Fragment>();

async function wireOne(message: TurnHistoryMessage): Promise<Fragment> {
  const key = `${message.id}:${message.seq}:${message.status}`;
  const hit = wireMemo.get(key);
  if (hit) {
    if (Object.isFrozen(message)) byRow.set(message, hit);
    return hit;
  }
  const json = convertToOpenAICompatibleChatMessages(await convertOne(message))
    .map((m) => JSON.stringify(m))
    .join(",");
  const wire = { json: Buffer.from(json, "utf8"), chars: json.length };
  wireMemo.set(key, wire);
  if (Object.isFrozen(message)) byRow.set(message, wire);
  wireBytes += wire.json.length;
  for (const [oldest, entry] of wireMemo) {
    if (wireBytes <= MAX_WIRE_BYTES) break;
    wireMemo.delete(oldest);
    wireBytes -= entry.json.length;
  }
  return wire;
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
  wireMemo.clear();
  wireBytes = 0;
  byRow = new WeakMap();
}
