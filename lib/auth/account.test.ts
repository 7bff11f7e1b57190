import { randomBytes } from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { getUserByEmail } from "@/db/queries/auth";
import { createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import { changePassword, resetPasswordByEmail } from "./account";
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

