import { afterEach, describe, expect, it, vi } from "vitest";

import { LiveHub, type HubTransport } from "./hub";

/** A LISTEN/NOTIFY pair in memory; `drop` plays a transaction-pooling proxy that loses notifications. */
function transport({ drop }: { drop: boolean }): HubTransport & { send(payload: string): void } {
  let listener: ((payload: string) => void) | null = null;
  return {
    listen: async (_channel, onPayload) => {
      listener = onPayload;
    },
    notify: async (_channel, payload) => {
      if (!drop) queueMicrotask(() => listener?.(payload));
    },
    send: (payload) => listener?.(payload),
  };
}

afterEach(() => vi.restoreAllMocks());

describe("LiveHub", () => {
  it("hears its own probe on a working connection and wakes a reader at the session's notification", async () => {
    const t = transport({ drop: false });
    const hub = new LiveHub(t, 200);
    await hub.start();
    expect(hub.mode()).toBe("notify");
    const started = performance.now();
    const waiting = hub.wait("s1");
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
    await hub.wait("s1");
    expect(performance.now() - started).toBeLessThan(400);
  });

  it("an aborted reader stops waiting at once", async () => {
    const hub = new LiveHub(transport({ drop: false }), 100);
    await hub.start();
    const abort = new AbortController();
    const started = performance.now();
    const waiting = hub.wait("s2", abort.signal);
    abort.abort();
    await waiting;
    expect(performance.now() - started).toBeLessThan(100);
  });
});
