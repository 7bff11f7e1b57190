import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openPglite } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { createUser, getUserByEmail } from "@/db/queries/auth";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { runWaferCli } from "@/lib/testing/wafer-cli";

/**
 * The real CLI as an admin runs it (`npm run --silent wafer -- reset-password …`), on its own
 * embedded database: created and seeded here, closed while the CLI runs, reopened to check.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), "wafer-reset-"));
const pgliteDir = path.join(dataDir, "pglite");
const email = "admin-reset@example.test";

const wafer = (args: string[], input: string) => runWaferCli(args, { input, env: { WAFER_DATA_DIR: dataDir, DATABASE_URL: undefined } });

async function readUser() {
  const handle = openPglite(pgliteDir);
  try {
    return (await getUserByEmail({ email, executor: handle.db }))!;
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  const handle = openPglite(pgliteDir);
  await migrateDatabase(handle);
  await createUser({ executor: handle.db, email, name: "Admin", passwordHash: await hashPassword("old password, forgotten") });
  await handle.close();
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Each run starts tsx and opens the embedded database: seconds each, more while other test files share the cores.
describe("wafer reset-password", { timeout: 120_000 }, () => {
  it("sets the password read from stdin and ends the account's sessions", async () => {
    const before = await readUser();
    const run = await wafer(["reset-password", "--email", email], "violet tugboat orchestra\n");
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`Password reset for ${email}. All of its sessions have ended.\n`);
    expect(run.code).toBe(0);
    const after = await readUser();
    expect(await verifyPassword(after.passwordHash!, "violet tugboat orchestra")).toBe(true);
    expect(after.sessionGeneration).toBe(before.sessionGeneration + 1);
  });

  it("refuses a common password and an unknown email, changing nothing", async () => {
    const before = await readUser();
    const weak = await wafer(["reset-password", "--email", email], "password\n");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^wafer reset-password: This password is too easy to guess\./);
    const unknown = await wafer(["reset-password", "--email", "nobody@example.test"], "violet tugboat orchestra\n");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("wafer reset-password: No account has the email nobody@example.test.\n");
    const usage = await wafer(["reset-password"], "");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--email is required/);
    const after = await readUser();
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.sessionGeneration).toBe(before.sessionGeneration);
  });

  it("--generate makes a strong password and prints it once", async () => {
    const run = await wafer(["reset-password", "--email", email, "--generate"], "");
    expect(run.code).toBe(0);
    const printed = /^New password for admin-reset@example\.test: (\S+)\n/.exec(run.stdout)?.[1];
    expect(printed).toMatch(/^[\w-]{24}$/);
    expect(await verifyPassword((await readUser()).passwordHash!, printed!)).toBe(true);
  });
});
