import "server-only";

import { randomUUID } from "node:crypto";

import { database } from "@/db/client";
import { notifyChannel } from "@/db/queries/shares";

/** The one channel every batch is announced on; the payload is the session id. */
export const TURN_EVENTS_CHANNEL = "wafer_turn_events";
const PROBE_PREFIX = "probe:";
/** `stop:<sessionId>:<messageId>`: Stop was pressed for that turn of that session (lib/live/stop.ts). */
export const STOP_PREFIX = "stop:";
const PROBE_TIMEOUT_MS = 2000;
/** Readers re-check this often even when notifications work, in case one is lost. */
const POLL_MS_NOTIFY = 1000;
/** Without working notifications (e.g. transaction pooling), readers poll this often. */
const POLL_MS_FALLBACK = 150;

export type HubMode = "starting" | "notify" | "poll";

/**
 * One LISTEN connection per app instance, shared by every reader in it. At start a self-probe sends
 * a NOTIFY through the ordinary pool and waits for it on the listener: a transaction-pooling proxy
 * (PgBouncer in transaction mode) drops it, and the hub then says so in the log and polls instead of
 * failing silently.
 */
export interface HubTransport {
  listen(channel: string, onPayload: (payload: string) => void): Promise<unknown>;
  notify(channel: string, payload: string): Promise<void>;
}

const postgresTransport: HubTransport = {
  listen: (channel, onPayload) => database().listen(channel, onPayload),
  notify: (channel, payload) => notifyChannel({ channel, payload }),
};

export class LiveHub {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly stopHandlers = new Map<string, () => void>();
  private modeNow: HubMode = "starting";
  private starting: Promise<void> | null = null;

  constructor(
    private readonly transport: HubTransport = postgresTransport,
    private readonly probeTimeoutMs = PROBE_TIMEOUT_MS,
  ) {}

  mode(): HubMode {
    return this.modeNow;
  }

  start(): Promise<void> {
    this.starting ??= this.probe();
    return this.starting;
  }

  private async probe(): Promise<void> {
    const token = `${PROBE_PREFIX}${randomUUID()}`;
    let heard!: () => void;
    const probeHeard = new Promise<void>((resolve) => (heard = resolve));
    try {
      await this.transport.listen(TURN_EVENTS_CHANNEL, (payload) => {
        if (payload === token) heard();
        else if (payload.startsWith(STOP_PREFIX)) this.stopHandlers.get(payload.slice(STOP_PREFIX.length))?.();
        else if (!payload.startsWith(PROBE_PREFIX)) this.wake(payload);
      });
      await this.transport.notify(TURN_EVENTS_CHANNEL, token);
      const ok = await Promise.race([probeHeard.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), this.probeTimeoutMs).unref?.())]);
      this.modeNow = ok ? "notify" : "poll";
      if (!ok) {
        console.warn(
          `[live] LISTEN/NOTIFY self-probe not delivered within ${this.probeTimeoutMs} ms: the database connection looks transaction-pooled. ` +
            `Live follow polls every ${POLL_MS_FALLBACK} ms instead; use a direct or session-pooled DATABASE_URL.`,
        );
      }
    } catch (error) {
      this.modeNow = "poll";
      console.warn("[live] LISTEN failed; live follow falls back to polling:", error);
    }
  }

  /**
   * Calls `onStop` when a Stop for the turn is announced. Keyed by session and message, so a stop
   * sent through a session the sender may write to never reaches another session's turn.
   */
  onStop({ sessionId, messageId }: { sessionId: string; messageId: string }, onStop: () => void): () => void {
    const key = `${sessionId}:${messageId}`;
    this.stopHandlers.set(key, onStop);
    return () => {
      if (this.stopHandlers.get(key) === onStop) this.stopHandlers.delete(key);
    };
  }

  wake(sessionId: string): void {
    const set = this.waiters.get(sessionId);
    if (!set) return;
    this.waiters.delete(sessionId);
    for (const resolve of set) resolve();
  }

  /** Resolves at the next batch announced for the session, after the poll interval, or on abort. */
  async wait(sessionId: string, signal?: AbortSignal): Promise<void> {
    await this.start();
    if (signal?.aborted) return;
    const ms = this.modeNow === "notify" ? POLL_MS_NOTIFY : POLL_MS_FALLBACK;
    await new Promise<void>((resolve) => {
      let set = this.waiters.get(sessionId);
      if (!set) this.waiters.set(sessionId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(sessionId) === set) this.waiters.delete(sessionId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      set.add(done);
    });
  }
}

const globalForHub = globalThis as unknown as { waferLiveHub?: LiveHub };

export function liveHub(): LiveHub {
  globalForHub.waferLiveHub ??= new LiveHub();
  return globalForHub.waferLiveHub;
}
