import { randomUUID } from "node:crypto";

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { database } from "@/db/client";
import { deleteTurnEventsByMessageIds, insertTurnEventBatch, insertTurnStop, listTurnEventsAfter, turnStopExists } from "@/db/queries/shares";
import { createCodingSession } from "@/db/queries/sessions";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import { TURN_EVENTS_CHANNEL } from "./hub";
import { FinishedTurnSweeper } from "./publisher";

describe("FinishedTurnSweeper", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function sweeper(deleteTurns: (ids: string[]) => Promise<void>) {
    return new FinishedTurnSweeper({ deleteTurns, now: () => Date.now(), graceMs: 10_000, sweepMs: 5_000 });
  }

  it("keeps a turn's rows for the grace period, then deletes the turns finished within one sweep interval in one statement", async () => {
    const deleted: string[][] = [];
    const turns = sweeper(async (ids) => void deleted.push(ids));
    for (let i = 0; i < 10; i++) {
      turns.finished(`m${i}`);
      await vi.advanceTimersByTimeAsync(400);
    }
    // The last turn finished at 3.6 s; nothing goes before the first one's grace and one interval.
    await vi.advanceTimersByTimeAsync(15_000 - 4_000 - 1);
    expect(deleted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(deleted).toEqual([Array.from({ length: 10 }, (_, i) => `m${i}`)]);
  });

  it("never deletes a turn before its grace, and takes the turns due by then along", async () => {
    const deleted: { at: number; ids: string[] }[] = [];
    const start = Date.now();
    const turns = sweeper(async (ids) => void deleted.push({ at: Date.now() - start, ids }));
    turns.finished("a");
    await vi.advanceTimersByTimeAsync(6_000);
    turns.finished("b");
    await vi.advanceTimersByTimeAsync(2_000);
    turns.finished("c");
    await vi.advanceTimersByTimeAsync(30_000);
    expect(deleted).toEqual([
      { at: 15_000, ids: ["a"] },
      // b's grace and one interval; c (finished at 8 s) is due by then too.
      { at: 21_000, ids: ["b", "c"] },
    ]);
  });

  it("a failed delete is logged, and later turns are still swept", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const deleted: string[][] = [];
    let fail = true;
    const turns = sweeper(async (ids) => {
      if (fail) throw new Error("database down");
      deleted.push(ids);
    });
    turns.finished("a");
    await vi.advanceTimersByTimeAsync(15_000);
    expect(error).toHaveBeenCalledWith("[live] turn events not deleted:", expect.any(Error));
    fail = false;
    turns.finished("b");
    await vi.advanceTimersByTimeAsync(15_000);
    expect(deleted).toEqual([["b"]]);
    error.mockRestore();
  });
});

describe("deleteTurnEventsByMessageIds", () => {
  it("deletes the named turns' batches and stop requests in one statement, and no other turn's", async () => {
    await prepareTestDatabase();
    const project = await createTestProject(await createTestUser("sweep"));
    const sessionId = (await createCodingSession({ projectId: project.projectId, title: "t", createdBy: project.userId })).id;
    const [a, b, kept] = [randomUUID(), randomUUID(), randomUUID()];
    for (const messageId of [a, b, kept]) {
      for (let seq = 0; seq < 3; seq++) await insertTurnEventBatch({ channel: TURN_EVENTS_CHANNEL, sessionId, messageId, seq, parts: [{ type: "text-delta", delta: "x" }] });
      await insertTurnStop({ channel: TURN_EVENTS_CHANNEL, sessionId, messageId });
    }
    const before = database().statementCount();
    await deleteTurnEventsByMessageIds({ messageIds: [a, b] });
    expect(database().statementCount() - before).toBe(1);
    const left = await listTurnEventsAfter({ sessionId, seen: new Map() });
    expect(left.map((row) => [row.messageId, row.seq])).toEqual([
      [kept, 0],
      [kept, 1],
      [kept, 2],
    ]);
    const stops = await Promise.all([a, b, kept].map((messageId) => turnStopExists({ sessionId, messageId })));
    expect(stops).toEqual([false, false, true]);
  });
});
