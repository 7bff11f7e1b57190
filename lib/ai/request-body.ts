import { randomBytes } from "node:crypto";

/**
 * A model request's JSON body with its large strings serialized once per instance, not once per
 * call. A 200-turn session or 30 open files make a 250–400 KB body, and on Node 24 `JSON.stringify`
 * of it plus its UTF-8 encoding took 4–8 ms of every turn's time to first token (measured in the
 * app), nearly all of it spent on strings the previous turn had already sent: stored messages and
 * unchanged files.
 *
 * `deferLargeStrings` copies the body with each string of at least `LARGE` characters replaced by
 * a placeholder, and keeps the string's JSON, as UTF-8, in a bounded memory shared by all turns.
 * The AI SDK then stringifies only the small remainder, and `expandDeferred` splices the kept bytes
 * back in place of the placeholders. The result is byte for byte `JSON.stringify` of the body.
 *
 * A composed string (the user's message: context blocks and their words) is spliced from its
 * pieces' JSON, so an unchanged file costs nothing in a new message. JSON escapes each character
 * on its own, so the pieces' escaped texts joined are the whole text's, as long as no piece ends
 * or starts in the middle of a surrogate pair (whole messages and files never do).
 *
 * A miss only costs the serialization the SDK would have done, so no other instance needs this.
 */
export const LARGE = 1024;
const MAX_BYTES = 64 * 1024 * 1024;

export interface Fragment {
  /** `JSON.stringify(text)` as UTF-8, quotes included; for a raw fragment, any JSON text. */
  json: Buffer;
  /** Its length as a JavaScript string (what `JSON.stringify(body).length` counts). */
  chars: number;
}

const memory = new Map<string, Fragment>();
let memoryBytes = 0;

function fragmentOf(text: string): Fragment {
  const hit = memory.get(text);
  if (hit) {
    // Most recently used last, so eviction takes the oldest.
    memory.delete(text);
    memory.set(text, hit);
    return hit;
  }
  const json = JSON.stringify(text);
  const fragment = { json: Buffer.from(json, "utf8"), chars: json.length };
  if (text.length >= LARGE) {
    memory.set(text, fragment);
    memoryBytes += fragment.json.length + text.length;
    for (const [oldest, entry] of memory) {
      if (memoryBytes <= MAX_BYTES) break;
      memory.delete(oldest);
      memoryBytes -= entry.json.length + oldest.length;
    }
  }
  return fragment;
}

/** A string the caller built by joining `pieces`; its JSON is spliced from theirs. */
export interface ComposedText {
  text: string;
  pieces: readonly string[];
}

function composedFragment(pieces: readonly string[]): Fragment {
  const parts: Uint8Array[] = [QUOTE];
  let chars = 2;
  for (const piece of pieces) {
    const { json, chars: pieceChars } = fragmentOf(piece);
    parts.push(json.subarray(1, json.length - 1));
    chars += pieceChars - 2;
  }
  parts.push(QUOTE);
  return { json: Buffer.concat(parts), chars };
}

const QUOTE = Buffer.from('"');
// Per process and never sent anywhere, so no text a user writes can name a placeholder. NUL is
// escaped by JSON as \u0000 and cannot be stored in Postgres text, so it never occurs in a message.
const NONCE = randomBytes(6).toString("hex");
const PLACEHOLDER = new RegExp(`"\\\\u0000wafer:${NONCE}:(\\d+)\\\\u0000"`, "g");

export interface DeferredBody<T> {
  /** The body with large strings replaced by placeholders: hand it to the SDK. */
  body: T;
  fragments: Fragment[];
}

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The body with each large string replaced by a placeholder for `expandDeferred`. A string that is a
 * key of `raw` stands for that fragment's JSON as it is, quotes and all replaced (`expandDeferred`
 * splices a run of array elements, say, where the string was one element).
 */
export function deferLargeStrings<T>(body: T, composed: readonly ComposedText[] = [], raw: ReadonlyMap<string, Fragment> = new Map()): DeferredBody<T> {
  const fragments: Fragment[] = [];
  const placeholderFor = (fragment: Fragment) => `\u0000wafer:${NONCE}:${fragments.push(fragment) - 1}\u0000`;
  const plain = new Map<string, string>();
  const spliced: (string | undefined)[] = [];
  const defer = (text: string): string => {
    // A composed text is found by identity first: hashing it would copy the whole rope.
    const i = composed.findIndex((c) => c.text.length === text.length && c.text === text);
    if (i >= 0) return (spliced[i] ??= placeholderFor(composedFragment(composed[i]!.pieces)));
    let placeholder = plain.get(text);
    if (placeholder === undefined) {
      placeholder = placeholderFor(fragmentOf(text));
      plain.set(text, placeholder);
    }
    return placeholder;
  };
  const copy = (value: unknown): unknown => {
    if (typeof value === "string") {
      const spliced = raw.get(value);
      if (spliced) return placeholderFor(spliced);
      return value.length >= LARGE ? defer(value) : value;
    }
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map(copy);
    // Anything else (a Date, a class with toJSON) goes to JSON.stringify as it is.
    if (!isPlain(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = copy(v);
    return out;
  };
  return { body: copy(body) as T, fragments };
}

/**
 * `json` (JSON.stringify of a deferred body) with its placeholders replaced by their strings' JSON,
 * as UTF-8 bytes, and the length the whole JSON text has as a string.
 */
export function expandDeferred(json: string, fragments: readonly Fragment[]): { bytes: Uint8Array<ArrayBuffer>; chars: number } {
  // Sized first and written once: a 200-turn body has hundreds of placeholders.
  const parts: (string | Buffer)[] = [];
  let size = 0;
  let chars = 0;
  let at = 0;
  for (const match of json.matchAll(PLACEHOLDER)) {
    const fragment = fragments[Number(match[1])];
    if (!fragment) throw new Error("request body: a placeholder without its fragment");
    const before = json.slice(at, match.index);
    parts.push(before, fragment.json);
    size += Buffer.byteLength(before, "utf8") + fragment.json.length;
    chars += before.length + fragment.chars;
    at = match.index + match[0].length;
  }
  const rest = json.slice(at);
  parts.push(rest);
  size += Buffer.byteLength(rest, "utf8");
  const bytes = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  for (const part of parts) offset += typeof part === "string" ? bytes.write(part, offset, "utf8") : part.copy(bytes, offset);
  return { bytes, chars: chars + rest.length };
}

/** Tests start from an empty memory. */
export function clearRequestBodyMemory(): void {
  memory.clear();
  memoryBytes = 0;
}
