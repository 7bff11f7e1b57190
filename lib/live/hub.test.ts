import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { LiveHub, POLL_MS_FALLBACK, type HubTransport } from "./hub";

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

/** Whether the promise has resolved yet, read without awaiting it: the test moves the clock itself. */
function settled(promise: Promise<unknown>): () => boolean {
  let done = false;
  void promise.then(() => (done = true));
  return () => done;
}

// Fake timers: what woke a reader is proved by order (the event, then a microtask flush with no time
// passed), not by wall time on a loaded machine. Microtasks stay real: the transport delivers on them.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("LiveHub", () => {
  it("hears its own probe on a working connection and wakes a reader at the session's notification", async () => {
    const t = transport({ drop: false });
    const hub = new LiveHub(t, 200);
    // Resolves with no time advanced: the probe came back, the timeout did not decide.
    await hub.start();
    expect(hub.mode()).toBe("notify");
    const woken = settled(waitOnce(hub, "s1"));
    await vi.advanceTimersByTimeAsync(20);
    expect(woken()).toBe(false);
    t.send("s1");
    await vi.advanceTimersByTimeAsync(0);
    // 20 ms in, far from the 1 s poll: only the notification can have woken it.
    expect(woken()).toBe(true);
  });

  it("detects dropped notifications when the probe times out, says so, and falls back to a fast poll", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const hub = new LiveHub(transport({ drop: true }), 100);
    const started = settled(hub.start());
    await vi.advanceTimersByTimeAsync(99);
    expect(started()).toBe(false);
    expect(hub.mode()).toBe("starting");
    await vi.advanceTimersByTimeAsync(1);
    expect(started()).toBe(true);
    expect(hub.mode()).toBe("poll");
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/transaction-pooled/);
    const woken = settled(waitOnce(hub, "s1"));
    await vi.advanceTimersByTimeAsync(POLL_MS_FALLBACK - 1);
    expect(woken()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(woken()).toBe(true);
  });

  it("an aborted reader stops waiting at once", async () => {
    const hub = new LiveHub(transport({ drop: false }), 100);
    await hub.start();
    const abort = new AbortController();
    const woken = settled(waitOnce(hub, "s2", abort.signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(woken()).toBe(false);
    abort.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(woken()).toBe(true);
  });

  it("a subscribed reader keeps a notification that arrived while it was busy, and returns at once", async () => {
    const t = transport({ drop: false });
    const hub = new LiveHub(t, 200);
    await hub.start();
    const subscription = hub.subscribe("s3");
    // Announced between the reader's read and its wait: without the subscription it would be lost.
    t.send("s3");
    const first = settled(subscription.next());
    await vi.advanceTimersByTimeAsync(0);
    expect(first()).toBe(true);
    // Consumed: the next wait waits again, here until the abort at 50 ms.
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const again = settled(subscription.next(abort.signal));
    await vi.advanceTimersByTimeAsync(49);
    expect(again()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(again()).toBe(true);
    subscription.close();
  });

  it("a LISTEN re-established after a dropped connection wakes every reader to read what it missed", async () => {
    const t = transport({ drop: false });
    const hub = new LiveHub(t, 200);
    await hub.start();
    const a = hub.subscribe("s4");
    const b = hub.subscribe("s5");
    const woken = settled(Promise.all([a.next(), b.next()]));
    await vi.advanceTimersByTimeAsync(0);
    expect(woken()).toBe(false);
    t.relisten();
    await vi.advanceTimersByTimeAsync(0);
    expect(woken()).toBe(true);
    a.close();
    b.close();
  });
});
