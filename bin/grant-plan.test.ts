import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openPglite } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { getWorkspaceBillingById } from "@/db/queries/billing";
import { createWorkspace } from "@/db/queries/workspaces";
import { effectivePlan } from "@/lib/plans/entitlements";
import { runWaferCli } from "@/lib/testing/wafer-cli";

/** The real CLI as an operator runs it, on its own embedded database (closed while the CLI runs). */
const dataDir = mkdtempSync(path.join(tmpdir(), "wafer-grant-"));
const pgliteDir = path.join(dataDir, "pglite");
let workspaceId = "";

const wafer = (args: string[]) => runWaferCli(args, { env: { WAFER_DATA_DIR: dataDir, DATABASE_URL: undefined } });

async function readPlan() {
  const handle = openPglite(pgliteDir);
  try {
    const row = (await getWorkspaceBillingById({ executor: handle.db, workspaceId }))!;
    return { plan: row.plan, planUntil: row.planUntil };
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  const handle = openPglite(pgliteDir);
  await migrateDatabase(handle);
  workspaceId = (await createWorkspace({ executor: handle.db, slug: "self-hosted-team", name: "Self-hosted", personal: false })).id;
  await handle.close();
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("wafer grant-plan", { timeout: 180_000 }, () => {
  it("grants a plan until a date, after which it is Free; without --until for good", async () => {
    const until = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
    const day = until.toISOString().slice(0, 10);
    const run = await wafer(["grant-plan", "--workspace", "self-hosted-team", "--plan", "pro", "--until", day]);
    expect(run).toEqual({ code: 0, stdout: `self-hosted-team is now on pro until ${new Date(day).toISOString()}.\n`, stderr: "" });
    const granted = await readPlan();
    expect(granted).toEqual({ plan: "pro", planUntil: new Date(day) });
    expect(effectivePlan(granted.plan, granted.planUntil, new Date(new Date(day).getTime() - 1))).toBe("pro");
    expect(effectivePlan(granted.plan, granted.planUntil, new Date(day))).toBe("free");

    expect((await wafer(["grant-plan", "--workspace", "self-hosted-team", "--plan", "team"])).code).toBe(0);
    expect(await readPlan()).toEqual({ plan: "team", planUntil: null });
  });

  it("refuses an unknown slug, a bad plan, a bad or past date, changing nothing", async () => {
    const before = await readPlan();
    expect(await wafer(["grant-plan", "--workspace", "nope-nope", "--plan", "pro"])).toEqual({ code: 1, stdout: "", stderr: "wafer grant-plan: No workspace has the slug nope-nope.\n" });
    expect(await wafer(["grant-plan", "--workspace", "self-hosted-team", "--plan", "gold"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^wafer grant-plan: --plan must be free, pro or team\n/) });
    expect(await wafer(["grant-plan", "--workspace", "self-hosted-team", "--plan", "pro", "--until", "someday"])).toMatchObject({ code: 2 });
    expect(await wafer(["grant-plan", "--workspace", "self-hosted-team", "--plan", "pro", "--until", "2001-01-01"])).toMatchObject({ code: 1, stderr: expect.stringMatching(/is in the past/) });
    expect(await wafer(["grant-plan", "--plan", "pro"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--workspace is required/) });
    expect(await readPlan()).toEqual(before);
  });
});
