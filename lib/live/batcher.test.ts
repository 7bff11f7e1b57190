import { describe, expect, it, vi } from "vitest";

import { TurnEventBatcher } from "./batcher";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("TurnEventBatcher", () => {
  it("writes a burst in batches of at most maxParts, in order, one write in flight at a time", async () => {
    const writes: { seq: number; parts: unknown[] }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const batcher = new TurnEventBatcher(
      async (seq, parts) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(5);
        writes.push({ seq, parts });
        inFlight -= 1;
      },
      { intervalMs: 50, maxParts: 64, heartbeatMs: 10_000 },
    );
    for (let i = 0; i < 1000; i++) batcher.push(i);
    await batcher.close();
    expect(writes.map((w) => w.seq)).toEqual(writes.map((_, i) => i));
    expect(writes.every((w) => w.parts.length <= 64)).toBe(true);
    expect(writes.length).toBe(Math.ceil(1000 / 64));
    expect(writes.flatMap((w) => w.parts)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(maxInFlight).toBe(1);
  });

  it("flushes a trickle after the interval, not per part", async () => {
    const writes: unknown[][] = [];
    const batcher = new TurnEventBatcher(async (_seq, parts) => void writes.push(parts), { intervalMs: 60, maxParts: 64, heartbeatMs: 10_000 });
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      batcher.push(i);
      await sleep(10);
    }
    await batcher.close();
    const elapsed = Date.now() - started;
    // 20 parts over ~200 ms at a 60 ms interval: a handful of writes, never one per part.
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 60) + 1);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    expect(writes.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("sends an empty heartbeat batch while the turn is silent, and nothing after close", async () => {
    // Fake timers (and Date): a loaded machine must not decide how many heartbeats fit in a window.
    vi.useFakeTimers();
    try {
      const writes: unknown[][] = [];
      const batcher = new TurnEventBatcher(async (_seq, parts) => void writes.push(parts), { intervalMs: 10, heartbeatMs: 30 });
      await vi.advanceTimersByTimeAsync(60);
      // Nothing streamed yet: nothing written, not even a heartbeat.
      expect(writes).toEqual([]);
      batcher.push("first");
      await vi.advanceTimersByTimeAsync(120);
      expect(writes.filter((w) => w.length === 0).length).toBeGreaterThanOrEqual(2);
      const closed = batcher.close();
      await vi.advanceTimersByTimeAsync(10);
      await closed;
      const count = writes.length;
      batcher.push("late");
      await vi.advanceTimersByTimeAsync(80);
      expect(writes.length).toBe(count);
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports a failed write and goes on with the next batch", async () => {
    const errors: unknown[] = [];
    const written: unknown[][] = [];
    let first = true;
    const batcher = new TurnEventBatcher(
      async (_seq, parts) => {
        if (first) {
          first = false;
          throw new Error("db down");
        }
        written.push(parts);
      },
      { maxParts: 2, heartbeatMs: 10_000, onError: (e) => errors.push(e) },
    );
    for (let i = 0; i < 4; i++) batcher.push(i);
    await batcher.close();
    expect(errors).toHaveLength(1);
    expect(written).toEqual([[2, 3]]);
  });
});
