import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";

/**
 * Real token counts (o200k_base, the gpt-oss tokenizer) for context packing. Counting costs a few ms
 * per 20 KB, so file counts are memoised by path and version: a cache miss only costs time, so this
 * is safe per instance.
 */
const MAX_ENTRIES = 5000;
const cache = new Map<string, number>();

export function countTokens(text: string): number {
  return text.length === 0 ? 0 : countO200k(text);
}

export function countTokensCached(key: string, text: string): number {
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Re-insert so the Map's insertion order doubles as recency order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const count = countTokens(text);
  cache.set(key, count);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return count;
}

/** Loading the encoder's tables takes most of a second; servers pay it at start, not on a user's turn. */
export function warmTokenizer(): void {
  countTokens("warm up");
}
