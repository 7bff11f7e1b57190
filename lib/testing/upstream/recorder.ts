import type { ChatRequest, Script } from "./schema";

/**
 * `mono` is performance.now() in this process; `wall` is timeOrigin + mono in epoch ms with
 * sub-ms precision, comparable with a browser's timeOrigin + now() on the same machine.
 */
export interface Stamp {
  mono: number;
  wall: number;
}

export function stamp(): Stamp {
  const mono = performance.now();
  return { mono, wall: performance.timeOrigin + mono };
}

export const OUTCOMES = ["pending", "complete", "aborted", "http_error", "error_chunk", "reset"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** `refused`: answered 400 before any script was taken (refusePredictionWithTools). */
export const SCRIPT_SOURCES = ["model_queue", "queue", "default", "refused"] as const;
export type ScriptSource = (typeof SCRIPT_SOURCES)[number];

export interface RecordedHeaders {
  /** Presence only: the key itself is never stored. */
  authorization: boolean;
  /** The bearer key's last 4 characters: enough for a test to tell which key was used. */
  keyLast4: string | null;
  contentType: string | null;
  userAgent: string | null;
  acceptEncoding: string | null;
}

/** Live record of one chat-completions request; fields update while the response streams. */
export interface RecordedRequest {
  seq: number;
  model: string;
  stream: boolean;
  body: ChatRequest;
  headers: RecordedHeaders;
  script: Script;
  scriptSource: ScriptSource;
  status: number;
  /** The handler was called (the Node server has read the body by then). */
  receivedAt: Stamp;
  /** The handler had the whole body as text, before parsing it: the client's upload has ended. */
  bodyAt: Stamp;
  firstByteAt: Stamp | null;
  lastByteAt: Stamp | null;
  endedAt: Stamp | null;
  /** SSE data events sent, `[DONE]` excluded. */
  chunks: number;
  tokensSent: number;
  /** Counted when the response ends, so it never delays the first byte. */
  promptTokens: number | null;
  outcome: Outcome;
  /** The client closed the connection before the response ended: proof that Stop reached the upstream. */
  aborted: boolean;
}

export type RequestPredicate = (request: Readonly<RecordedRequest>) => boolean;

export type NewRecord = Pick<RecordedRequest, "model" | "stream" | "body" | "headers" | "script" | "scriptSource" | "receivedAt" | "bodyAt">;

export class Recorder {
  private records: RecordedRequest[] = [];
  private readonly waiters = new Set<() => void>();
  private seq = 0;

  constructor(private readonly limit: number) {}

  start(init: NewRecord): RecordedRequest {
    const record: RecordedRequest = {
      ...init,
      seq: ++this.seq,
      status: 200,
      firstByteAt: null,
      lastByteAt: null,
      endedAt: null,
      chunks: 0,
      tokensSent: 0,
      promptTokens: null,
      outcome: "pending",
      aborted: false,
    };
    // The offline demo runs for days: keep memory bounded by dropping the oldest records.
    if (this.limit > 0) {
      this.records.push(record);
      if (this.records.length > this.limit) this.records.shift();
    }
    this.notify();
    return record;
  }

  sent(record: RecordedRequest, chunks: number, tokens: number): void {
    const now = stamp();
    record.firstByteAt ??= now;
    record.lastByteAt = now;
    record.chunks += chunks;
    record.tokensSent += tokens;
    this.notify();
  }

  finish(record: RecordedRequest, outcome: Exclude<Outcome, "pending">, promptTokens: number | null): void {
    if (record.outcome !== "pending") return;
    record.outcome = outcome;
    record.aborted = outcome === "aborted";
    record.endedAt = stamp();
    record.promptTokens = promptTokens;
    this.notify();
  }

  list(): readonly RecordedRequest[] {
    return this.records;
  }

  clear(): void {
    this.records = [];
  }

  /** Resolves with the first record (past or future) matching the predicate, re-checked on every update. */
  waitFor(predicate: RequestPredicate, timeoutMs: number): Promise<RecordedRequest> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.records.find(predicate);
        if (!match) return;
        done();
        resolve(match);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`upstream: no matching request within ${timeoutMs} ms (${this.records.length} recorded)`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  private notify(): void {
    if (this.waiters.size === 0) return;
    for (const waiter of [...this.waiters]) waiter();
  }
}
