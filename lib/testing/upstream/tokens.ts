import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";

import type { ChatMessage, ChatRequest } from "./schema";

/** One streamed piece of text and how many model tokens it stands for (>1 when a character spans several byte tokens, e.g. emoji). */
export interface TokenPiece {
  readonly text: string;
  readonly tokens: number;
}

let encoder: Tiktoken | null = null;
// tiktoken applies BPE to each pre-tokenizer match on its own, so caching per match is exact and skips the slow merge loop.
const preTokenizer = new RegExp(o200kBase.pat_str, "gu");
const pieceCache = new Map<string, readonly TokenPiece[]>();
const PIECE_CACHE_LIMIT = 200_000;

/** Building the o200k encoder costs 1–2 s of CPU; servers call this at start so the first request doesn't pay it. */
export function warmTokenizer(): void {
  sharedEncoder();
}

/** The process-wide o200k encoder, built on first use. */
export function sharedEncoder(): Tiktoken {
  encoder ??= new Tiktoken(o200kBase);
  return encoder;
}

function piecesOfMatch(match: string): readonly TokenPiece[] {
  const cached = pieceCache.get(match);
  if (cached) return cached;
  const enc = sharedEncoder();
  // Empty special-token lists: text such as "<|endoftext|>" in user code is plain text, never a control token.
  const ids = enc.encode(match, [], []);
  let pieces: TokenPiece[];
  if (ids.length <= 1) {
    pieces = [{ text: match, tokens: 1 }];
  } else {
    // A token may hold part of a UTF-8 character; grow the group until it decodes to the exact source text.
    pieces = [];
    let offset = 0;
    let groupStart = 0;
    for (let i = 0; i < ids.length; i++) {
      const text = enc.decode(ids.slice(groupStart, i + 1));
      if (match.startsWith(text, offset)) {
        pieces.push({ text, tokens: i + 1 - groupStart });
        offset += text.length;
        groupStart = i + 1;
      }
    }
    if (offset < match.length) pieces.push({ text: match.slice(offset), tokens: ids.length - groupStart || 1 });
  }
  if (pieceCache.size >= PIECE_CACHE_LIMIT) pieceCache.clear();
  pieceCache.set(match, pieces);
  return pieces;
}

// Benchmarks replay the same large script many times; keep the last few splits whole.
const splitCache = new Map<string, readonly TokenPiece[]>();
const SPLIT_CACHE_LIMIT = 16;

/** Splits text into o200k tokens whose concatenation is exactly the input. */
export function splitTokens(text: string): readonly TokenPiece[] {
  const cached = splitCache.get(text);
  if (cached) return cached;
  const out: TokenPiece[] = [];
  for (const match of text.matchAll(preTokenizer)) {
    for (const piece of piecesOfMatch(match[0])) out.push(piece);
  }
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
  let total = 0;
  for (const match of text.matchAll(preTokenizer)) {
    for (const piece of piecesOfMatch(match[0])) total += piece.tokens;
  }
  return total;
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

export function messageText(message: ChatMessage): string {
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
