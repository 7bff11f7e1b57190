import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Plan } from "@/db/enums";

import { E2E_APP_PORT } from "./ports";

/** Where the e2e app server writes its database settings (playwright.config.ts passes it --database-out). */
export const E2E_DATABASE_FILE = path.join(tmpdir(), `wafer-e2e-database-${E2E_APP_PORT}.json`);

/** Plans are set by operators or billing, never from the app's UI: specs set the column as an operator would. */
export const canGrantPlan = Boolean(process.env.TEST_DATABASE_URL);

/** Puts the workspaces `email` owns on `plan`, in the server's Postgres (PGlite belongs to its one process). */
export function grantPlan(email: string, plan: Plan, databaseFile = E2E_DATABASE_FILE): void {
  const { DATABASE_URL } = JSON.parse(readFileSync(databaseFile, "utf8")) as { DATABASE_URL?: string };
  if (!DATABASE_URL?.startsWith("postgres")) throw new Error("grantPlan needs the e2e server on Postgres (set TEST_DATABASE_URL)");
  const sql = `update workspaces set plan = '${plan}' where id in (select m.workspace_id from workspace_members m join users u on u.id = m.user_id where u.email = '${email.replace(/'/g, "''")}' and m.role = 'owner')`;
  const out = execFileSync("psql", [DATABASE_URL, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", `${sql} returning id`], { encoding: "utf8" });
  if (!out.trim()) throw new Error(`no workspace owned by ${email}`);
}
