import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

import { E2E_DATABASE_FILE } from "./plans";

/**
 * Leaves the account as an OAuth-only sign-up would be (Auth.js's adapter stores no password; a
 * provider may share no email): the specs cannot sign in through GitHub, so they edit the row the
 * way such a sign-up leaves it. The browser's session stays valid (its generation is untouched).
 */
export function makePasswordless(email: string, { dropEmail = false }: { dropEmail?: boolean } = {}): void {
  const { DATABASE_URL } = JSON.parse(readFileSync(E2E_DATABASE_FILE, "utf8")) as { DATABASE_URL?: string };
  if (!DATABASE_URL?.startsWith("postgres")) throw new Error("makePasswordless needs the e2e server on Postgres (set TEST_DATABASE_URL)");
  const sql = `update users set password_hash = null${dropEmail ? ", email = null" : ""} where email = '${email.replace(/'/g, "''")}' returning id`;
  const out = execFileSync("psql", [DATABASE_URL, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], { encoding: "utf8" });
  if (!out.trim()) throw new Error(`no account has the email ${email}`);
}
