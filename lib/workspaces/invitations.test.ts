import { randomBytes } from "node:crypto";

import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { createUser } from "@/db/queries/auth";
import { getInvitationByTokenHash } from "@/db/queries/invitations";
import { resolveWorkspaceAccess } from "@/lib/auth/access";
import { AppError } from "@/lib/errors";
import { createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import type { CreateInvitationBody } from "./contract";
import {
  acceptInvitation,
  createInvitation,
  hashInvitationToken,
  INVITATIONS_PER_HOUR,
  listPendingInvitations,
  previewInvitation,
  revokeInvitation,
} from "./invitations";
import { createTeamWorkspace, listMembers, type WorkspaceActor } from "./service";

const DAY_MS = 24 * 60 * 60 * 1000;

let owner: { userId: string; email: string };
let admin: WorkspaceActor;

async function newTeam(): Promise<WorkspaceActor> {
  const team = await createTeamWorkspace({ userId: owner.userId, name: "Invite team" });
  return resolveWorkspaceAccess({ userId: owner.userId, workspaceId: team.id, action: "invitations.manage" });
}

const tokenOf = (path: string) => path.split("/").at(-1)!;
const link = (extra: Partial<Extract<CreateInvitationBody, { kind: "link" }>> = {}): CreateInvitationBody => ({
  kind: "link",
  role: "member",
  maxUses: 1,
  expiresInDays: 7,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const problemOf = (error: AppError) => (error.details as { problem: string }).problem;

beforeAll(async () => {
  await prepareTestDatabase();
  owner = await createTestUser("inviter");
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("invitation links", () => {
  it("carry 256 random bits, stored only as their SHA-256", async () => {
    admin = await newTeam();
    const created = await createInvitation(admin, link());
    const token = tokenOf(created.path);
    expect(created.path).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const row = await getInvitationByTokenHash({ tokenHash: hashInvitationToken(token) });
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    const other = await createInvitation(admin, link());
    expect(tokenOf(other.path)).not.toBe(token);
  });

  it("let a new person in with the invitation's role, once", async () => {
    admin = await newTeam();
    const created = await createInvitation(admin, link({ role: "viewer" }));
    const guest = await createTestUser("guest");
    expect((await previewInvitation(tokenOf(created.path), guest.userId))?.problem).toBeNull();
    const joined = await acceptInvitation(tokenOf(created.path), guest.userId);
    expect(joined.id).toBe(admin.workspaceId);
    expect((await listMembers(admin)).find((m) => m.userId === guest.userId)?.role).toBe("viewer");
    expect(await listPendingInvitations(admin)).toEqual([]);
  });

  it("expired: a clear problem, nobody joins", async () => {
    admin = await newTeam();
    const realNow = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(realNow - 8 * DAY_MS);
    const created = await createInvitation(admin, link({ expiresInDays: 7 }));
    vi.restoreAllMocks();
    const guest = await createTestUser("late");
    expect((await previewInvitation(tokenOf(created.path), guest.userId))?.problem).toBe("expired");
    const error = await failure(acceptInvitation(tokenOf(created.path), guest.userId));
    expect([error.code, problemOf(error)]).toEqual(["conflict:invitation", "expired"]);
    expect((await listMembers(admin)).some((m) => m.userId === guest.userId)).toBe(false);
    expect(await listPendingInvitations(admin)).toEqual([]);
  });

  it("revoked: gone from the pending list, refused", async () => {
    admin = await newTeam();
    const created = await createInvitation(admin, link({ maxUses: 10 }));
    expect((await listPendingInvitations(admin)).map((i) => i.id)).toEqual([created.id]);
    await revokeInvitation(admin, created.id);
    expect(await listPendingInvitations(admin)).toEqual([]);
    const guest = await createTestUser("revoked");
    const error = await failure(acceptInvitation(tokenOf(created.path), guest.userId));
    expect(problemOf(error)).toBe("revoked");
    // Another workspace's admin cannot revoke it (404, not a silent success).
    const other = await newTeam();
    expect((await failure(revokeInvitation(other, created.id))).code).toBe("not_found:invitation");
  });

  it("used up: a single-use link refuses the second person", async () => {
    admin = await newTeam();
    const created = await createInvitation(admin, link());
    const first = await createTestUser("first");
    const second = await createTestUser("second");
    await acceptInvitation(tokenOf(created.path), first.userId);
    expect((await previewInvitation(tokenOf(created.path), second.userId))?.problem).toBe("used_up");
    expect(problemOf(await failure(acceptInvitation(tokenOf(created.path), second.userId)))).toBe("used_up");
  });

  it("already a member: told so, and no use is taken", async () => {
    admin = await newTeam();
    const created = await createInvitation(admin, link({ maxUses: 2 }));
    expect(problemOf(await failure(acceptInvitation(tokenOf(created.path), owner.userId)))).toBe("already_member");
    expect((await listPendingInvitations(admin))[0]?.uses).toBe(0);
  });

  it("an unknown token is not found, never a 500", async () => {
    const guest = await createTestUser("nobody");
    const token = randomBytes(32).toString("base64url");
    expect(await previewInvitation(token, guest.userId)).toBeNull();
    expect((await failure(acceptInvitation(token, guest.userId))).code).toBe("not_found:invitation");
  });

  it("two people accepting a single-use link at the same moment: exactly one wins", async () => {
    admin = await newTeam();
    const created = await createInvitation(admin, link());
    const racers = await Promise.all(Array.from({ length: 8 }, (_, i) => createTestUser(`racer${i}`)));
    const outcomes = await Promise.allSettled(racers.map((r) => acceptInvitation(tokenOf(created.path), r.userId)));
    const winners = outcomes.filter((o) => o.status === "fulfilled");
    expect(winners).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(problemOf(o.reason as AppError)).toBe("used_up");
    const members = await listMembers(admin);
    expect(members.filter((m) => racers.some((r) => r.userId === m.userId))).toHaveLength(1);
  });

  it("a multi-use link admits exactly max uses under a burst", async () => {
    admin = await newTeam();
    const created = await createInvitation(admin, link({ maxUses: 3 }));
    const racers = await Promise.all(Array.from({ length: 7 }, (_, i) => createTestUser(`burst${i}`)));
    const outcomes = await Promise.allSettled(racers.map((r) => acceptInvitation(tokenOf(created.path), r.userId)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    expect((await listMembers(admin)).length).toBe(4);
  });

  it(`sending is rate limited per workspace (${INVITATIONS_PER_HOUR} an hour)`, async () => {
    admin = await newTeam();
    for (let i = 0; i < INVITATIONS_PER_HOUR; i++) await createInvitation(admin, link());
    const error = await failure(createInvitation(admin, link()));
    expect(error.code).toBe("rate_limit:invitation");
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    // Another workspace is not affected.
    await expect(createInvitation(await newTeam(), link())).resolves.toMatchObject({ role: "member" });
  });

  it("personal workspaces cannot invite", async () => {
    const solo = await createTestUser("solo");
    const personal = await resolveWorkspaceAccess({ userId: solo.userId, workspaceId: solo.workspaceId, action: "invitations.manage" });
    expect((await failure(createInvitation(personal, link()))).code).toBe("bad_request:invitation");
  });
});

describe("email invitations", () => {
  it("only the account with that address (any case) can accept", async () => {
    admin = await newTeam();
    const address = `Bound-${randomBytes(4).toString("hex")}@Example.test`;
    const created = await createInvitation(admin, { kind: "email", role: "member", email: address.toLowerCase(), expiresInDays: 7 });
    expect(created).toMatchObject({ email: address.toLowerCase(), maxUses: 1 });
    const stranger = await createTestUser("wrong");
    expect((await previewInvitation(tokenOf(created.path), stranger.userId))?.problem).toBe("wrong_email");
    const error = await failure(acceptInvitation(tokenOf(created.path), stranger.userId));
    expect([error.code, problemOf(error)]).toEqual(["forbidden:invitation", "wrong_email"]);
    // An OAuth account may keep its provider's casing; the match ignores it.
    const bound = await createUser({ email: address, name: "Bound", passwordHash: null });
    await acceptInvitation(tokenOf(created.path), bound!.id);
    expect((await listMembers(admin)).some((m) => m.userId === bound!.id)).toBe(true);
  });

  it("refuses to invite someone who already is a member", async () => {
    admin = await newTeam();
    const error = await failure(createInvitation(admin, { kind: "email", role: "member", email: owner.email, expiresInDays: 7 }));
    expect(error.code).toBe("conflict:invitation");
  });
});
