import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { FrameScheduler, type FrameClock } from "./frame-scheduler";

function manualFrames() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const clock: FrameClock = {
    request: (callback) => {
      pending.set(++next, callback);
      return next;
    },
    cancel: (handle) => pending.delete(handle),
  };
  const tick = () => {
    const due = [...pending.values()];
    pending.clear();
    for (const callback of due) callback();
  };
  return { clock, tick, pending };
}

describe("FrameScheduler", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs the work once per frame however often it is scheduled", () => {
    const frames = manualFrames();
    let runs = 0;
    const scheduler = new FrameScheduler(() => runs++, { clock: frames.clock });
    for (let i = 0; i < 100; i++) scheduler.schedule();
    expect(frames.pending.size).toBe(1);
    frames.tick();
    expect(runs).toBe(1);
    frames.tick();
    expect(runs).toBe(1);
    scheduler.schedule();
    frames.tick();
    expect(runs).toBe(2);
  });

  it("falls back to a timer where no frames come (background tabs), and runs once either way", () => {
    const frames = manualFrames();
    let runs = 0;
    const scheduler = new FrameScheduler(() => runs++, { clock: frames.clock, fallbackMs: 250 });
    scheduler.schedule();
    vi.advanceTimersByTime(250);
    expect(runs).toBe(1);
    expect(frames.pending.size).toBe(0);
    scheduler.schedule();
    frames.tick();
    vi.advanceTimersByTime(250);
    expect(runs).toBe(2);
  });

  it("flush runs now and drops the scheduled run; cancel drops it", () => {
    const frames = manualFrames();
    let runs = 0;
    const scheduler = new FrameScheduler(() => runs++, { clock: frames.clock, fallbackMs: 250 });
    scheduler.schedule();
    scheduler.flush();
    frames.tick();
    vi.advanceTimersByTime(250);
    expect(runs).toBe(1);
    scheduler.schedule();
    scheduler.cancel();
    frames.tick();
    vi.advanceTimersByTime(250);
    expect(runs).toBe(1);
    expect(scheduler.pending).toBe(false);
  });
});
