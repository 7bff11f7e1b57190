import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { testApiHandler } from "next-test-api-route-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addWorkspaceMember } from "@/db/queries/workspaces";
import { streamTurn } from "@/lib/ai/chat";
import { resolveProjectAccess, resolveSessionAccess, resolveWorkspaceAccess } from "@/lib/auth/access";
import { chatRequestSchema } from "@/lib/chat/contract";
import type { EditProposal } from "@/lib/chat/proposals";
import { reviewChange, createSession } from "@/lib/chat/service";
import { readUiChunks } from "@/lib/chat/sse";
import { computeHunks } from "@/lib/edits/hunks";
import { readFile } from "@/lib/files/service";
import { createProjectFromStarter } from "@/lib/projects/service";
import { buildZip } from "@/lib/projects/zip";
import { createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { sessionCookieFor } from "@/lib/testing/session-cookie";
import { startUpstreamServer, type UpstreamServer } from "@/lib/testing/upstream";
import { defaultEditorSettings } from "@/lib/settings/contract";
import { createShareLink } from "@/lib/shares/service";
import { createInvitation } from "@/lib/workspaces/invitations";
import { can, type WorkspaceAction, type WorkspaceRole } from "@/lib/workspaces/roles";
import { createTeamWorkspace } from "@/lib/workspaces/service";
import { setWorkspacePlan } from "@/db/queries/billing";

/**
 * The authorization matrix: every route handler (found on disk, every exported method) and every
 * server action (every export of a "use server" module) × {owner, admin, member, viewer, non-member,
 * anonymous}, called through Next's real request handling (next-test-api-route-handler) on a real
 * database. Expected answers come from the roles table in lib/workspaces/roles.ts: roles that may do
 * the action succeed, lower roles get 403, non-members 404 (existence never leaks), anonymous 401.
 * A route or action that is not listed here fails the suite.
 */

const callers = ["owner", "admin", "member", "viewer", "nonMember", "anonymous"] as const;
type Caller = (typeof callers)[number];
const memberRoles: Record<Exclude<Caller, "nonMember" | "anonymous">, WorkspaceRole> = {
  owner: "owner",
  admin: "admin",
  member: "member",
  viewer: "viewer",
};

/** `account` and `none`: routes that act on the caller's own account or on nothing. */
type Aggregate = "workspace" | "project" | "file" | "session" | "message" | "checkpoint" | "invitation" | "share" | "account" | "none";

/** A fresh team workspace with one of each role, a project, a session with an accepted AI edit, and an invitation. */
interface World {
  workspaceId: string;
  projectId: string;
  sessionId: string;
  messageId: string;
  invitationId: string;
  invitationToken: string;
  shareId: string;
  shareToken: string;
  /** A plain member that write cells act on (re-role, remove, transfer to). */
  targetUserId: string;
}

interface Call {
  params?: Record<string, string | string[]>;
  /** Path and query after the origin, for handlers that read the URL. */
  url?: string;
  method: string;
  json?: unknown;
  body?: Uint8Array;
  contentType?: string;
}

type Expectation =
  /** Decided by the roles table; `ok` is the success status. */
  | { action: WorkspaceAction; ok: number }
  /** Any account; the resource is the caller's own (e.g. a new workspace). */
  | { signedIn: number }
  | { custom: Record<Caller, number> };

interface Entry {
  aggregate: Aggregate;
  expect: Expectation;
  call: (world: World) => Call;
  /** Runs before the call, e.g. to queue the scripted model's answer. */
  before?: () => void;
}

const ORIGIN = "http://localhost:3000";
// The handlers run behind a server on a random port; mutations are checked against the app's URL.
process.env.WAFER_APP_URL = ORIGIN;
const file = (w: World, p = "src/greet.ts") => ({ projectId: w.projectId, path: p.split("/") });

/** Every route handler and method. The key is `METHOD /app/path`, as found on disk. */
const routes: Record<string, Entry> = {
  "GET /api/health": { aggregate: "none", expect: { custom: { owner: 200, admin: 200, member: 200, viewer: 200, nonMember: 200, anonymous: 200 } }, call: () => ({ method: "GET" }) },
  "GET /api/auth/[...nextauth]": {
    aggregate: "account",
    expect: { custom: { owner: 200, admin: 200, member: 200, viewer: 200, nonMember: 200, anonymous: 200 } },
    call: () => ({ method: "GET", url: "/api/auth/session", params: { nextauth: ["session"] } }),
  },
  // A credentials sign-in without the CSRF token is refused whoever asks (Auth.js redirects to its error page).
  "POST /api/auth/[...nextauth]": {
    aggregate: "account",
    expect: { custom: { owner: 302, admin: 302, member: 302, viewer: 302, nonMember: 302, anonymous: 302 } },
    call: () => ({ method: "POST", url: "/api/auth/callback/credentials", params: { nextauth: ["callback", "credentials"], }, body: new TextEncoder().encode("email=a%40b.c&password=x"), contentType: "application/x-www-form-urlencoded" }),
  },
  // Benchmark-only routes exist only with WAFER_BENCH_ROUTES=true.
  "POST /api/bench/peer": { aggregate: "none", expect: { custom: { owner: 404, admin: 404, member: 404, viewer: 404, nonMember: 404, anonymous: 404 } }, call: () => ({ method: "POST", json: { prompt: "x", model: "gpt-oss-120b" } }) },
  "POST /api/bench/plan": { aggregate: "none", expect: { custom: { owner: 404, admin: 404, member: 404, viewer: 404, nonMember: 404, anonymous: 404 } }, call: (w) => ({ method: "POST", json: { workspaceId: w.workspaceId } }) },
  "GET /api/bench/stats": { aggregate: "none", expect: { custom: { owner: 404, admin: 404, member: 404, viewer: 404, nonMember: 404, anonymous: 404 } }, call: () => ({ method: "GET" }) },
  "GET /api/models": { aggregate: "account", expect: { signedIn: 200 }, call: () => ({ method: "GET" }) },
  "POST /api/chat": {
    aggregate: "message",
    expect: { action: "ai.use", ok: 200 },
    before: () => upstream.upstream.enqueue({ steps: [{ type: "text", text: "hello" }] }),
    call: (w) => ({ method: "POST", json: { sessionId: w.sessionId, message: { id: randomUUID(), text: "hi" } } }),
  },
  "GET /api/sessions/[sessionId]/usage": {
    aggregate: "session",
    expect: { action: "session.read", ok: 200 },
    call: (w) => ({ method: "GET", params: { sessionId: w.sessionId } }),
  },
  "POST /api/workspaces": { aggregate: "workspace", expect: { signedIn: 201 }, call: () => ({ method: "POST", json: { name: "Another team" } }) },
  "PATCH /api/workspaces/[workspaceId]": {
    aggregate: "workspace",
    expect: { action: "workspace.settings", ok: 200 },
    call: (w) => ({ method: "PATCH", params: { workspaceId: w.workspaceId }, json: { name: "Renamed", slug: `renamed-${randomUUID().slice(0, 8)}` } }),
  },
  "DELETE /api/workspaces/[workspaceId]": {
    aggregate: "workspace",
    expect: { action: "workspace.delete", ok: 204 },
    call: (w) => ({ method: "DELETE", params: { workspaceId: w.workspaceId }, json: { confirmName: "Matrix team" } }),
  },
  "GET /api/workspaces/[workspaceId]/members": { aggregate: "workspace", expect: { action: "workspace.read", ok: 200 }, call: (w) => ({ method: "GET", params: { workspaceId: w.workspaceId } }) },
  "POST /api/workspaces/[workspaceId]/members": {
    aggregate: "workspace",
    expect: { action: "members.manage", ok: 201 },
    call: (w) => ({ method: "POST", params: { workspaceId: w.workspaceId }, json: { email: outsiderEmail, role: "member" } }),
  },
  "PATCH /api/workspaces/[workspaceId]/members/[userId]": {
    aggregate: "workspace",
    expect: { action: "members.manage", ok: 200 },
    call: (w) => ({ method: "PATCH", params: { workspaceId: w.workspaceId, userId: w.targetUserId }, json: { role: "viewer" } }),
  },
  "DELETE /api/workspaces/[workspaceId]/members/[userId]": {
    aggregate: "workspace",
    expect: { action: "members.manage", ok: 204 },
    call: (w) => ({ method: "DELETE", params: { workspaceId: w.workspaceId, userId: w.targetUserId } }),
  },
  "POST /api/workspaces/[workspaceId]/transfer": {
    aggregate: "workspace",
    expect: { action: "workspace.transfer", ok: 204 },
    call: (w) => ({ method: "POST", params: { workspaceId: w.workspaceId }, json: { userId: w.targetUserId } }),
  },
  "GET /api/workspaces/[workspaceId]/invitations": {
    aggregate: "invitation",
    expect: { action: "invitations.manage", ok: 200 },
    call: (w) => ({ method: "GET", params: { workspaceId: w.workspaceId } }),
  },
  "POST /api/workspaces/[workspaceId]/invitations": {
    aggregate: "invitation",
    expect: { action: "invitations.manage", ok: 201 },
    call: (w) => ({ method: "POST", params: { workspaceId: w.workspaceId }, json: { kind: "link", role: "member", maxUses: 3 } }),
  },
  "DELETE /api/workspaces/[workspaceId]/invitations/[invitationId]": {
    aggregate: "invitation",
    expect: { action: "invitations.manage", ok: 204 },
    call: (w) => ({ method: "DELETE", params: { workspaceId: w.workspaceId, invitationId: w.invitationId } }),
  },
  // Joining is what an invitation is for: members are told they already are, anyone else gets in.
  "POST /api/invitations/accept": {
    aggregate: "invitation",
    expect: { custom: { owner: 409, admin: 409, member: 409, viewer: 409, nonMember: 200, anonymous: 401 } },
    call: (w) => ({ method: "POST", json: { token: w.invitationToken } }),
  },
  // Stripe is not configured in this suite: whoever may manage billing learns that (404); others are refused first.
  "POST /api/workspaces/[workspaceId]/billing/checkout": {
    aggregate: "workspace",
    expect: { action: "billing.manage", ok: 404 },
    call: (w) => ({ method: "POST", params: { workspaceId: w.workspaceId }, json: { plan: "pro" } }),
  },
  "POST /api/workspaces/[workspaceId]/billing/portal": { aggregate: "workspace", expect: { action: "billing.manage", ok: 404 }, call: (w) => ({ method: "POST", params: { workspaceId: w.workspaceId } }) },
  // Stripe's own call: no session, the signature is the auth; without Stripe configured it does not exist.
  "POST /api/billing/stripe-webhook": {
    aggregate: "none",
    expect: { custom: { owner: 404, admin: 404, member: 404, viewer: 404, nonMember: 404, anonymous: 404 } },
    call: () => ({ method: "POST", body: new TextEncoder().encode("{}"), contentType: "application/json" }),
  },
  "PUT /api/workspaces/[workspaceId]/provider-key": {
    aggregate: "workspace",
    expect: { action: "billing.manage", ok: 200 },
    call: (w) => ({ method: "PUT", params: { workspaceId: w.workspaceId }, json: { apiKey: "csk-matrix-key-1234" } }),
  },
  "DELETE /api/workspaces/[workspaceId]/provider-key": { aggregate: "workspace", expect: { action: "billing.manage", ok: 204 }, call: (w) => ({ method: "DELETE", params: { workspaceId: w.workspaceId } }) },
  "POST /api/projects": {
    aggregate: "project",
    expect: { action: "project.create", ok: 201 },
    call: (w) => ({ method: "POST", json: { workspaceId: w.workspaceId, name: "New", starter: "blank" } }),
  },
  "POST /api/projects/import": {
    aggregate: "project",
    expect: { action: "project.create", ok: 201 },
    call: (w) => ({
      method: "POST",
      url: `/api/projects/import?workspaceId=${w.workspaceId}&name=Imported`,
      body: buildZip([{ path: "a.txt", kind: "file", content: "a\n" }]),
      contentType: "application/zip",
    }),
  },
  "PATCH /api/projects/[projectId]": { aggregate: "project", expect: { action: "project.edit", ok: 200 }, call: (w) => ({ method: "PATCH", params: { projectId: w.projectId }, json: { name: "Renamed" } }) },
  "DELETE /api/projects/[projectId]": { aggregate: "project", expect: { action: "project.delete", ok: 204 }, call: (w) => ({ method: "DELETE", params: { projectId: w.projectId } }) },
  "GET /api/projects/[projectId]/export": { aggregate: "project", expect: { action: "project.read", ok: 200 }, call: (w) => ({ method: "GET", params: { projectId: w.projectId } }) },
  "GET /api/projects/[projectId]/tree": { aggregate: "file", expect: { action: "file.read", ok: 200 }, call: (w) => ({ method: "GET", params: { projectId: w.projectId } }) },
  "GET /api/projects/[projectId]/search": {
    aggregate: "file",
    expect: { action: "file.read", ok: 200 },
    call: (w) => ({ method: "GET", params: { projectId: w.projectId }, url: `/api/projects/${w.projectId}/search?q=greet&replace=hi` }),
  },
  "POST /api/projects/[projectId]/files": {
    aggregate: "file",
    expect: { action: "file.write", ok: 201 },
    call: (w) => ({ method: "POST", params: { projectId: w.projectId }, json: { path: "new.txt", kind: "file", content: "x" } }),
  },
  "GET /api/projects/[projectId]/files/[...path]": { aggregate: "file", expect: { action: "file.read", ok: 200 }, call: (w) => ({ method: "GET", params: file(w) }) },
  "PUT /api/projects/[projectId]/files/[...path]": {
    aggregate: "file",
    expect: { action: "file.write", ok: 200 },
    call: (w) => ({ method: "PUT", params: file(w, "README.md"), json: { content: "changed\n", baseVersion: 1 } }),
  },
  "PATCH /api/projects/[projectId]/files/[...path]": {
    aggregate: "file",
    expect: { action: "file.write", ok: 200 },
    call: (w) => ({ method: "PATCH", params: file(w, "README.md"), json: { newPath: "MOVED.md" } }),
  },
  "DELETE /api/projects/[projectId]/files/[...path]": { aggregate: "file", expect: { action: "file.write", ok: 204 }, call: (w) => ({ method: "DELETE", params: file(w, "README.md") }) },
  "GET /api/projects/[projectId]/sessions": { aggregate: "session", expect: { action: "session.read", ok: 200 }, call: (w) => ({ method: "GET", params: { projectId: w.projectId } }) },
  "POST /api/projects/[projectId]/sessions": { aggregate: "session", expect: { action: "session.write", ok: 201 }, call: (w) => ({ method: "POST", params: { projectId: w.projectId }, json: { title: "S" } }) },
  "GET /api/sessions/[sessionId]": { aggregate: "session", expect: { action: "session.read", ok: 200 }, call: (w) => ({ method: "GET", params: { sessionId: w.sessionId } }) },
  "PATCH /api/sessions/[sessionId]": { aggregate: "session", expect: { action: "session.write", ok: 200 }, call: (w) => ({ method: "PATCH", params: { sessionId: w.sessionId }, json: { title: "T" } }) },
  "DELETE /api/sessions/[sessionId]": { aggregate: "session", expect: { action: "session.write", ok: 204 }, call: (w) => ({ method: "DELETE", params: { sessionId: w.sessionId } }) },
  "GET /api/sessions/[sessionId]/patch": { aggregate: "message", expect: { action: "session.read", ok: 200 }, call: (w) => ({ method: "GET", params: { sessionId: w.sessionId } }) },
  "POST /api/sessions/[sessionId]/review": {
    aggregate: "message",
    expect: { action: "session.write", ok: 200 },
    call: (w) => ({ method: "POST", params: { sessionId: w.sessionId }, json: { messageId: w.messageId, path: "src/greet.ts", decisions: {} } }),
  },
  "GET /api/sessions/[sessionId]/shares": { aggregate: "share", expect: { action: "session.share", ok: 200 }, call: (w) => ({ method: "GET", params: { sessionId: w.sessionId } }) },
  "POST /api/sessions/[sessionId]/shares": {
    aggregate: "share",
    expect: { action: "session.share", ok: 201 },
    call: (w) => ({ method: "POST", params: { sessionId: w.sessionId }, json: { label: "For review", expiresInDays: 7 } }),
  },
  "DELETE /api/sessions/[sessionId]/shares/[shareId]": {
    aggregate: "share",
    expect: { action: "session.share", ok: 204 },
    call: (w) => ({ method: "DELETE", params: { sessionId: w.sessionId, shareId: w.shareId } }),
  },
  "GET /api/sessions/[sessionId]/live": {
    aggregate: "session",
    expect: { action: "session.read", ok: 200 },
    call: (w) => ({ method: "GET", params: { sessionId: w.sessionId }, url: `/api/sessions/${w.sessionId}/live?wait=0` }),
  },
  // The link is the credential: whoever holds it reads, with or without an account.
  "GET /api/s/[token]/live": {
    aggregate: "share",
    expect: { custom: { owner: 200, admin: 200, member: 200, viewer: 200, nonMember: 200, anonymous: 200 } },
    call: (w) => ({ method: "GET", params: { token: w.shareToken }, url: `/api/s/${w.shareToken}/live?wait=0` }),
  },
  // Forking needs the link and the right to create projects in the target workspace.
  "POST /api/s/[token]/fork": {
    aggregate: "share",
    expect: { action: "project.create", ok: 201 },
    call: (w) => ({ method: "POST", params: { token: w.shareToken }, json: { workspaceId: w.workspaceId } }),
  },
  "POST /api/sessions/[sessionId]/turns/[messageId]/stop": {
    aggregate: "message",
    expect: { action: "ai.use", ok: 202 },
    call: (w) => ({ method: "POST", params: { sessionId: w.sessionId, messageId: w.messageId } }),
  },
  "POST /api/sessions/[sessionId]/checkpoints/[messageId]/restore": {
    aggregate: "checkpoint",
    expect: { action: "session.write", ok: 200 },
    call: (w) => ({ method: "POST", params: { sessionId: w.sessionId, messageId: w.messageId } }),
  },
};

/**
 * Every server action, by `module#export`. Today's are the auth forms, which act on no workspace
 * resource: each caller gets the same answer (`run` returns what the caller saw).
 */
interface ActionEntry {
  aggregate: Aggregate;
  expected: Record<Caller, string>;
  run: (action: (...args: never[]) => Promise<unknown>) => Promise<string>;
}

const formState = async (result: unknown) => (result && typeof result === "object" && "error" in result ? `error: ${String((result as { error: unknown }).error)}` : "ok");
/** Every signed-in caller sees `value`; anonymous callers are asked to sign in. */
const signedIn = (value: string): Record<Caller, string> => ({ ...same(value), anonymous: "error: You need to sign in to continue." });
const same = (value: string): Record<Caller, string> => Object.fromEntries(callers.map((c) => [c, value])) as Record<Caller, string>;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
type FormAction = (prev: unknown, data: FormData) => Promise<unknown>;

const serverActions: Record<string, ActionEntry> = {
  "app/(auth)/actions.ts#signInAction": {
    aggregate: "account",
    expected: same("error: Wrong email or password."),
    run: async (action) => formState(await (action as unknown as FormAction)({ error: null }, form({ email: `nobody-${randomUUID()}@example.test`, password: "wrong-password" }))),
  },
  "app/(auth)/actions.ts#signUpAction": {
    aggregate: "account",
    expected: same("error: Use at least 8 characters."),
    run: async (action) => formState(await (action as unknown as FormAction)({ error: null }, form({ name: "x", email: "x@example.test", password: "short" }))),
  },
  // Signing out ends only the caller's own session: a redirect to sign-in for everyone.
  "app/(auth)/actions.ts#signOutAction": { aggregate: "account", expected: same("redirect"), run: async (action) => ((await action()) === undefined ? "ok" : "returned") },
  // The account page's actions act on the caller's own account: anonymous callers are refused before
  // anything is read; signed-in callers get the lib's answer (invalid input here, so no one's account changes).
  "app/account/actions.ts#renameAction": {
    aggregate: "account",
    expected: signedIn("error: Enter a name."),
    run: async (action) => formState(await (action as unknown as FormAction)({ error: null }, form({ name: "   " }))),
  },
  "app/account/actions.ts#changePasswordAction": {
    aggregate: "account",
    expected: signedIn("error: The current password is wrong."),
    run: async (action) =>
      formState(await (action as unknown as FormAction)({ error: null }, form({ currentPassword: "not the password", newPassword: "a brand new passphrase" }))),
  },
  // The matrix's users sign in without a password (as through GitHub): they confirm with their email.
  "app/account/actions.ts#deleteAccountAction": {
    aggregate: "account",
    expected: signedIn("error: Type your account's email exactly as shown to confirm."),
    run: async (action) => formState(await (action as unknown as FormAction)({ error: null }, form({ email: "not-my-email@example.test" }))),
  },
  "app/account/actions.ts#saveEditorSettingsAction": {
    aggregate: "account",
    expected: signedIn("ok"),
    run: async (action) => formState(await (action as unknown as (s: typeof defaultEditorSettings) => Promise<unknown>)(defaultEditorSettings)),
  },
  // Without GitHub configured the provider does not exist; Auth.js refuses with a redirect to its error page.
  "app/(auth)/actions.ts#signInWithGitHubAction": {
    aggregate: "account",
    expected: same("redirect"),
    run: async (action) => ((await (action as unknown as (d: FormData) => Promise<unknown>)(form({ callbackUrl: "/" }))) === undefined ? "ok" : "returned"),
  },
};

// ── discovery ────────────────────────────────────────────────────────────────────────────────────

const appDir = path.resolve(__dirname);
const httpMethods = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** `app/api/x/[id]/route.ts` → `/api/x/[id]`; route groups `(name)` vanish from URLs. */
const routePathOf = (file: string) =>
  `/${path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/")}`;

const routeFiles = walk(appDir).filter((f) => path.basename(f) === "route.ts");
const sourceRoot = path.resolve(appDir, "..");
const actionFiles = ["app", "components", "lib"]
  .flatMap((d) => walk(path.join(sourceRoot, d)))
  .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
  .filter((f) => /^\s*["']use server["']/.test(readFileSync(f, "utf8")));

type RouteModule = Record<string, unknown>;
const loadedRoutes = new Map<string, { module: RouteModule; key: string }>();

// ── fixtures ─────────────────────────────────────────────────────────────────────────────────────

let upstream: UpstreamServer;
const people = {} as Record<Exclude<Caller, "anonymous"> | "target" | "outsider", { userId: string; email: string; workspaceId: string }>;
const cookies = {} as Record<Caller, string | null>;
let outsiderEmail = "";

async function drain(response: Response): Promise<void> {
  if (response.body) for await (const _ of readUiChunks(response.body)) void _;
}

async function buildWorld(): Promise<World> {
  const team = await createTeamWorkspace({ userId: people.owner.userId, name: "Matrix team" });
  // Six people and an invitation: more than Free's seats (lib/plans/entitlements.ts), which a Team plan has; on Team the share link's live route streams too.
  await setWorkspacePlan({ workspaceId: team.id, plan: "team", planUntil: null });
  for (const caller of ["admin", "member", "viewer"] as const) {
    await addWorkspaceMember({ workspaceId: team.id, userId: people[caller].userId, role: memberRoles[caller] });
  }
  await addWorkspaceMember({ workspaceId: team.id, userId: people.target.userId, role: "member" });
  const project = await createProjectFromStarter({ workspaceId: team.id, userId: people.owner.userId, name: "Matrix", starter: "typescript", maxProjects: Infinity });
  const access = await resolveProjectAccess({ userId: people.owner.userId, projectId: project.id, action: "project.read" });
  const session = await createSession(access, "Matrix session");
  // One real AI turn that proposes an edit, accepted through review: a message, a checkpoint, a patch.
  const before = await readFile(access, "src/greet.ts");
  const after = before.content.replace("Hello", "Hi");
  upstream.upstream.enqueue([
    { steps: [{ type: "tool_call", name: "write_file", arguments: JSON.stringify({ path: "src/greet.ts", content: after }) }] },
    { steps: [{ type: "text", text: "Done." }] },
  ]);
  const request = chatRequestSchema.parse({ sessionId: session.id, message: { id: randomUUID(), text: "Say hi" } });
  const response = await streamTurn({ userId: people.owner.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
  let messageId = "";
  let proposal: EditProposal | undefined;
  for await (const chunk of readUiChunks<{ type: string; data?: unknown }>(response.body!)) {
    if (chunk.type === "data-saved") messageId = (chunk.data as { messageId: string }).messageId;
    if (chunk.type === "data-proposal") proposal = chunk.data as EditProposal;
  }
  if (!messageId || !proposal) throw new Error("the seed turn produced no proposal");
  const sessionAccess = await resolveSessionAccess({ userId: people.owner.userId, sessionId: session.id, action: "session.write" });
  const hunks = computeHunks(before.content, after);
  await reviewChange(sessionAccess, {
    messageId,
    path: "src/greet.ts",
    decisions: Object.fromEntries(hunks.map((h) => [h.id, "accepted"])),
    write: { content: after, baseVersion: before.version },
  });
  const actor = await resolveWorkspaceAccess({ userId: people.owner.userId, workspaceId: team.id, action: "invitations.manage" });
  const invitation = await createInvitation(actor, { kind: "link", role: "member", maxUses: 5, expiresInDays: 7 });
  const share = await createShareLink(sessionAccess, { label: "Matrix link", expiresInDays: null });
  return {
    shareId: share.id,
    shareToken: share.path.split("/").at(-1)!,
    workspaceId: team.id,
    projectId: project.id,
    sessionId: session.id,
    messageId,
    invitationId: invitation.id,
    invitationToken: invitation.path.split("/").at(-1)!,
    targetUserId: people.target.userId,
  };
}

function expectedStatus(entry: Entry, caller: Caller): number {
  const e = entry.expect;
  if ("custom" in e) return e.custom[caller];
  if (caller === "anonymous") return 401;
  if ("signedIn" in e) return e.signedIn;
  if (caller === "nonMember") return 404;
  return can(memberRoles[caller], e.action) ? e.ok : 403;
}

async function callRoute(key: string, handler: RouteModule, call: Call, caller: Caller, extraHeaders: Record<string, string> = {}): Promise<number> {
  const [method, routePath] = key.split(" ") as [string, string];
  const headers: Record<string, string> = { origin: ORIGIN, ...extraHeaders };
  const cookie = cookies[caller];
  if (cookie) headers.cookie = cookie;
  let body: BodyInit | undefined;
  if (call.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(call.json);
  } else if (call.body) {
    headers["content-type"] = call.contentType ?? "application/octet-stream";
    body = Buffer.from(call.body);
  }
  const concretePath = call.url ?? routePath.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const value = call.params?.[name];
    return Array.isArray(value) ? value.join("/") : (value ?? name);
  });
  let status = 0;
  await testApiHandler({
    appHandler: handler as never,
    params: call.params ?? {},
    url: `${ORIGIN}${concretePath}`,
    rejectOnHandlerError: true,
    test: async ({ fetch }) => {
      const response = await fetch({ method, headers, body, redirect: "manual" });
      status = response.status;
      if (response.status === 200 && response.headers.get("content-type")?.includes("event-stream")) await drain(response);
      else await response.arrayBuffer();
    },
  });
  expect(method).toBe(call.method);
  return status;
}

// ── the suite ────────────────────────────────────────────────────────────────────────────────────

const results: { key: string; caller: Caller; expected: number; actual: number }[] = [];
let actionCells = 0;

beforeAll(async () => {
  upstream = await startUpstreamServer({ defaultRate: 0 });
  process.env.AI_BASE_URL = upstream.baseURL;
  process.env.AI_API_KEY = "test-key";
  process.env.BYOK_ALLOWED_BASE_URLS = upstream.baseURL;
  await prepareTestDatabase();
  for (const name of ["owner", "admin", "member", "viewer", "nonMember", "target", "outsider"] as const) {
    people[name] = await createTestUser(`matrix-${name.toLowerCase()}`);
  }
  outsiderEmail = people.outsider.email;
  for (const caller of callers) {
    cookies[caller] = caller === "anonymous" ? null : await sessionCookieFor({ ...people[caller], name: caller });
  }
  for (const file of routeFiles) {
    const routeModule = (await import(/* @vite-ignore */ file)) as RouteModule;
    for (const method of httpMethods) {
      if (typeof routeModule[method] === "function") loadedRoutes.set(`${method} ${routePathOf(file)}`, { module: routeModule, key: `${method} ${routePathOf(file)}` });
    }
  }
}, 120_000);

afterAll(async () => {
  const cells = results.length;
  const unexpected2xx = results.filter((r) => r.actual >= 200 && r.actual < 300 && !(r.expected >= 200 && r.expected < 300)).length;
  const mismatches = results.filter((r) => r.actual !== r.expected).length;
  console.info(`authorization matrix: ${loadedRoutes.size} route handlers, ${Object.keys(serverActions).length} server actions, ${cells} route cells + ${actionCells} server-action cells, ${unexpected2xx} unexpected 2xx, ${mismatches} mismatches`);
  await upstream?.close();
});

describe("the matrix covers every route handler and server action", () => {
  it("lists every route handler method found under app/, and nothing else", () => {
    const found = [...loadedRoutes.keys()].sort();
    expect(found.length).toBeGreaterThan(20);
    expect(found.filter((key) => !(key in routes)), "route handlers missing from the matrix").toEqual([]);
    expect(Object.keys(routes).filter((key) => !loadedRoutes.has(key)), "matrix entries with no route").toEqual([]);
  });

  it("lists every export of every \"use server\" module, and nothing else", async () => {
    const found: string[] = [];
    for (const file of actionFiles) {
      const actionModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(actionModule)) if (typeof value === "function") found.push(`${path.relative(sourceRoot, file)}#${name}`);
    }
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((key) => !(key in serverActions)), "server actions missing from the matrix").toEqual([]);
    expect(Object.keys(serverActions).filter((key) => !found.includes(key)), "matrix entries with no server action").toEqual([]);
  });

  it("covers every aggregate", () => {
    const covered = new Set(Object.values(routes).map((e) => e.aggregate));
    for (const aggregate of ["workspace", "project", "file", "session", "message", "checkpoint", "invitation", "share"] as const) expect(covered).toContain(aggregate);
  });
});

describe.each(Object.keys(routes))("%s", (key) => {
  it.each(callers)("as %s", async (caller) => {
    const entry = routes[key]!;
    const loaded = loadedRoutes.get(key);
    if (!loaded) throw new Error(`no route handler for ${key}`);
    const world = await buildWorld();
    const expected = expectedStatus(entry, caller);
    // Only a call that will reach the model may queue its answer, or the next seed turn would get it.
    if (expected < 300) entry.before?.();
    const actual = await callRoute(key, loaded.module, entry.call(world), caller);
    results.push({ key, caller, expected, actual });
    expect(actual, `${key} as ${caller}`).toBe(expected);
  });
});

/**
 * A share link is read-only: its token, offered as a bearer token, a cookie, a Referer, or in place
 * of every path parameter, opens no mutating route.
 */
describe("a share link against every mutating route", () => {
  it.each(Object.keys(routes).filter((key) => !key.startsWith("GET ")))("%s refuses it", async (key) => {
    const entry = routes[key]!;
    const loaded = loadedRoutes.get(key);
    if (!loaded) throw new Error(`no route handler for ${key}`);
    const world = await buildWorld();
    const link = world.shareToken;
    const credentials = { authorization: `Bearer ${link}`, cookie: `wafer-share=${link}`, referer: `${ORIGIN}/s/${link}` };
    const call = entry.call(world);
    const asCredential = await callRoute(key, loaded.module, call, "anonymous", credentials);
    expect(asCredential, `${key} with the link as credential`).toBe(expectedStatus(entry, "anonymous"));
    expect(asCredential < 200 || asCredential >= 300).toBe(true);
    if (call.params && !call.url) {
      const params = Object.fromEntries(Object.entries(call.params).map(([name, value]) => [name, Array.isArray(value) ? [link] : link]));
      const inParams = await callRoute(key, loaded.module, { ...call, params }, "anonymous", credentials);
      expect(inParams < 200 || inParams >= 300, `${key} with the link in its params: ${inParams}`).toBe(true);
    }
  });
});

describe.each(Object.keys(serverActions))("server action %s", (key) => {
  it.each(callers)("as %s", async (caller) => {
    const entry = serverActions[key]!;
    const [file, name] = key.split("#") as [string, string];
    const actionModule = (await import(/* @vite-ignore */ path.join(sourceRoot, file))) as Record<string, (...args: never[]) => Promise<unknown>>;
    const action = actionModule[name]!;
    let outcome = "";
    // Server actions run inside a real Next request scope (headers, cookies, redirect), as in production.
    await testApiHandler({
      appHandler: {
        POST: async () => {
          outcome = await entry.run(action);
          return new Response(null, { status: 204 });
        },
      } as never,
      url: `${ORIGIN}/`,
      test: async ({ fetch }) => {
        const response = await fetch({ method: "POST", headers: { origin: ORIGIN, ...(cookies[caller] ? { cookie: cookies[caller] } : {}) }, redirect: "manual" });
        if (response.status >= 300 && response.status < 400) outcome = "redirect";
        await response.arrayBuffer();
      },
    });
    actionCells += 1;
    expect(outcome, `${key} as ${caller}`).toBe(entry.expected[caller]);
  });
});

describe("owners are safe", () => {
  const send = async (key: string, call: Call, caller: Caller) => callRoute(key, loadedRoutes.get(key)!.module, call, caller);

  it("an admin cannot take a team over through POST …/members", async () => {
    const w = await buildWorld();
    const status = await send("POST /api/workspaces/[workspaceId]/members", { method: "POST", params: { workspaceId: w.workspaceId }, json: { email: people.owner.email, role: "viewer" } }, "admin");
    expect(status).toBe(409);
    // The owner still manages the workspace.
    expect(await send("GET /api/workspaces/[workspaceId]/invitations", { method: "GET", params: { workspaceId: w.workspaceId } }, "owner")).toBe(200);
  });

  it("only owners change an owner's role or make owners; admins cannot remove owners", async () => {
    const w = await buildWorld();
    const patch = "PATCH /api/workspaces/[workspaceId]/members/[userId]";
    expect(await send(patch, { method: "PATCH", params: { workspaceId: w.workspaceId, userId: people.owner.userId }, json: { role: "viewer" } }, "admin")).toBe(403);
    expect(await send(patch, { method: "PATCH", params: { workspaceId: w.workspaceId, userId: w.targetUserId }, json: { role: "owner" } }, "admin")).toBe(403);
    expect(await send(patch, { method: "PATCH", params: { workspaceId: w.workspaceId, userId: people.admin.userId }, json: { role: "owner" } }, "admin")).toBe(403);
    const remove = "DELETE /api/workspaces/[workspaceId]/members/[userId]";
    expect(await send(remove, { method: "DELETE", params: { workspaceId: w.workspaceId, userId: people.owner.userId } }, "admin")).toBe(403);
  });

  it("the last owner can never be demoted, removed or leave; with a second owner they can", async () => {
    const w = await buildWorld();
    const patch = "PATCH /api/workspaces/[workspaceId]/members/[userId]";
    const remove = "DELETE /api/workspaces/[workspaceId]/members/[userId]";
    const self = { workspaceId: w.workspaceId, userId: people.owner.userId };
    expect(await send(patch, { method: "PATCH", params: self, json: { role: "admin" } }, "owner")).toBe(409);
    expect(await send(remove, { method: "DELETE", params: self }, "owner")).toBe(409);
    expect(await send(patch, { method: "PATCH", params: { workspaceId: w.workspaceId, userId: people.admin.userId }, json: { role: "owner" } }, "owner")).toBe(200);
    expect(await send(remove, { method: "DELETE", params: self }, "owner")).toBe(204);
    // Now the former admin is the last owner.
    expect(await send(remove, { method: "DELETE", params: { workspaceId: w.workspaceId, userId: people.admin.userId } }, "admin")).toBe(409);
  });

  it("a member can leave; a removed member's very next request is refused", async () => {
    const w = await buildWorld();
    const tree = { method: "GET", params: { projectId: w.projectId } };
    expect(await send("GET /api/projects/[projectId]/tree", tree, "viewer")).toBe(200);
    expect(await send("DELETE /api/workspaces/[workspaceId]/members/[userId]", { method: "DELETE", params: { workspaceId: w.workspaceId, userId: people.viewer.userId } }, "viewer")).toBe(204);
    expect(await send("GET /api/projects/[projectId]/tree", tree, "viewer")).toBe(404);
  });

  it("a downgrade applies to the very next write, whatever the session token says", async () => {
    const w = await buildWorld();
    const save = { method: "PUT", params: { projectId: w.projectId, path: ["README.md"] }, json: { content: "one\n", baseVersion: 1 } };
    expect(await send("PUT /api/projects/[projectId]/files/[...path]", save, "member")).toBe(200);
    expect(await send("PATCH /api/workspaces/[workspaceId]/members/[userId]", { method: "PATCH", params: { workspaceId: w.workspaceId, userId: people.member.userId }, json: { role: "viewer" } }, "admin")).toBe(200);
    expect(await send("PUT /api/projects/[projectId]/files/[...path]", { ...save, json: { content: "two\n", baseVersion: 2 } }, "member")).toBe(403);
    upstream.upstream.enqueue({ steps: [{ type: "text", text: "never" }] });
    expect(await send("POST /api/chat", { method: "POST", json: { sessionId: w.sessionId, message: { id: randomUUID(), text: "hi" } } }, "member")).toBe(403);
    upstream.upstream.reset();
  });

  it("checks access before reading a large body (an unparsable 5 MiB body gets 404/403, not 400)", async () => {
    const w = await buildWorld();
    const garbage = new TextEncoder().encode(`{${"x".repeat(5 * 1024 * 1024)}`);
    const save = { method: "PUT", params: { projectId: w.projectId, path: ["README.md"] }, body: garbage, contentType: "application/json" };
    expect(await send("PUT /api/projects/[projectId]/files/[...path]", save, "nonMember")).toBe(404);
    expect(await send("PUT /api/projects/[projectId]/files/[...path]", save, "viewer")).toBe(403);
    expect(await send("PUT /api/projects/[projectId]/files/[...path]", save, "member")).toBe(400);
    const review = { method: "POST", params: { sessionId: w.sessionId }, body: garbage, contentType: "application/json" };
    expect(await send("POST /api/sessions/[sessionId]/review", review, "viewer")).toBe(403);
    expect(await send("POST /api/sessions/[sessionId]/review", review, "anonymous")).toBe(401);
  });
});
