import { randomBytes, randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { database } from "@/db/client";
import { listFilesByProjectId } from "@/db/queries/files";
import { listMessagesBySessionId } from "@/db/queries/sessions";
import { insertShareLink, insertTurnEventBatch, listTurnEventsAfter } from "@/db/queries/shares";
import { streamTurn } from "@/lib/ai/chat";
import { resolveProjectAccess, resolveSessionAccess } from "@/lib/auth/access";
import { chatRequestSchema } from "@/lib/chat/contract";
import { createSession, deleteSession, listSessions, type SessionAccess } from "@/lib/chat/service";
import { readUiChunks } from "@/lib/chat/sse";
import { AppError } from "@/lib/errors";
import { followTurn } from "@/lib/live/follow";
import { TURN_EVENTS_CHANNEL, liveHub } from "@/lib/live/hub";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { startUpstreamServer, type UpstreamServer } from "@/lib/testing/upstream";

import { createShareLink, followShare, forkShare, listShareLinks, loadSharedSession, resolveShare, revokeShareLink, SHARE_VISIT_WINDOW_SECONDS } from "./service";
import { hashShareToken } from "./tokens";

type Chunk = { type: string; delta?: string; data?: unknown };

let upstream: UpstreamServer;
let owner: { userId: string; workspaceId: string };

async function newSession(): Promise<SessionAccess> {
  const project = await createTestProject(owner, "typescript");
  const session = await createSession(project, undefined);
  return resolveSessionAccess({ userId: owner.userId, sessionId: session.id, action: "session.share" });
}

const tokenOf = (path: string) => path.replace(/^\/s\//, "");
const notFound = (promise: Promise<unknown>) => expect(promise).rejects.toSatisfy((e) => e instanceof AppError && e.status === 404);

beforeAll(async () => {
  upstream = await startUpstreamServer({ defaultRate: 0 });
  process.env.AI_BASE_URL = upstream.baseURL;
  process.env.AI_API_KEY = "test-key";
  await prepareTestDatabase();
  owner = await createTestUser("share");
  upstream.upstream.setModels([{ id: "gpt-oss-120b", owned_by: "test" }]);
});

afterAll(async () => {
  await upstream.close();
});

describe("share links", () => {
  it("shows a 256-bit token once and stores only its SHA-256", async () => {
    const access = await newSession();
    const created = await createShareLink(access, { label: "For Ana", expiresInDays: null });
    const token = tokenOf(created.path);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await database().db.execute<{ token_hash: string }>(`select token_hash from share_links where id = '${created.id}'`);
    const stored = JSON.stringify(rows);
    expect(stored).toContain(hashShareToken(token));
    expect(stored).not.toContain(token);
    // The list never carries the token again.
    const list = await listShareLinks(access);
    expect(JSON.stringify(list)).not.toContain(token);
    expect(list.map((l) => [l.label, l.state, l.openCount])).toEqual([["For Ana", "active", 0]]);
  });

  it("counts opens, and is dead on the very next request after revoke, expiry or deletion", async () => {
    const access = await newSession();
    const created = await createShareLink(access, { label: "a", expiresInDays: 7 });
    const token = tokenOf(created.path);
    const view = await loadSharedSession(token, { viewer: "viewer-a" });
    expect(view.title).toBe(access.sessionTitle);
    expect(JSON.stringify(view)).not.toContain(access.sessionId);
    expect(JSON.stringify(view)).not.toContain(access.projectId);
    expect(JSON.stringify(view)).not.toContain(access.workspaceId);
    // The same viewer refreshing, even twice at once, is still one open; another viewer is a second.
    await Promise.all([loadSharedSession(token, { viewer: "viewer-a" }), loadSharedSession(token, { viewer: "viewer-a" })]);
    const openCount = async () => (await listShareLinks(access)).find((l) => l.id === created.id)?.openCount;
    expect(await openCount()).toBe(1);
    await loadSharedSession(token, { viewer: "viewer-b" });
    expect(await openCount()).toBe(2);
    const [listed] = await listShareLinks(access);
    expect(listed?.lastOpenedAt).not.toBeNull();
    // Once the window has passed since viewer A was counted, A's next open is a new visit.
    await database().db.execute(`update share_link_viewers set counted_at = now() - interval '${SHARE_VISIT_WINDOW_SECONDS + 1} seconds' where share_id = '${created.id}'`);
    await loadSharedSession(token, { viewer: "viewer-a" });
    expect(await openCount()).toBe(3);
    // B's row, past the window, was deleted by A's open: only one window's viewers are kept.
    const viewerRows = async () => (await database().db.execute(`select count(*)::int as n from share_link_viewers where share_id = '${created.id}'`)) as unknown;
    expect(JSON.stringify(await viewerRows())).toContain('"n":1');
    await loadSharedSession(token, { viewer: "viewer-b" });
    expect(await openCount()).toBe(4);
    expect(JSON.stringify(await viewerRows())).toContain('"n":2');
    // The viewer id is stored hashed.
    expect(JSON.stringify(await database().db.execute(`select viewer_hash from share_link_viewers where share_id = '${created.id}'`))).not.toContain("viewer-a");

    // Several links per session, each revoked on its own.
    const other = tokenOf((await createShareLink(access, { label: "b", expiresInDays: null })).path);
    await revokeShareLink(access, created.id);
    await notFound(resolveShare(token));
    await expect(resolveShare(other)).resolves.toMatchObject({ sessionId: access.sessionId });
    expect((await listShareLinks(access)).find((l) => l.id === created.id)?.state).toBe("revoked");

    const expired = randomBytes(32).toString("base64url");
    await insertShareLink({ sessionId: access.sessionId, tokenHash: hashShareToken(expired), label: "old", expiresAt: new Date(Date.now() - 1000), createdBy: owner.userId });
    await notFound(resolveShare(expired));

    await deleteSession(access);
    await notFound(resolveShare(other));
  });

  it("refuses a link of another session when revoking", async () => {
    const a = await newSession();
    const b = await newSession();
    const link = await createShareLink(a, { label: "a", expiresInDays: null });
    await notFound(revokeShareLink(b, link.id));
    await notFound(revokeShareLink(b, "not-a-uuid"));
    await expect(resolveShare(tokenOf(link.path))).resolves.toBeTruthy();
  });

  const randomTokens = Number(process.env.SHARE_RANDOM_TOKENS ?? 2000);
  it("finds nothing for random tokens and malformed ones", { timeout: 20_000 + randomTokens * 5 }, async () => {
    const runs = randomTokens;
    let found = 0;
    for (let i = 0; i < runs; i += 50) {
      const batch = Array.from({ length: Math.min(50, runs - i) }, () => resolveShare(randomBytes(32).toString("base64url")).then(() => 1, () => 0));
      found += (await Promise.all(batch)).reduce<number>((a, b) => a + b, 0);
    }
    expect(found).toBe(0);
    for (const bad of ["", "x", "a".repeat(44), `${"a".repeat(42)}!`, "../../api"]) await notFound(resolveShare(bad));
  });
});

describe("live follow", () => {
  async function ownerTurn(access: SessionAccess, text: string) {
    const request = chatRequestSchema.parse({ sessionId: access.sessionId, message: { id: randomUUID(), text: "go" } });
    upstream.upstream.enqueue({ steps: [{ type: "text", text }], rate: 400 });
    const response = await streamTurn({ userId: owner.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
    const chunks: Chunk[] = [];
    const at: number[] = [];
    const done = (async () => {
      for await (const chunk of readUiChunks<Chunk>(response.body!)) {
        chunks.push(chunk);
        at.push(performance.now());
      }
    })();
    return { chunks, at, done };
  }

  async function follow(sessionId: string, waitMs = 5000) {
    const chunks: Chunk[] = [];
    const at: number[] = [];
    for await (const chunk of followTurn(sessionId, { waitMs })) {
      chunks.push(chunk as Chunk);
      at.push(performance.now());
    }
    return { chunks, at };
  }

  it("the self-probe hears its own NOTIFY on a direct connection", async () => {
    await liveHub().start();
    expect(liveHub().mode()).toBe("notify");
  });

  it("a viewer from the start and a late joiner both get exactly the owner's chunks, and the rows go", async () => {
    const access = await newSession();
    const early = follow(access.sessionId);
    const text = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    const turn = await ownerTurn(access, text);
    await new Promise((r) => setTimeout(r, 150));
    const late = follow(access.sessionId);
    await turn.done;
    const [a, b] = await Promise.all([early, late]);
    expect(turn.chunks.at(-1)?.type).toBe("finish");
    expect(a.chunks).toEqual(turn.chunks);
    expect(b.chunks).toEqual(turn.chunks);
    const saved = a.chunks.find((c) => c.type === "data-saved") as { data: { status: string } };
    expect(saved.data.status).toBe("complete");
    // Lag from the owner's chunk to the viewer's, per chunk (printed for the closing note).
    const lags = turn.at.map((t, i) => a.at[i]! - t).sort((x, y) => x - y);
    console.log(`[live] viewer lag over ${lags.length} chunks: p50 ${lags[Math.floor(lags.length / 2)]!.toFixed(1)} ms, p95 ${lags[Math.floor(lags.length * 0.95)]!.toFixed(1)} ms`);
    // A finished turn is not replayed to the next follower: it waits for the next turn instead.
    expect((await follow(access.sessionId, 300)).chunks).toEqual([]);
  });

  it("a turn whose instance died ends stopped for viewers, never complete", async () => {
    const access = await newSession();
    const messageId = randomUUID();
    await insertTurnEventBatch({ channel: TURN_EVENTS_CHANNEL, sessionId: access.sessionId, messageId, seq: 0, parts: [{ type: "start", messageId }, { type: "text-start", id: "t" }, { type: "text-delta", id: "t", delta: "half an ans" }] });
    const { chunks } = await follow(access.sessionId);
    expect(chunks.slice(0, 3).map((c) => c.type)).toEqual(["start", "text-start", "text-delta"]);
    const saved = chunks.find((c) => c.type === "data-saved") as { data: { status: string } };
    expect(saved.data.status).toBe("stopped");
    expect(chunks.at(-1)?.type).toBe("finish");
    expect(await listTurnEventsAfter({ sessionId: access.sessionId, seen: new Map() })).toEqual([]);
  });
});

describe("live follow by plan", () => {
  /** The plan columns as an operator (or billing) sets them; tests write them directly. */
  const setPlan = (workspaceId: string, plan: string, until: string | null = null, overrides: string | null = null) =>
    database().db.execute(
      `update workspaces set plan = '${plan}', plan_until = ${until ? `'${until}'` : "null"}, entitlement_overrides = ${overrides ? `'${overrides}'::jsonb` : "null"} where id = '${workspaceId}'`,
    );

  it("a Free session's link shows the stored session and gets no live stream; Pro follows; a lapsed Pro is Free; an override grants it", async () => {
    const someone = await createTestUser("plan-gate");
    const session = await createSession(await createTestProject(someone, "blank"), undefined);
    const access = await resolveSessionAccess({ userId: someone.userId, sessionId: session.id, action: "session.share" });
    const token = tokenOf((await createShareLink(access, { label: "gate", expiresInDays: null })).path);

    await setPlan(someone.workspaceId, "free");
    expect((await loadSharedSession(token, { viewer: null })).live).toBe(false);
    expect(await followShare(token, { waitMs: 0 })).toBeNull();

    await setPlan(someone.workspaceId, "pro");
    expect((await loadSharedSession(token, { viewer: null })).live).toBe(true);
    const response = await followShare(token, { waitMs: 0 });
    expect(response?.headers.get("content-type")).toBe("text/event-stream");
    await response!.body!.cancel();

    await setPlan(someone.workspaceId, "pro", new Date(Date.now() - 60_000).toISOString());
    expect(await followShare(token, { waitMs: 0 })).toBeNull();

    await setPlan(someone.workspaceId, "free", null, JSON.stringify({ liveFollow: true }));
    expect((await loadSharedSession(token, { viewer: null })).live).toBe(true);
  });
});

describe("fork", () => {
  it("copies the files and the transcript into a new project of the forker's workspace; a dead link forks nothing", async () => {
    const access = await newSession();
    const created = await createShareLink(access, { label: "fork", expiresInDays: null });
    const token = tokenOf(created.path);
    upstream.upstream.enqueue({ steps: [{ type: "text", text: "Original answer." }] });
    const request = chatRequestSchema.parse({ sessionId: access.sessionId, message: { id: randomUUID(), text: "hello" } });
    const response = await streamTurn({ userId: owner.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
    for await (const _ of readUiChunks(response.body!)) void _;

    const other = await createTestUser("forker");
    const { projectId } = await forkShare(token, { userId: other.userId, workspaceId: other.workspaceId });
    const forked = await resolveProjectAccess({ userId: other.userId, projectId, action: "project.read" });
    expect(forked.workspaceId).toBe(other.workspaceId);
    const [source, copy] = await Promise.all([listFilesByProjectId({ projectId: access.projectId }), listFilesByProjectId({ projectId })]);
    expect(copy.map((f) => [f.path, f.content])).toEqual(source.map((f) => [f.path, f.content]));
    const [session] = await listSessions(forked);
    const copied = await listMessagesBySessionId({ sessionId: session!.id });
    expect(copied.map((m) => [m.role, m.parts])).toEqual([
      ["user", [{ type: "text", text: "hello" }]],
      ["assistant", [{ type: "text", text: "Original answer." }]],
    ]);

    await revokeShareLink(access, created.id);
    await notFound(forkShare(token, { userId: other.userId, workspaceId: other.workspaceId }));
  });
});
