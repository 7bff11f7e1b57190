import { countTokens as countO200k, decode, encode } from "gpt-tokenizer/encoding/o200k_base";

import type { ChatMessage, ChatRequest } from "./schema";

/** One streamed piece of text and how many model tokens it stands for (>1 when a character spans several byte tokens, e.g. emoji). */
export interface TokenPiece {
  readonly text: string;
  readonly tokens: number;
}

/** Loading the o200k tables costs most of a second; servers call this at start so the first request doesn't pay it. */
export function warmTokenizer(): void {
  countO200k("warm up");
}

/** Special-token text in user code ("<|endoftext|>") is plain text, never a control token. */
const PLAIN = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() } as const;

function splitUncached(text: string): TokenPiece[] {
  const ids = encode(text, PLAIN);
  const pieces: TokenPiece[] = [];
  let offset = 0;
  let groupStart = 0;
  for (let i = 0; i < ids.length; i++) {
    // A token may hold part of a UTF-8 character; grow the group until it decodes to the exact source text.
    const piece = decode(ids.slice(groupStart, i + 1));
    if (piece.length > 0 && !piece.includes("\uFFFD") && text.startsWith(piece, offset)) {
      pieces.push({ text: piece, tokens: i + 1 - groupStart });
      offset += piece.length;
      groupStart = i + 1;
    }
  }
  if (offset < text.length) pieces.push({ text: text.slice(offset), tokens: Math.max(1, ids.length - groupStart) });
  return pieces;
}

// Benchmarks replay the same large script many times; keep the last few splits whole.
const splitCache = new Map<string, readonly TokenPiece[]>();
const SPLIT_CACHE_LIMIT = 16;

/** Splits text into o200k tokens whose concatenation is exactly the input. */
export function splitTokens(text: string): readonly TokenPiece[] {
  const cached = splitCache.get(text);
  if (cached) return cached;
  const out = splitUncached(text);
  if (text.length >= 1024) {
    if (splitCache.size >= SPLIT_CACHE_LIMIT) {
      const oldest = splitCache.keys().next();
      if (!oldest.done) splitCache.delete(oldest.value);
    }
    splitCache.set(text, out);
  }
  return out;
}

export function countTokens(text: string): number {
  return text.length === 0 ? 0 : encode(text, PLAIN).length;
}

// Conversations resend the same history every turn, so whole strings repeat far more than they change.
const countCache = new Map<string, number>();
const COUNT_CACHE_LIMIT = 5_000;

function countCached(text: string): number {
  if (text.length < 64) return countTokens(text);
  const cached = countCache.get(text);
  if (cached !== undefined) return cached;
  const count = countTokens(text);
  if (countCache.size >= COUNT_CACHE_LIMIT) countCache.clear();
  countCache.set(text, count);
  return count;
}

function messageText(message: ChatMessage): string {
  const { content } = message;
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text ?? "").join("");
}

// OpenAI's chat format framing: ~3 tokens around each message and 3 to prime the reply.
const PER_MESSAGE_OVERHEAD = 3;
const REPLY_PRIMING = 3;

/** Prompt tokens the way an o200k model would bill them, close enough for context-size assertions and the HUD. */
export function countPromptTokens(body: ChatRequest): number {
  let total = REPLY_PRIMING;
  for (const message of body.messages) {
    total += PER_MESSAGE_OVERHEAD + countCached(message.role) + countCached(messageText(message));
    for (const call of message.tool_calls ?? []) {
      total += countCached(call.function.name) + countCached(call.function.arguments);
    }
  }
  if (body.tools && body.tools.length > 0) total += countCached(JSON.stringify(body.tools));
  return total;
}
