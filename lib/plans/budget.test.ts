import { randomUUID } from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { getBudgetTokensUsed } from "@/db/queries/usage";
import { AppError } from "@/lib/errors";
import { createTestUser, prepareTestDatabase } from "@/lib/testing/database";

import { budgetMonth, budgetResetsAt, reserveTokens, settleTokens } from "./budget";

let workspaceId: string;

beforeAll(async () => {
  await prepareTestDatabase();
});

async function freshWorkspace(): Promise<string> {
  return (await createTestUser(`budget-${randomUUID().slice(0, 8)}`)).workspaceId;
}

describe("budget months", () => {
  it("a month's bucket is keyed by its first UTC day and resets at the next", () => {
    const late = new Date("2026-12-31T23:59:59Z");
    expect(budgetMonth(late)).toBe("2026-12-01");
    expect(budgetResetsAt(late).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("reserve, then settle (real database)", () => {
  it("50 concurrent turns with budget for one: exactly 1 is served, the rest get rate_limit:budget with the reset", async () => {
    workspaceId = await freshWorkspace();
    const amount = 1_000 + 8_192;
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => reserveTokens({ workspaceId, limit: amount + amount - 1, amount })));
    const served = results.filter((r) => r.status === "fulfilled").length;
    console.info(`[quota race] 50 concurrent reservations, budget for one: ${served} served`);
    expect(served).toBe(1);
    for (const r of results) {
      if (r.status === "fulfilled") continue;
      expect(r.reason).toBeInstanceOf(AppError);
      expect((r.reason as AppError).code).toBe("rate_limit:budget");
      expect((r.reason as AppError).status).toBe(429);
      expect((r.reason as AppError).message).toMatch(/resets on 1 \w+ \d{4} at 00:00 UTC/);
      expect((r.reason as AppError).retryAfterSeconds).toBeGreaterThan(0);
    }
    expect(await getBudgetTokensUsed({ workspaceId, month: budgetMonth() })).toBe(amount);
  });

  it("200 concurrent streams, each reserving then settling to its real usage, overspend by at most one max_completion_tokens", async () => {
    const id = await freshWorkspace();
    const maxCompletion = 8_192;
    const limit = 100_000;
    let served = 0;
    let spent = 0;
    // Each stream keeps calling until the budget refuses it, so the bucket is driven to its limit.
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        for (let call = 0; ; call++) {
          const input = 500 + ((i + call) % 7) * 100;
          const reservation = await reserveTokens({ workspaceId: id, limit, amount: input + maxCompletion }).catch((error: unknown) => {
            expect((error as AppError).code).toBe("rate_limit:budget");
            return null;
          });
          if (!reservation) return;
          served += 1;
          // Real usage: the provider counts a little more input than estimated, and some output.
          const used = input + 20 + (((i + 1) * (call + 3) * 997) % maxCompletion);
          await new Promise((r) => setTimeout(r, (i + call) % 5));
          spent += used;
          await settleTokens(reservation, used);
        }
      }),
    );
    const recorded = await getBudgetTokensUsed({ workspaceId: id, month: budgetMonth() });
    console.info(`[overspend] 200 streams, budget ${limit}: ${served} calls served, ${recorded} spent (${recorded - limit} over; bound ${maxCompletion})`);
    expect(recorded).toBe(spent);
    expect(served).toBeGreaterThan(0);
    expect(recorded - limit).toBeLessThanOrEqual(maxCompletion);
  });

  it("settling releases what was not used; a workspace's own key is never counted", async () => {
    const id = await freshWorkspace();
    const reservation = await reserveTokens({ workspaceId: id, limit: 10_000, amount: 9_000 });
    expect(await getBudgetTokensUsed({ workspaceId: id, month: budgetMonth() })).toBe(9_000);
    await settleTokens(reservation, 1_234);
    expect(await getBudgetTokensUsed({ workspaceId: id, month: budgetMonth() })).toBe(1_234);
    expect(await reserveTokens({ workspaceId: id, limit: 1, amount: 50_000, keySource: "workspace" })).toBeNull();
    expect(await getBudgetTokensUsed({ workspaceId: id, month: budgetMonth() })).toBe(1_234);
  });

  it("an amount larger than the whole budget is refused even on a fresh month", async () => {
    const id = await freshWorkspace();
    await expect(reserveTokens({ workspaceId: id, limit: 100, amount: 101 })).rejects.toMatchObject({ code: "rate_limit:budget" });
    expect(await getBudgetTokensUsed({ workspaceId: id, month: budgetMonth() })).toBe(0);
  });
});
