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
export const POLL_MS_FALLBACK = 150;

export type HubMode = "starting" | "notify" | "poll";

/**
 * One LISTEN connection per app instance, shared by every reader in it. At start a self-probe sends
 * a NOTIFY through the ordinary pool and waits for it on the listener: a transaction-pooling proxy
 * (PgBouncer in transaction mode) drops it, and the hub then says so in the log and polls instead of
 * failing silently.
 */
export interface HubTransport {
  /** `onListen` runs each time the LISTEN is (re)established, e.g. after the connection dropped. */
  listen(channel: string, onPayload: (payload: string) => void, onListen?: () => void): Promise<unknown>;
  notify(channel: string, payload: string): Promise<void>;
}

/**
 * One reader's interest in a session, registered before its first read: a notification that arrives
 * while the reader is busy (reading, or handing chunks on) is kept, not lost, and the next `next()`
 * returns at once.
 */
export interface HubSubscription {
  /** Resolves when a batch was announced since the last call, after the poll interval, or on abort. */
  next(signal?: AbortSignal): Promise<void>;
  close(): void;
}

const postgresTransport: HubTransport = {
  listen: (channel, onPayload, onListen) => database().listen(channel, onPayload, onListen),
  notify: (channel, payload) => notifyChannel({ channel, payload }),
};

type Subscriber = { pending: boolean; resolve: (() => void) | null };

export class LiveHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly stopHandlers = new Map<string, () => void>();
  private modeNow: HubMode = "starting";
  private starting: Promise<void> | null = null;
  private listening: Promise<void> | null = null;

  constructor(
    private readonly transport: HubTransport = postgresTransport,
    private readonly probeTimeoutMs = PROBE_TIMEOUT_MS,
  ) {}

  mode(): HubMode {
    return this.modeNow;
  }

  /** Resolves once the probe has decided between notifications and polling. */
  start(): Promise<void> {
    this.starting ??= this.probe();
    return this.starting;
  }

  /**
   * Resolves once the LISTEN is in place (or failed, and readers poll), without waiting for the
   * probe: a reader that subscribes after this and then reads hears every later batch.
   */
  ready(): Promise<void> {
    void this.start();
    return this.listening!;
  }

  private async probe(): Promise<void> {
    const token = `${PROBE_PREFIX}${randomUUID()}`;
    let heard!: () => void;
    const probeHeard = new Promise<void>((resolve) => (heard = resolve));
    let listened!: () => void;
    this.listening = new Promise<void>((resolve) => (listened = resolve));
    try {
      await this.transport.listen(
        TURN_EVENTS_CHANNEL,
        (payload) => {
          if (payload === token) heard();
          else if (payload.startsWith(STOP_PREFIX)) this.stopHandlers.get(payload.slice(STOP_PREFIX.length))?.();
          else if (!payload.startsWith(PROBE_PREFIX)) this.wake(payload);
        },
        // Re-established after a dropped connection: notifications sent meanwhile are gone, so every
        // reader reads now instead of at its next poll.
        () => this.wakeAll(),
      );
      listened();
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
    } finally {
      listened();
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
    for (const subscriber of this.subscribers.get(sessionId) ?? []) this.signal(subscriber);
  }

  private wakeAll(): void {
    for (const set of this.subscribers.values()) for (const subscriber of set) this.signal(subscriber);
  }

  private signal(subscriber: Subscriber): void {
    subscriber.pending = true;
    subscriber.resolve?.();
  }

  /** Registers interest in the session's batches from now on; read after this, then call `next()`. */
  subscribe(sessionId: string): HubSubscription {
    const subscriber: Subscriber = { pending: false, resolve: null };
    let set = this.subscribers.get(sessionId);
    if (!set) this.subscribers.set(sessionId, (set = new Set()));
    set.add(subscriber);
    return {
      next: (signal) => {
        if (subscriber.pending || signal?.aborted) {
          subscriber.pending = false;
          return Promise.resolve();
        }
        // While the probe runs nobody knows yet whether notifications arrive: poll fast meanwhile.
        const ms = this.modeNow === "notify" ? POLL_MS_NOTIFY : POLL_MS_FALLBACK;
        return new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", done);
            subscriber.resolve = null;
            subscriber.pending = false;
            resolve();
          };
          const timer = setTimeout(done, ms);
          signal?.addEventListener("abort", done, { once: true });
          subscriber.resolve = done;
        });
      },
      close: () => {
        subscriber.resolve?.();
        set.delete(subscriber);
        if (set.size === 0 && this.subscribers.get(sessionId) === set) this.subscribers.delete(sessionId);
      },
    };
  }
}

const globalForHub = globalThis as unknown as { waferLiveHub?: LiveHub };

export function liveHub(): LiveHub {
  globalForHub.waferLiveHub ??= new LiveHub();
  return globalForHub.waferLiveHub;
}
