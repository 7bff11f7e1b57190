import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { database } from "@/db/client";
import { inTransaction } from "@/db/transaction";
import { insertTurnEventBatch, listTurnEventsAfter } from "@/db/queries/shares";
import { resolveSessionAccess } from "@/lib/auth/access";
import { FOLLOW_HEAD_HEADER } from "@/lib/chat/contract";
import { readUiChunks } from "@/lib/chat/sse";
import { createShareLink, followShare, loadSharedSession } from "@/lib/shares/service";
import { chatFixture, startTurn } from "@/lib/testing/chat-fixture";

import { followTurn } from "./follow";
import { liveHub, TURN_EVENTS_CHANNEL } from "./hub";

/**
 * A follower that arrives late or is busy still converges: what happened before it subscribed is
 * either replayed (an open turn) or announced as a moved transcript head (a finished, stored turn),
 * and a batch announced while it was busy wakes it at once. Real Postgres (or PGlite), real turns.
 */
const fixture = chatFixture("follow");

type Chunk = { type: string; delta?: string };

async function chunksOf(body: ReadableStream<Uint8Array>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of readUiChunks<Chunk>(body)) chunks.push(chunk);
  return chunks;
}

async function proLink(): Promise<string> {
  const access = await resolveSessionAccess({ userId: fixture.project.userId, sessionId: fixture.sessionId, action: "session.share" });
  await database().db.execute(`update workspaces set plan = 'pro' where id = '${fixture.project.workspaceId}'`);
  return (await createShareLink(access, { label: "late viewer", expiresInDays: null })).path.replace(/^\/s\//, "");
}

describe("a late or busy follower", () => {
  it("a viewer whose page was read before a whole turn ran, and who subscribes after it ended, is told the transcript moved on", { timeout: 30_000 }, async () => {
    const token = await proLink();
    // The viewer's page is read (server render) ...
    const page = await loadSharedSession(token, { viewer: null });
    // ... then, before its browser has opened the live stream, the owner asks and the answer ends.
    fixture.upstream.enqueue({ steps: [{ type: "text", text: "Answered while the viewer was loading." }] });
    const turn = await startTurn(fixture.project, { sessionId: fixture.sessionId, message: { id: randomUUID(), text: "quick one" } });
    const owner = await chunksOf(turn.body!);
    expect(owner.at(-1)?.type).toBe("finish");
    // Its last batch (with `finish`) is written once the owner's stream has ended.
    await expect.poll(async () => (await listTurnEventsAfter({ sessionId: fixture.sessionId, seen: new Map() })).some((r) => (r.parts as Chunk[]).some((p) => p.type === "finish"))).toBe(true);

    const response = (await followShare(token, { waitMs: 0 }))!;
    const stored = (await loadSharedSession(token, { viewer: null })).messages;
    expect(stored.at(-1)?.role).toBe("assistant");
    // The finished turn is not replayed (it is stored) ...
    expect(await chunksOf(response.body!)).toEqual([]);
    // ... so the follow answer names the stored head, which is not the one on the viewer's page.
    expect(response.headers.get(FOLLOW_HEAD_HEADER)).toBe(stored.at(-1)!.id);
    expect(page.messages.at(-1)?.id ?? "").not.toBe(stored.at(-1)!.id);
  });

  it("a batch announced while the follower is busy handing on chunks wakes it at once, not at the next poll", async () => {
    await liveHub().start();
    expect(liveHub().mode()).toBe("notify");
    const { sessionId } = fixture;
    const messageId = randomUUID();
    const write = (seq: number, parts: Chunk[]) => insertTurnEventBatch({ channel: TURN_EVENTS_CHANNEL, sessionId, messageId, seq, parts });
    await write(0, [{ type: "start" }, { type: "text-start" }, { type: "text-delta", delta: "a" }]);
    const follower = followTurn(sessionId, { waitMs: 5000 });
    for (let i = 0; i < 3; i++) expect((await follower.next()).done).toBe(false);
    // The follower's reader has not asked for more yet: the batch is written and announced meanwhile.
    await write(1, [{ type: "text-delta", delta: "b" }]);
    await new Promise((r) => setTimeout(r, 300));
    const asked = performance.now();
    const next = await follower.next();
    const ms = performance.now() - asked;
    expect(next.value).toEqual({ type: "text-delta", delta: "b" });
    // Threshold: half the 1 s fallback poll, which is what a lost notification costs.
    expect(ms).toBeLessThan(500);
    await write(2, [{ type: "finish" }]);
    expect((await follower.next()).value).toEqual({ type: "finish" });
    expect((await follower.next()).done).toBe(true);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("two turns of one session written concurrently (real Postgres)", () => {
  it("a batch whose row id was handed out before another turn's, but committed after it was read, still reaches the follower", async () => {
    await liveHub().start();
    const { sessionId } = fixture;
    const [slow, fast] = [randomUUID(), randomUUID()];
    const write = (messageId: string, seq: number, parts: Chunk[], executor?: Parameters<typeof insertTurnEventBatch>[0]["executor"]) =>
      insertTurnEventBatch({ executor, channel: TURN_EVENTS_CHANNEL, sessionId, messageId, seq, parts });
    await write(slow, 0, [{ type: "start" }]);
    const follower = followTurn(sessionId, { waitMs: 5000 });
    expect((await follower.next()).value).toEqual({ type: "start" });

    let commitSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (commitSlow = resolve));
    let slowInserted!: () => void;
    const slowHasId = new Promise<void>((resolve) => (slowInserted = resolve));
    // The slow turn's batch takes its row id first, and its transaction stays open ...
    const slowCommit = inTransaction(async (tx) => {
      await write(slow, 1, [{ type: "text-delta", delta: "late" }, { type: "finish" }], tx);
      slowInserted();
      await slowMayCommit;
    });
    await slowHasId;
    // ... while the other turn's batch (a later id) commits and the follower reads past it.
    await write(fast, 0, [{ type: "start" }, { type: "text-delta", delta: "other turn" }]);
    const next = follower.next();
    await new Promise((r) => setTimeout(r, 300));
    commitSlow();
    await slowCommit;
    expect((await next).value).toEqual({ type: "text-delta", delta: "late" });
    expect((await follower.next()).value).toEqual({ type: "finish" });
    expect((await follower.next()).done).toBe(true);
  });
});
