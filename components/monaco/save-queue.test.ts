import { describe, expect, it } from "vitest";

import type { FileDocument } from "@/lib/files/contract";

import { SaveQueue, type SaveOutcome, type SaveSnapshot } from "./save-queue";

/** A buffer with Monaco-like alternative version ids: undo returns to an earlier id. */
class FakeBuffer {
  private history: Array<{ id: number; text: string }>;
  private nextId = 2;
  constructor(text: string) {
    this.history = [{ id: 1, text }];
  }
  private get top() {
    return this.history.at(-1)!;
  }
  versionId = () => this.top.id;
  content = () => this.top.text;
  type(text: string) {
    this.history.push({ id: this.nextId++, text: this.top.text + text });
  }
  undo() {
    this.history.pop();
  }
  replace(text: string) {
    this.history.push({ id: this.nextId++, text });
  }
}

interface Call {
  content: string;
  baseVersion: number;
  resolve: (outcome: SaveOutcome) => void;
  reject: (error: unknown) => void;
}

function setup(text = "a", baseVersion = 1) {
  const buffer = new FakeBuffer(text);
  const calls: Call[] = [];
  const published: SaveSnapshot[] = [];
  const queue = new SaveQueue(
    buffer,
    (content, base) => new Promise<SaveOutcome>((resolve, reject) => calls.push({ content, baseVersion: base, resolve, reject })),
    { baseVersion },
    (snapshot) => published.push(snapshot),
  );
  return { buffer, calls, published, queue };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const doc = (content: string, version: number): FileDocument => ({
  path: "a.ts",
  kind: "file",
  version,
  size: content.length,
  updatedAt: "2026-01-01T00:00:00.000Z",
  content,
});

describe("SaveQueue", () => {
  it("goes dirty on edit, saving while in flight, then saved with the server's new version", async () => {
    const { buffer, calls, queue, published } = setup();
    expect(queue.snapshot().status).toBe("saved");
    buffer.type("b");
    queue.touched();
    expect(queue.snapshot().status).toBe("dirty");

    const done = queue.save();
    expect(queue.snapshot().status).toBe("saving");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ content: "ab", baseVersion: 1 });
    calls[0]!.resolve({ kind: "saved", version: 2 });
    const result = await done;
    expect(result).toMatchObject({ status: "saved", dirty: false, baseVersion: 2 });
    // The mid-flight snapshot reports the new base version before the save settles.
    expect(published.map((s) => [s.status, s.dirty, s.baseVersion])).toEqual([
      ["dirty", true, 1],
      ["saving", true, 1],
      ["saving", false, 2],
      ["saved", false, 2],
    ]);
  });

  it("publishes once per visible change, not per keystroke", () => {
    const { buffer, queue, published } = setup();
    for (const char of "hello") {
      buffer.type(char);
      queue.touched();
    }
    expect(published).toHaveLength(1);
  });

  it("coalesces saves requested during a save into one follow-up with the latest content and version", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("1");
    const first = queue.save();
    buffer.type("2");
    void queue.save();
    buffer.type("3");
    void queue.save();
    expect(calls).toHaveLength(1);

    calls[0]!.resolve({ kind: "saved", version: 2 });
    await flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ content: "a123", baseVersion: 2 });
    expect(queue.snapshot().status).toBe("saving");

    calls[1]!.resolve({ kind: "saved", version: 3 });
    expect(await first).toMatchObject({ status: "saved", baseVersion: 3 });
    expect(calls).toHaveLength(2);
  });

  it("skips the follow-up when the buffer is back to what was saved", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("1");
    const first = queue.save();
    buffer.type("2");
    void queue.save();
    buffer.undo();
    calls[0]!.resolve({ kind: "saved", version: 2 });
    expect(await first).toMatchObject({ status: "saved", dirty: false });
    expect(calls).toHaveLength(1);
  });

  it("does not save a clean buffer, including one undone back to its saved state", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("x");
    buffer.undo();
    expect(await queue.save()).toMatchObject({ status: "saved" });
    expect(calls).toHaveLength(0);
  });

  it("stops on a conflict, refuses further saves, and keeps the buffer", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("mine");
    const done = queue.save();
    calls[0]!.resolve({ kind: "conflict", current: doc("theirs", 5) });
    const result = await done;
    expect(result.status).toBe("conflict");
    expect(result.conflict?.content).toBe("theirs");
    expect(buffer.content()).toBe("amine");

    buffer.type("!");
    expect((await queue.save()).status).toBe("conflict");
    expect(calls).toHaveLength(1);
  });

  it("merges a stale save whose changes touch other lines than theirs, then saves the merge on their version", async () => {
    const { buffer, calls, queue } = setup("one\ntwo\nthree\n", 4);
    buffer.replace("one\ntwo\nthree, mine\n");
    const saved = queue.save();
    await flush();
    calls[0]!.resolve({ kind: "conflict", current: doc("one, theirs\ntwo\nthree\n", 5) });
    await flush();
    expect(buffer.content()).toBe("one, theirs\ntwo\nthree, mine\n");
    expect(calls[1]).toMatchObject({ content: "one, theirs\ntwo\nthree, mine\n", baseVersion: 5 });
    calls[1]!.resolve({ kind: "saved", version: 6 });
    expect(await saved).toMatchObject({ status: "saved", baseVersion: 6, conflict: null, dirty: false });
  });

  it("the merge base moves with each save: a later stale save merges against what was last saved", async () => {
    const { buffer, calls, queue } = setup("a\nb\nc", 1);
    buffer.replace("a\nb\nc!");
    const first = queue.save();
    await flush();
    calls[0]!.resolve({ kind: "saved", version: 2 });
    await first;
    buffer.replace("a\nb\nc!?");
    const second = queue.save();
    await flush();
    // Theirs changed line 1 on top of version 2; line 3 is ours alone.
    calls[1]!.resolve({ kind: "conflict", current: doc("A\nb\nc!", 3) });
    await flush();
    expect(calls[2]).toMatchObject({ content: "A\nb\nc!?", baseVersion: 3 });
    calls[2]!.resolve({ kind: "saved", version: 4 });
    expect(await second).toMatchObject({ status: "saved", baseVersion: 4 });
  });

  it("keep mine saves the buffer based on their version", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("mine");
    const first = queue.save();
    calls[0]!.resolve({ kind: "conflict", current: doc("theirs", 5) });
    await first;

    const kept = queue.keepMine();
    expect(calls[1]).toMatchObject({ content: "amine", baseVersion: 5 });
    calls[1]!.resolve({ kind: "saved", version: 6 });
    expect(await kept).toMatchObject({ status: "saved", baseVersion: 6, conflict: null });
  });

  it("keep mine still writes when the buffer was undone to the last saved text", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("mine");
    const first = queue.save();
    calls[0]!.resolve({ kind: "conflict", current: doc("theirs", 5) });
    await first;
    buffer.undo();

    void queue.keepMine();
    expect(calls[1]).toMatchObject({ content: "a", baseVersion: 5 });
  });

  it("use theirs replaces the buffer and makes it the saved state", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("mine");
    const first = queue.save();
    calls[0]!.resolve({ kind: "conflict", current: doc("theirs", 5) });
    await first;

    queue.useTheirs((content) => buffer.replace(content));
    expect(buffer.content()).toBe("theirs");
    expect(queue.snapshot()).toMatchObject({ status: "saved", baseVersion: 5, conflict: null });
    buffer.type("+");
    void queue.save();
    expect(calls[1]).toMatchObject({ content: "theirs+", baseVersion: 5 });
  });

  it("treats a conflict with identical content as saved", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("same");
    const done = queue.save();
    calls[0]!.resolve({ kind: "conflict", current: doc("asame", 7) });
    expect(await done).toMatchObject({ status: "saved", baseVersion: 7 });
  });

  it("keeps the buffer dirty on errors and retries on the next save", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("x");
    const first = queue.save();
    calls[0]!.resolve({ kind: "error", message: "offline" });
    expect(await first).toMatchObject({ status: "error", dirty: true, error: "offline", baseVersion: 1 });

    const second = queue.save();
    expect(calls[1]).toMatchObject({ content: "ax", baseVersion: 1 });
    calls[1]!.reject(new Error("network down"));
    expect(await second).toMatchObject({ status: "error", error: "network down" });

    const third = queue.save();
    calls[2]!.resolve({ kind: "saved", version: 2 });
    expect(await third).toMatchObject({ status: "saved", error: null });
  });

  it("drops a queued follow-up when the save fails, so retries are explicit", async () => {
    const { buffer, calls, queue } = setup();
    buffer.type("1");
    const first = queue.save();
    buffer.type("2");
    void queue.save();
    calls[0]!.resolve({ kind: "error", message: "boom" });
    await first;
    expect(calls).toHaveLength(1);
    expect(queue.snapshot().status).toBe("error");
  });

  it("accepts a newer remote copy only while clean and idle", async () => {
    const { buffer, calls, queue } = setup("old", 1);
    expect(queue.acceptRemote(doc("new", 2), (c) => buffer.replace(c))).toBe(true);
    expect(buffer.content()).toBe("new");
    expect(queue.snapshot()).toMatchObject({ status: "saved", baseVersion: 2 });
    expect(queue.acceptRemote(doc("older", 2), (c) => buffer.replace(c))).toBe(false);

    buffer.type("!");
    expect(queue.acceptRemote(doc("newer", 3), (c) => buffer.replace(c))).toBe(false);
    expect(buffer.content()).toBe("new!");
    void queue.save();
    expect(calls[0]!.baseVersion).toBe(2);
  });

  it("starts dirty when asked (a moved buffer with unsaved edits)", () => {
    const buffer = new FakeBuffer("x");
    const queue = new SaveQueue(buffer, async () => ({ kind: "saved", version: 2 }), { baseVersion: 1, dirty: true });
    expect(queue.snapshot().status).toBe("dirty");
  });

  it("markSaved takes a write made elsewhere as the saved state; undoing it is then unsaved work", async () => {
    const { buffer, calls, queue } = setup("a", 4);
    buffer.type(" + accepted");
    queue.markSaved(5);
    expect(queue.snapshot()).toEqual(expect.objectContaining({ status: "saved", dirty: false, baseVersion: 5 }));
    buffer.undo();
    expect(queue.snapshot().status).toBe("dirty");
    void queue.save();
    expect(calls[0]).toEqual(expect.objectContaining({ content: "a", baseVersion: 5 }));
  });

  it("markSaved with an earlier version id leaves typing since then unsaved", () => {
    const { buffer, queue } = setup("a", 4);
    buffer.type("b");
    const written = buffer.versionId();
    buffer.type("c");
    queue.markSaved(5, written);
    expect(queue.snapshot()).toEqual(expect.objectContaining({ status: "dirty", baseVersion: 5 }));
  });
});
