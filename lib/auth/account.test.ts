import { randomBytes } from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { createUser, getUserByEmail, getUserById } from "@/db/queries/auth";
import { createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import { db } from "@/db/client";
import { addWorkspaceMember, listWorkspacesByUserId, lockWorkspaceById, updateMemberRole } from "@/db/queries/workspaces";
import { createPersonalWorkspace, createTeamWorkspace } from "@/lib/workspaces/service";

import { accountDeletionPlan, changePassword, deleteAccount, planAccountDeletion, renameUser, resetPasswordByEmail } from "./account";
import { DELETION_PHRASE } from "./credentials";
import { verifyPassword } from "./password";
import { registerUser } from "./signup";

beforeAll(async () => {
  await prepareTestDatabase();
});

const email = (label: string) => `${label}-${randomBytes(5).toString("hex")}@example.test`;
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

describe("sign-up password policy", () => {
  it.each(["password", "12345678", "qwertyuiop"])("refuses %j with a clear message and creates no account", async (password) => {
    const address = email("weak");
    await expect(registerUser({ email: address, password, name: "Weak" }, { ip: ip() })).rejects.toMatchObject({
      code: "bad_request:auth",
      message: expect.stringMatching(/too easy to guess/),
    });
    expect(await getUserByEmail({ email: address })).toBeNull();
  });

  it("accepts a strong password", async () => {
    const address = email("strong");
    await registerUser({ email: address, password: "correct horse battery staple", name: "Strong" }, { ip: ip() });
    expect(await getUserByEmail({ email: address })).not.toBeNull();
  });
});

describe("changePassword", () => {
  it("refuses a weak new password and keeps the old one", async () => {
    const address = email("change");
    const { userId } = await registerUser({ email: address, password: "first password!", name: "C" }, { ip: ip() });
    await expect(changePassword({ userId, currentPassword: "first password!", newPassword: "password1" })).rejects.toMatchObject({ code: "bad_request:auth" });
    const user = await getUserByEmail({ email: address });
    expect(await verifyPassword(user!.passwordHash!, "first password!")).toBe(true);
  });
});

describe("resetPasswordByEmail", () => {
  it("sets the new password and ends every session (the session generation moves on)", async () => {
    const user = await createTestUser("reset");
    const before = (await getUserByEmail({ email: user.email }))!;
    await resetPasswordByEmail({ email: user.email.toUpperCase(), newPassword: "violet tugboat orchestra" });
    const after = (await getUserByEmail({ email: user.email }))!;
    expect(await verifyPassword(after.passwordHash!, "violet tugboat orchestra")).toBe(true);
    expect(after.sessionGeneration).toBe(before.sessionGeneration + 1);
  });

  it("refuses weak passwords and unknown emails without changing anything", async () => {
    const user = await createTestUser("reset-weak");
    const before = (await getUserByEmail({ email: user.email }))!;
    await expect(resetPasswordByEmail({ email: user.email, newPassword: "password" })).rejects.toMatchObject({ code: "bad_request:auth" });
    await expect(resetPasswordByEmail({ email: email("nobody"), newPassword: "violet tugboat orchestra" })).rejects.toMatchObject({ code: "not_found:auth" });
    const after = (await getUserByEmail({ email: user.email }))!;
    expect(after.sessionGeneration).toBe(before.sessionGeneration);
    expect(after.passwordHash).toBe(before.passwordHash);
  });
});


describe("planAccountDeletion", () => {
  const row = (over: Partial<Parameters<typeof planAccountDeletion>[0][number]>) => ({
    workspaceId: "w",
    slug: "w",
    name: "W",
    personal: false,
    plan: "free" as const,
    role: "owner" as const,
    members: 1,
    owners: 1,
    ...over,
  });

  it("deletes the personal workspace and teams the user is alone in; leaves the rest; blocks on a sole owner with members", () => {
    const plan = planAccountDeletion([
      row({ personal: true }),
      row({ name: "Solo team" }),
      row({ name: "Shared, co-owned", members: 3, owners: 2 }),
      row({ name: "Someone else's", role: "member", members: 4, owners: 1 }),
      row({ name: "Mine with members", members: 3, owners: 1 }),
    ]);
    expect(plan.workspaces.map((w) => [w.name, w.fate])).toEqual([
      ["W", { kind: "deleted", reason: "personal" }],
      ["Solo team", { kind: "deleted", reason: "only-member" }],
      ["Shared, co-owned", { kind: "left" }],
      ["Someone else's", { kind: "left" }],
      ["Mine with members", { kind: "blocks", members: 2 }],
    ]);
    expect(plan.blocked).toBe(true);
  });
});

describe("deleteAccount", () => {
  it("refuses a wrong password, refuses while a team would lose its only owner, then deletes the account with its personal workspace", async () => {
    const address = email("delete");
    const { userId } = await registerUser({ email: address, password: "first password!", name: "D" }, { ip: ip() });
    const team = await createTeamWorkspace({ userId, name: "Delete team" });
    const other = await createTestUser("teammate");
    await addWorkspaceMember({ workspaceId: team.id, userId: other.userId, role: "member" });

    await expect(deleteAccount({ userId, password: "wrong" })).rejects.toMatchObject({ code: "forbidden:auth" });
    expect((await accountDeletionPlan(userId)).blocked).toBe(true);
    await expect(deleteAccount({ userId, password: "first password!" })).rejects.toMatchObject({ code: "conflict:auth", message: expect.stringContaining("Delete team") });
    expect(await getUserByEmail({ email: address })).not.toBeNull();

    // A second owner: the team no longer depends on this account.
    await updateMemberRole({ executor: db(), workspaceId: team.id, userId: other.userId, role: "owner" });
    await deleteAccount({ userId, password: "first password!" });
    expect(await getUserByEmail({ email: address })).toBeNull();
    // The team stays with its other owner; the personal workspace went with the account.
    expect((await listWorkspacesByUserId({ userId: other.userId })).map((w) => w.name)).toContain("Delete team");
  });
});

describe("renameUser", () => {
  it("trims and refuses empty or overlong names", async () => {
    const user = await createTestUser("rename");
    expect(await renameUser({ userId: user.userId, name: "  New Name " })).toBe("New Name");
    await expect(renameUser({ userId: user.userId, name: "   " })).rejects.toMatchObject({ code: "bad_request:auth" });
    await expect(renameUser({ userId: user.userId, name: "x".repeat(81) })).rejects.toMatchObject({ code: "bad_request:auth" });
  });
});

describe("deleteAccount, an account without a password (OAuth only, e.g. GitHub)", () => {
  /** As Auth.js's adapter creates a GitHub user: a users row with no password hash, and its personal workspace. */
  async function oauthOnlyUser(): Promise<{ userId: string; address: string; workspaceId: string }> {
    const address = email("oauth");
    const user = await createUser({ email: address, name: "O", passwordHash: null });
    if (!user) throw new Error("email collided");
    const workspace = await createPersonalWorkspace({ userId: user.id, displayName: "O" });
    return { userId: user.id, address, workspaceId: workspace.id };
  }

  it("is confirmed by typing its exact email; a password, another address or another case is refused", async () => {
    const { userId, address, workspaceId } = await oauthOnlyUser();
    expect((await accountDeletionPlan(userId)).confirmWith).toBe("email");
    const refusal = { code: "forbidden:auth", message: "Type your account's email exactly as shown to confirm." };
    await expect(deleteAccount({ userId, password: "anything at all" })).rejects.toMatchObject(refusal);
    await expect(deleteAccount({ userId })).rejects.toMatchObject(refusal);
    await expect(deleteAccount({ userId, email: email("someone-else") })).rejects.toMatchObject(refusal);
    await expect(deleteAccount({ userId, email: address.toUpperCase() })).rejects.toMatchObject(refusal);
    await expect(deleteAccount({ userId, email: address.slice(0, -1) })).rejects.toMatchObject(refusal);
    expect(await getUserByEmail({ email: address })).not.toBeNull();

    await deleteAccount({ userId, email: ` ${address}\n` });
    expect(await getUserByEmail({ email: address })).toBeNull();
    // Its personal workspace went with it (a row read, outside any transaction).
    expect(await lockWorkspaceById({ executor: db(), workspaceId })).toBeNull();
  });

  it("a password account still needs its password: typing its email is not enough", async () => {
    const address = email("pw-delete");
    const { userId } = await registerUser({ email: address, password: "first password!", name: "P" }, { ip: ip() });
    expect(await accountDeletionPlan(userId)).toMatchObject({ confirmWith: "password", hasPassword: true });
    await expect(deleteAccount({ userId, email: address })).rejects.toMatchObject({ code: "forbidden:auth", message: "Enter your password to confirm." });
    await expect(deleteAccount({ userId, email: address, password: "wrong" })).rejects.toMatchObject({ code: "forbidden:auth", message: "The password is wrong." });
    expect(await getUserByEmail({ email: address })).not.toBeNull();
    await deleteAccount({ userId, password: "first password!" });
    expect(await getUserByEmail({ email: address })).toBeNull();
  });

  it("with no email either, is confirmed by typing the fixed phrase; the page is told it has no password to change", async () => {
    const user = await createUser({ email: null, name: "No Mail", passwordHash: null });
    if (!user) throw new Error("insert refused");
    const plan = await accountDeletionPlan(user.id);
    expect(plan.confirmWith).toBe("phrase");
    expect(plan.hasPassword).toBe(false);
    const refusal = { code: "forbidden:auth", message: `Type "${DELETION_PHRASE}" to confirm.` };
    await expect(deleteAccount({ userId: user.id })).rejects.toMatchObject(refusal);
    await expect(deleteAccount({ userId: user.id, phrase: "delete" })).rejects.toMatchObject(refusal);
    await expect(deleteAccount({ userId: user.id, email: "" })).rejects.toMatchObject(refusal);
    expect(await getUserById({ id: user.id })).not.toBeNull();

    await deleteAccount({ userId: user.id, phrase: ` ${DELETION_PHRASE.toUpperCase()} ` });
    expect(await getUserById({ id: user.id })).toBeNull();
  });

  it("an account with an email but no password is told it has no password, and cannot use the phrase", async () => {
    const { userId } = await oauthOnlyUser();
    expect(await accountDeletionPlan(userId)).toMatchObject({ confirmWith: "email", hasPassword: false });
    await expect(deleteAccount({ userId, phrase: DELETION_PHRASE })).rejects.toMatchObject({ code: "forbidden:auth" });
    expect(await getUserById({ id: userId })).not.toBeNull();
  });
});
