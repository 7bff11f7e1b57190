/**
 * Collects a turn's stream chunks and hands them to `write` in batches: after `intervalMs`, or at
 * once when `maxParts` are waiting. `push` is O(1) and never waits, so the owner's stream never pays
 * for the copy. One write is in flight at a time (batch numbers follow write order); chunks that
 * arrive meanwhile go out together in the next one. While nothing arrives, an empty batch every
 * `heartbeatMs` tells readers the turn's instance is still alive.
 */
export interface BatcherOptions {
  intervalMs?: number;
  maxParts?: number;
  heartbeatMs?: number;
  onError?: (error: unknown) => void;
}

export class TurnEventBatcher {
  private pending: unknown[] = [];
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private lastWriteAt = Date.now();
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxParts: number;

  constructor(
    private readonly write: (seq: number, parts: unknown[]) => Promise<void>,
    private readonly options: BatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 75;
    this.maxParts = options.maxParts ?? 64;
  }

  push(part: unknown): void {
    if (this.closed) return;
    // Heartbeats start with the turn's first part, so a turn that never streams writes nothing.
    this.heartbeat ??= this.startHeartbeat();
    this.pending.push(part);
    if (this.pending.length >= this.maxParts) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends what is waiting now (no-op when nothing is). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.enqueue(batch);
  }

  /** Flushes the rest and resolves when every batch was written (or failed and was reported). */
  close(): Promise<void> {
    this.flush();
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    return this.chain;
  }

  private startHeartbeat(): ReturnType<typeof setInterval> {
    const heartbeatMs = this.options.heartbeatMs ?? 1000;
    const timer = setInterval(() => {
      if (Date.now() - this.lastWriteAt >= heartbeatMs && this.pending.length === 0) this.enqueue([]);
    }, heartbeatMs);
    timer.unref?.();
    return timer;
  }

  private enqueue(batch: unknown[]): void {
    this.lastWriteAt = Date.now();
    const seq = this.seq++;
    this.chain = this.chain.then(() => this.write(seq, batch)).catch((error: unknown) => this.options.onError?.(error));
  }
}
