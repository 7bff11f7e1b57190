import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

import * as chat from "@/app/api/chat/route";
import * as projectFile from "@/app/api/projects/[projectId]/files/[...path]/route";
import * as projectFiles from "@/app/api/projects/[projectId]/files/route";
import * as importProject from "@/app/api/projects/import/route";
import * as tree from "@/app/api/projects/[projectId]/tree/route";
import * as projects from "@/app/api/projects/route";
import * as review from "@/app/api/sessions/[sessionId]/review/route";
import * as session from "@/app/api/sessions/[sessionId]/route";
import * as workspaces from "@/app/api/workspaces/route";
import { databaseFingerprint, deleteUserByIdForTest } from "@/db/testing";
import { changePassword } from "@/lib/auth/account";
import { handlers } from "@/lib/auth/config";
import { registerUser } from "@/lib/auth/signup";
import { reviewableDecisionKeys } from "@/lib/chat/review";
import { computeHunks } from "@/lib/edits";
import { AppError } from "@/lib/errors";
import { toChatError } from "@/lib/ai/errors";
import { APP_ORIGIN, call, sessionCookie } from "@/lib/testing/http";
import { createSecurityFixture, FIXTURE_AFTER, FIXTURE_BEFORE, FIXTURE_FILE } from "@/lib/testing/security-fixture";

import type { Fixture } from "./endpoints.security";

let cookie: string;
let fixture: Fixture;
let owner: { userId: string };

beforeAll(async () => {
  ({ cookie, fixture, owner } = await createSecurityFixture());
});

const readFile = (withCookie: string) =>
  call(projectFile.GET, {
    method: "GET",
    path: `/api/projects/${fixture.projectId}/files/${fixture.filePath}`,
    params: { projectId: fixture.projectId, path: fixture.filePath.split("/") },
    cookie: withCookie,
  });
const createFile = (withCookie: string, path: string) =>
  call(projectFiles.POST, {
    method: "POST",
    path: `/api/projects/${fixture.projectId}/files`,
    params: { projectId: fixture.projectId },
    cookie: withCookie,
    json: { path, content: "x" },
  });

/** Signs up through the real sign-up code and signs in through Auth.js's credentials route. */
async function signUpAndSignIn(password: string): Promise<{ userId: string; cookie: string }> {
  const email = `s-${crypto.randomUUID()}@example.test`;
  const { userId } = await registerUser({ email, password, name: "S" }, { ip: "203.0.113.9" });
  const csrf = await authRoute("GET", "/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = setCookies(csrf).find((c) => c.startsWith("authjs.csrf-token="))!;
  const signIn = await authRoute("POST", "/api/auth/callback/credentials", {
    cookie: csrfCookie,
    form: { email, password, csrfToken, callbackUrl: APP_ORIGIN },
  });
  const session = setCookies(signIn).find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in failed: ${signIn.status} ${signIn.headers.get("location")}`);
  return { userId, cookie: session };
}

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]!);
}

function authRoute(method: "GET" | "POST", path: string, { cookie: c, form }: { cookie?: string; form?: Record<string, string> } = {}) {
  const headers = new Headers({ host: new URL(APP_ORIGIN).host, origin: APP_ORIGIN });
  if (c) headers.set("cookie", c);
  if (form) headers.set("content-type", "application/x-www-form-urlencoded");
  const request = new NextRequest(`${APP_ORIGIN}${path}`, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined });
  return method === "GET" ? handlers.GET(request) : handlers.POST(request);
}

async function signOut(sessionCookieValue: string): Promise<void> {
  const csrf = await authRoute("GET", "/api/auth/csrf", { cookie: sessionCookieValue });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = setCookies(csrf).find((c) => c.startsWith("authjs.csrf-token="))!;
  const response = await authRoute("POST", "/api/auth/signout", {
    cookie: `${sessionCookieValue}; ${csrfCookie}`,
    form: { csrfToken, callbackUrl: APP_ORIGIN },
  });
  expect(response.status).toBeLessThan(400);
}

describe("finding 7: a session ends on the server, not just in the browser", () => {
  it("after sign-out, the old cookie neither reads (401) nor writes (401, nothing written)", async () => {
    const user = await signUpAndSignIn("correct horse battery");
    const created = await call(workspaces.POST, { method: "POST", path: "/api/workspaces", cookie: user.cookie, json: { name: "Mine" } });
    expect(created.status).toBe(201);
    const { id: workspaceId } = (await created.json()) as { id: string };
    const project = await call(projects.POST, { method: "POST", path: "/api/projects", cookie: user.cookie, json: { workspaceId, name: "P" } });
    expect(project.status).toBe(201);
    const { id: projectId } = (await project.json()) as { id: string };
    const read = (c: string) => call(tree.GET, { method: "GET", path: `/api/projects/${projectId}/tree`, params: { projectId }, cookie: c });
    const write = (c: string) =>
      call(projectFiles.POST, { method: "POST", path: `/api/projects/${projectId}/files`, params: { projectId }, cookie: c, json: { path: "after.txt" } });
    expect((await read(user.cookie)).status).toBe(200);

    await signOut(user.cookie);

    const before = await databaseFingerprint();
    expect((await read(user.cookie)).status).toBe(401);
    expect((await write(user.cookie)).status).toBe(401);
    expect(await databaseFingerprint()).toBe(before);
  });

  it("a password change ends every existing session; a token of the new generation works", async () => {
    const user = await signUpAndSignIn("first password!");
    // A second browser's session for the same user: a token at the user's current generation.
    const second = await sessionCookie(user.userId, 0);
    // Parses, then fails access: 404 for a live session (not a member), 401 for an ended one.
    const probe = (c: string) =>
      call(projects.POST, { method: "POST", path: "/api/projects", cookie: c, json: { workspaceId: crypto.randomUUID(), name: "P" } });
    expect((await probe(user.cookie)).status).toBe(404);
    await changePassword({ userId: user.userId, currentPassword: "first password!", newPassword: "second password!" });
    expect((await probe(user.cookie)).status).toBe(401);
    expect((await probe(second)).status).toBe(401);
    expect((await probe(await sessionCookie(user.userId, 1))).status).toBe(404);
  });

  it("the fixture owner's reads and writes work with a current cookie and fail with a stale one", async () => {
    expect((await readFile(cookie)).status).toBe(200);
    const stale = await sessionCookie((await createSecurityFixture()).owner.userId, 7);
    expect((await readFile(stale)).status).toBe(401);
    expect((await createFile(stale, "stale.txt")).status).toBe(401);
  });

  it("the chat checks the session in its one read: an ended session gets 401 and nothing is stored", async () => {
    const turn = (c: string) =>
      call(chat.POST, {
        method: "POST",
        path: "/api/chat",
        cookie: c,
        json: { sessionId: fixture.sessionId, message: { id: crypto.randomUUID(), text: "still here?" } },
      });
    const before = await databaseFingerprint();
    const response = await turn(await sessionCookie(owner.userId, 3));
    expect(response.status).toBe(401);
    expect(await databaseFingerprint()).toBe(before);
  });

  it("a deleted account's cookie is refused", async () => {
    const { owner, cookie: ownerCookie } = await createSecurityFixture();
    expect((await call(workspaces.POST, { method: "POST", path: "/api/workspaces", cookie: ownerCookie, json: { name: "W" } })).status).toBe(201);
    await deleteUserByIdForTest(owner.userId);
    expect((await call(workspaces.POST, { method: "POST", path: "/api/workspaces", cookie: ownerCookie, json: { name: "W" } })).status).toBe(401);
  });
});


describe("finding 8: invalid text is refused with 400, database errors are masked", () => {
  const invalidText = ["\ud800", "a\udc00", "\udbff\udbff", "x\ud83d", "nul\u0000"];

  it.each(invalidText)("invalid text %j in names, file content, paths and chat: 400, nothing stored", async (bad) => {
    const cases: (() => Promise<Response>)[] = [
      () => call(workspaces.POST, { method: "POST", path: "/api/workspaces", cookie, json: { name: `W${bad}` } }),
      () => call(projects.POST, { method: "POST", path: "/api/projects", cookie, json: { workspaceId: fixture.workspaceId, name: bad } }),
      () => createFile(cookie, `ok-${bad}.txt`),
      () =>
        call(projectFiles.POST, {
          method: "POST",
          path: `/api/projects/${fixture.projectId}/files`,
          params: { projectId: fixture.projectId },
          cookie,
          json: { path: "content.txt", content: `text ${bad} text` },
        }),
      () =>
        call(session.PATCH, { method: "PATCH", path: `/api/sessions/${fixture.sessionId}`, params: { sessionId: fixture.sessionId }, cookie, json: { title: bad } }),
      () =>
        call(chat.POST, {
          method: "POST",
          path: "/api/chat",
          cookie,
          json: { sessionId: fixture.sessionId, message: { id: crypto.randomUUID(), text: `hello ${bad}` } },
        }),
      () =>
        call(projectFile.GET, {
          method: "GET",
          path: `/api/projects/${fixture.projectId}/files/x`,
          params: { projectId: fixture.projectId, path: [`a${bad}.txt`] },
          cookie,
        }),
      () =>
        call(importProject.POST, {
          method: "POST",
          path: `/api/projects/import?workspaceId=${fixture.workspaceId}&name=${encodeURIComponent("n")}${bad.replace(/[\ud800-\udfff]/g, "%ED%A0%80").replace("\u0000", "%00")}`,
          cookie,
          body: new Uint8Array([1]),
          headers: { "content-type": "application/zip" },
        }),
    ];
    for (const [index, run] of cases.entries()) {
      const before = await databaseFingerprint();
      const response = await run();
      const body = (await response.json()) as { code: string; message: string };
      expect(response.status, `case ${index}: ${JSON.stringify(body)}`).toBe(400);
      expect(body.message, `case ${index}`).toMatch(/invalid text|UTF-8/);
      expect(body.message).not.toMatch(/Failed query|insert into|select /i);
      expect(await databaseFingerprint()).toBe(before);
    }
  });

  it("invalid UTF-8 bytes in a JSON body are a 400, not silently stored as U+FFFD", async () => {
    const prefix = new TextEncoder().encode('{"path":"bytes.txt","content":"a');
    const suffix = new TextEncoder().encode('b"}');
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]]) {
      const body = new Uint8Array([...prefix, ...bad, ...suffix]);
      const response = await call(projectFiles.POST, {
        method: "POST",
        path: `/api/projects/${fixture.projectId}/files`,
        params: { projectId: fixture.projectId },
        cookie,
        body,
        headers: { "content-type": "application/json" },
      });
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await readFileAt("bytes.txt")).status).toBe(404);
  });

  it("a database error reaching the chat error mapper is masked as internal:database", () => {
    const driver = Object.assign(new Error("invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80"), { name: "PostgresError" });
    const drizzle = Object.assign(new Error('Failed query: with ins as (insert into "messages" …) params: secret'), { name: "DrizzleQueryError", cause: driver });
    for (const midStream of [false, true]) {
      const mapped = toChatError(drizzle, { midStream });
      expect(mapped.code).toBe("internal:database");
      expect(mapped.toBody().message).not.toMatch(/Failed query|insert|params|secret/);
    }
    expect(new AppError("internal:database").visibility).toBe("log");
  });
});

function readFileAt(path: string) {
  return call(projectFile.GET, {
    method: "GET",
    path: `/api/projects/${fixture.projectId}/files/${path}`,
    params: { projectId: fixture.projectId, path: path.split("/") },
    cookie,
  });
}

describe("finding 10: review decisions are bounded by the hunks that exist", () => {
  const post = (body: unknown) =>
    call(review.POST, { method: "POST", path: `/api/sessions/${fixture.sessionId}/review`, params: { sessionId: fixture.sessionId }, cookie, json: body });

  it("30,000 invented decision keys are refused and nothing is stored", async () => {
    const decisions = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}-${"x".repeat(150)}`, "accepted"]));
    const before = await databaseFingerprint();
    const response = await post({ messageId: fixture.messageId, path: FIXTURE_FILE, decisions });
    expect(response.status).toBe(400);
    expect(await databaseFingerprint()).toBe(before);
  });

  it("one invented key among real ones is refused; real hunk ids are stored", async () => {
    const hunks = computeHunks(FIXTURE_BEFORE, FIXTURE_AFTER);
    expect(hunks).toHaveLength(2);
    expect((await post({ messageId: fixture.messageId, path: FIXTURE_FILE, decisions: { [hunks[0]!.id]: "rejected", bogus: "accepted" } })).status).toBe(400);
    const ok = await post({ messageId: fixture.messageId, path: FIXTURE_FILE, decisions: { [hunks[0]!.id]: "rejected" } });
    expect(ok.status).toBe(200);
    const detail = await call(session.GET, { method: "GET", path: `/api/sessions/${fixture.sessionId}`, params: { sessionId: fixture.sessionId }, cookie });
    const text = await detail.text();
    expect(text).toContain(hunks[0]!.id);
    expect(text).not.toContain("bogus");
  });

  it("the keys match the review UI's: every hunk of each proposal, or the whole file when there are none", () => {
    const hunks = computeHunks(FIXTURE_BEFORE, FIXTURE_AFTER).map((h) => h.id);
    const one = [{ path: "a", before: FIXTURE_BEFORE, after: FIXTURE_AFTER, baseVersion: 1 }];
    expect([...reviewableDecisionKeys(one, {})].sort()).toEqual([...hunks].sort());
    expect([...reviewableDecisionKeys([{ path: "a", before: null, after: "", baseVersion: null }], {})]).toEqual(["file"]);
    // A later proposal is reviewed on top of the earlier one's accepted hunks.
    const later = "one\nTWO\nthree\nFOUR\nFIVE\n";
    const two = [...one, { path: "a", before: FIXTURE_BEFORE, after: later, baseVersion: 1 }];
    const accepted = Object.fromEntries(hunks.map((id) => [id, "accepted"]));
    const keys = reviewableDecisionKeys(two, accepted);
    for (const hunk of computeHunks(FIXTURE_AFTER, later)) expect(keys.has(hunk.id)).toBe(true);
  });
});
