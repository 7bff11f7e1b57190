import { afterEach, describe, expect, it, vi } from "vitest";

import { LiveHub, type HubTransport } from "./hub";

/** A LISTEN/NOTIFY pair in memory; `drop` plays a transaction-pooling proxy that loses notifications. */
function transport({ drop }: { drop: boolean }): HubTransport & { send(payload: string): void; relisten(): void } {
  let listener: ((payload: string) => void) | null = null;
  let listened: (() => void) | undefined;
  return {
    listen: async (_channel, onPayload, onListen) => {
      listener = onPayload;
      listened = onListen;
    },
    relisten: () => listened?.(),
    notify: async (_channel, payload) => {
      if (!drop) queueMicrotask(() => listener?.(payload));
    },
    send: (payload) => listener?.(payload),
  };
}

/** One wait for the session's next batch, as a reader between two reads does. */
function waitOnce(hub: LiveHub, sessionId: string, signal?: AbortSignal): Promise<void> {
  const subscription = hub.subscribe(sessionId);
  return subscription.next(signal).finally(() => subscription.close());
}

afterEach(() => vi.restoreAllMocks());

describe("LiveHub", () => {
  it("hears its own probe on a working connection and wakes a reader at the session's notification", async () => {
    const t = transport({ drop: false });
    const hub = new LiveHub(t, 200);
    await hub.start();
    expect(hub.mode()).toBe("notify");
    const started = performance.now();
    const waiting = waitOnce(hub, "s1");
    await new Promise((r) => setTimeout(r, 20));
    t.send("s1");
    await waiting;
    // Woken by the notification, long before the 1 s fallback poll.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("detects dropped notifications at start, says so, and falls back to a fast poll", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const hub = new LiveHub(transport({ drop: true }), 100);
    await hub.start();
    expect(hub.mode()).toBe("poll");
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/transaction-pooled/);
    const started = performance.now();
    await waitOnce(hub, "s1");
    expect(performance.now() - started).toBeLessThan(400);
  });

  it("an aborted reader stops waiting at once", async () => {
    const hub = new LiveHub(transport({ drop: false }), 100);
    await hub.start();
    const abort = new AbortController();
    const started = performance.now();
    const waiting = waitOnce(hub, "s2", abort.signal);
    abort.abort();
    await waiting;
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("a subscribed reader keeps a notification that arrived while it was busy, and returns at once", async () => {
    const t = transport({ drop: false });
    const hub = new LiveHub(t, 200);
    await hub.start();
    const subscription = hub.subscribe("s3");
    // Announced between the reader's read and its wait: without the subscription it would be lost.
    t.send("s3");
    const started = performance.now();
    await subscription.next();
    expect(performance.now() - started).toBeLessThan(100);
    // Consumed: the next wait waits again (here for the abort).
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const again = performance.now();
    await subscription.next(abort.signal);
    expect(performance.now() - again).toBeGreaterThanOrEqual(40);
    subscription.close();
  });

  it("a LISTEN re-established after a dropped connection wakes every reader to read what it missed", async () => {
    const t = transport({ drop: false });
    const hub = new LiveHub(t, 200);
    await hub.start();
    const a = hub.subscribe("s4");
    const b = hub.subscribe("s5");
    const started = performance.now();
    const woken = Promise.all([a.next(), b.next()]);
    t.relisten();
    await woken;
    expect(performance.now() - started).toBeLessThan(500);
    a.close();
    b.close();
  });
});
