/**
 * `wafer reset-password --email EMAIL [--generate]`: a self-hosted admin's password reset, since no
 * mail server is assumed. Reads the new password from the first line of stdin (so it never shows in
 * the process list or shell history), or makes a strong one with --generate and prints it. Every
 * session of the account ends. Uses the app's database settings (DATABASE_URL, else the embedded
 * PGlite under WAFER_DATA_DIR); needs the react-server condition, as db/ is server-only.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import { database } from "@/db/client";
import { resetPasswordByEmail } from "@/lib/auth/account";
import { AppError } from "@/lib/errors";

export const RESET_USAGE = `Usage: wafer reset-password --email EMAIL [--generate]

Sets a new password for the account with EMAIL and signs it out everywhere.

  --email EMAIL  the account's email
  --generate     make a random password and print it (else the first line of stdin is used)
  -h, --help     show this help

Uses DATABASE_URL, or the embedded database under WAFER_DATA_DIR (default .data).
`;

export async function resetPasswordCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { email: { type: "string" }, generate: { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
  } catch (err) {
    process.stderr.write(`wafer reset-password: ${(err as Error).message}\n${RESET_USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(RESET_USAGE);
    return 0;
  }
  if (!values.email) {
    process.stderr.write(`wafer reset-password: --email is required\n${RESET_USAGE}`);
    return 2;
  }
  const password = values.generate ? randomBytes(18).toString("base64url") : (readFileSync(0, "utf8").split(/\r?\n/)[0] ?? "");
  const handle = database();
  try {
    await resetPasswordByEmail({ email: values.email, newPassword: password });
    process.stdout.write(
      values.generate ? `New password for ${values.email}: ${password}\nAll of its sessions have ended.\n` : `Password reset for ${values.email}. All of its sessions have ended.\n`,
    );
    return 0;
  } catch (err) {
    const message = err instanceof AppError && err.visibility === "response" ? err.message : err instanceof Error ? err.message.split("\n")[0]! : String(err);
    process.stderr.write(`wafer reset-password: ${message}\n`);
    return 1;
  } finally {
    await handle.close();
  }
}
