/**
 * Incremental decoder for the raw JSON text of a tool call's arguments, which streams in
 * arbitrary deltas. It reports the top-level string fields as their values arrive, so the
 * editor can show a `write_file` content or an `apply_patch` patch long before the JSON is
 * complete.
 *
 * - Split-invariant: escapes (`\n`, `\"`, `\u00e9`, surrogate pairs) may be cut anywhere;
 *   a high surrogate is held back until its partner arrives, so no delta ends mid-character.
 * - Linear: one pass over each delta; nothing accumulated is ever rescanned.
 * - Lenient where models are sloppy (raw control characters inside strings), strict where
 *   guessing would corrupt text (bad escapes end the stream with an error).
 */

export interface FieldDelta {
  /** The top-level key, decoded. */
  field: string;
  /** Characters of the value decoded since the previous delta of this field. */
  text: string;
  /** The value's closing quote arrived; `text` is its last piece. */
  done: boolean;
}

export type JsonFieldStatus = "streaming" | "complete" | "truncated" | "error";

export interface JsonFieldError {
  /** Offset in the whole input where decoding failed. */
  offset: number;
  message: string;
}

type State = "start" | "keyOrEnd" | "key" | "colon" | "value" | "string" | "nested" | "primitive" | "afterValue" | "done" | "error";

const QUOTE = 34;
const BACKSLASH = 92;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export class JsonFieldDecoder {
  private state: State = "start";
  private failure: JsonFieldError | null = null;
  private ended = false;
  /** The key being read; the field whose value is streaming; its text not yet emitted. */
  private key = "";
  private field = "";
  private value = "";
  /** Escape in progress: -1 none, 0 after `\`, 1–4 hex digits still expected. */
  private escape = -1;
  private hex = 0;
  /** Nested object/array skipping: depth, and whether inside one of its strings. */
  private depth = 0;
  private nestedString = false;
  private nestedEscape = false;
  private offset = 0;
  private scanned = 0;
  private out: FieldDelta[] = [];

  get status(): JsonFieldStatus {
    if (this.state === "error") return "error";
    if (this.state === "done") return "complete";
    return this.ended ? "truncated" : "streaming";
  }

  get error(): JsonFieldError | null {
    return this.failure;
  }

  /** Characters examined so far; equals the input length (tests keep the decoder linear). */
  get charsScanned(): number {
    return this.scanned;
  }

  push(delta: string): FieldDelta[] {
    if (this.ended || this.state === "error") return [];
    this.scanned += delta.length;
    let i = 0;
    while (i < delta.length && !this.failure) i = this.step(delta, i);
    this.offset += delta.length;
    if (this.state === "string") this.flushValue(false);
    return this.takeOut();
  }

  /** Input is over. A value cut short gets its held-back character; the status says whether JSON completed. */
  end(): FieldDelta[] {
    if (this.ended) return [];
    this.ended = true;
    if (this.state === "string" && this.value !== "") {
      this.out.push({ field: this.field, text: this.value, done: false });
      this.value = "";
    }
    return this.takeOut();
  }

  private takeOut(): FieldDelta[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Consumes from `i`; returns the next index to read. */
  private step(s: string, i: number): number {
    switch (this.state) {
      case "string":
        return this.readString(s, i, false);
      case "key":
        return this.readString(s, i, true);
      case "nested":
        return this.skipNested(s, i);
      default:
        return this.structural(s, i);
    }
  }

  private structural(s: string, i: number): number {
    const code = s.charCodeAt(i);
    if (this.state === "primitive") {
      // Numbers and literals end at the first delimiter; their spelling is not our business.
      if (code !== 44 && code !== 125 && !isWhitespace(code)) return i + 1;
      this.state = "afterValue";
    }
    if (isWhitespace(code)) return i + 1;
    const ch = s[i]!;
    switch (this.state) {
      case "start":
        if (ch === "{") this.state = "keyOrEnd";
        else this.fail(i, `expected '{', got ${JSON.stringify(ch)}`);
        break;
      case "keyOrEnd":
        if (ch === '"') {
          this.key = "";
          this.state = "key";
        } else if (ch === "}") {
          this.state = "done";
        } else {
          this.fail(i, `expected a key, got ${JSON.stringify(ch)}`);
        }
        break;
      case "colon":
        if (ch === ":") this.state = "value";
        else this.fail(i, `expected ':', got ${JSON.stringify(ch)}`);
        break;
      case "value":
        if (ch === '"') {
          this.field = this.key;
          this.value = "";
          this.state = "string";
        } else if (ch === "{" || ch === "[") {
          this.depth = 1;
          this.nestedString = false;
          this.nestedEscape = false;
          this.state = "nested";
        } else if (ch === "," || ch === "}" || ch === "]" || ch === ":") {
          this.fail(i, `expected a value, got ${JSON.stringify(ch)}`);
        } else {
          this.state = "primitive";
        }
        break;
      case "afterValue":
        if (ch === ",") this.state = "keyOrEnd";
        else if (ch === "}") this.state = "done";
        else this.fail(i, `expected ',' or '}', got ${JSON.stringify(ch)}`);
        break;
      default:
        // Only whitespace may follow the closing brace.
        this.fail(i, `unexpected ${JSON.stringify(ch)} after the object`);
    }
    return i + 1;
  }

  /** Reads string text from `i`: plain runs are sliced whole, escapes decoded one character at a time. */
  private readString(s: string, i: number, isKey: boolean): number {
    let j = i;
    if (this.escape === -1) {
      while (j < s.length) {
        const code = s.charCodeAt(j);
        if (code === QUOTE || code === BACKSLASH) break;
        j++;
      }
      if (j > i) this.append(s.slice(i, j), isKey);
      if (j === s.length) return j;
      if (s.charCodeAt(j) === QUOTE) {
        this.closeString(isKey);
        return j + 1;
      }
      this.escape = 0;
      return j + 1;
    }
    const ch = s[j]!;
    if (this.escape === 0) {
      if (ch === "u") {
        this.escape = 4;
        this.hex = 0;
        return j + 1;
      }
      const simple = SIMPLE_ESCAPES[ch];
      if (simple === undefined) {
        this.fail(j, `invalid escape \\${ch}`);
        return j + 1;
      }
      this.escape = -1;
      this.append(simple, isKey);
      return j + 1;
    }
    const digit = Number.parseInt(ch, 16);
    if (Number.isNaN(digit)) {
      this.fail(j, `invalid \\u escape digit ${JSON.stringify(ch)}`);
      return j + 1;
    }
    this.hex = this.hex * 16 + digit;
    this.escape--;
    if (this.escape === 0) {
      this.escape = -1;
      this.append(String.fromCharCode(this.hex), isKey);
    }
    return j + 1;
  }

  private append(text: string, isKey: boolean): void {
    if (isKey) this.key += text;
    else this.value += text;
  }

  private closeString(isKey: boolean): void {
    if (isKey) {
      this.state = "colon";
      return;
    }
    this.flushValue(true);
    this.state = "afterValue";
  }

  /** Emits the value decoded so far; mid-value, a trailing high surrogate waits for its partner. */
  private flushValue(done: boolean): void {
    let text = this.value;
    let held = "";
    if (!done && text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
      held = text.slice(-1);
      text = text.slice(0, -1);
    }
    this.value = held;
    if (text !== "" || done) this.out.push({ field: this.field, text, done });
  }

  private skipNested(s: string, i: number): number {
    let j = i;
    for (; j < s.length; j++) {
      const code = s.charCodeAt(j);
      if (this.nestedString) {
        if (this.nestedEscape) this.nestedEscape = false;
        else if (code === BACKSLASH) this.nestedEscape = true;
        else if (code === QUOTE) this.nestedString = false;
        continue;
      }
      if (code === QUOTE) this.nestedString = true;
      else if (code === 123 || code === 91) this.depth++;
      else if (code === 125 || code === 93) {
        this.depth--;
        if (this.depth === 0) {
          this.state = "afterValue";
          return j + 1;
        }
      }
    }
    return j;
  }

  private fail(index: number, message: string): void {
    // What a string decoded before the fault was valid; emitting it keeps errors split-invariant.
    if (this.state === "string") this.flushValue(false);
    this.state = "error";
    this.failure = { offset: this.offset + index, message };
  }
}
