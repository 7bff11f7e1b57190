import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openPglite } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { createUser, getUserByEmail } from "@/db/queries/auth";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

/**
 * The real CLI as an admin runs it (`npm run --silent wafer -- reset-password …`), on its own
 * embedded database: created and seeded here, closed while the CLI runs, reopened to check.
 */
const repo = fileURLToPath(new URL("..", import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), "wafer-reset-"));
const pgliteDir = path.join(dataDir, "pglite");
const email = "admin-reset@example.test";

function wafer(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, WAFER_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(repo, "bin/wafer.ts"), ...args], { cwd: repo, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

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

describe("wafer reset-password", () => {
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
