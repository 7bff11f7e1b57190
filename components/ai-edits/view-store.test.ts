import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { noticeView } from "./file-view";
import { AiFilesStore } from "./view-store";

describe("AiFilesStore", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shows a notice on its own and removes it after a while", () => {
    const views = new AiFilesStore(1000);
    views.notify("a.ts", "The AI's edit failed.");
    expect(views.files["a.ts"]).toMatchObject({ phase: "notice", notice: "The AI's edit failed." });
    vi.advanceTimersByTime(999);
    expect(views.files["a.ts"]).toBeDefined();
    vi.advanceTimersByTime(1);
    expect(views.files["a.ts"]).toBeUndefined();
  });

  it("puts a notice on a file's review and clears only the notice, restarting the timer on a new one", () => {
    const views = new AiFilesStore(1000);
    views.put({ ...noticeView("a.ts", ""), phase: "review", notice: null, pending: 2 });
    views.notify("a.ts", "first");
    vi.advanceTimersByTime(600);
    views.notify("a.ts", "second");
    vi.advanceTimersByTime(600);
    expect(views.files["a.ts"]).toMatchObject({ phase: "review", notice: "second", pending: 2 });
    vi.advanceTimersByTime(400);
    expect(views.files["a.ts"]).toMatchObject({ phase: "review", notice: null, pending: 2 });
  });

  it("reset clears views and pending timers", () => {
    const views = new AiFilesStore(1000);
    views.notify("a.ts", "x");
    views.reset();
    expect(views.files).toEqual({});
    expect(vi.getTimerCount()).toBe(0);
  });

  it("lists what is left to review per file, never a notice", () => {
    const views = new AiFilesStore(1000);
    views.notify("gone.ts", "The AI's edit failed.");
    views.put({ ...noticeView("a.ts", ""), phase: "review", messageId: "m1", pending: 2, total: 3, notice: null });
    expect(views.pending()).toEqual([{ path: "a.ts", messageId: "m1", phase: "review", pending: 2, total: 3 }]);
    views.reset();
  });
});
