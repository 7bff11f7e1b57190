import "server-only";

import { adjustBudgetTokens, reserveBudgetTokens, type BudgetBucket } from "@/db/queries/usage";
import type { KeySource } from "@/db/enums";
import { AppError } from "@/lib/errors";

/** Budgets run per calendar month in UTC: the bucket's key is the month's first day. */
export function budgetMonth(now = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

/** When this month's budget resets: the start of the next UTC month. */
export function budgetResetsAt(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

export function budgetExhausted(limit: number, now = new Date()): AppError {
  const resetsAt = budgetResetsAt(now);
  const when = resetsAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return new AppError("rate_limit:budget", {
    message: `This workspace has used its ${limit.toLocaleString("en-US")} tokens for this month. The budget resets on ${when} at 00:00 UTC; a workspace's own API key, or a bigger plan, works before then.`,
    retryAfterSeconds: Math.ceil((resetsAt.getTime() - now.getTime()) / 1000),
    details: { resetsAt: resetsAt.toISOString(), limit },
  });
}

/** Tokens held for one model call; settle it exactly once. */
export interface Reservation {
  workspaceId: string;
  month: string;
  amount: number;
}

/**
 * Holds `amount` tokens of this month's budget before a model call, atomically across every app
 * instance (one conditional upsert). Calls on the workspace's own key are not counted: nothing is
 * held and null comes back. Throws `rate_limit:budget` when the amount does not fit. `write` is the
 * statement that reserves (the bucket's new total, or null): a caller may fold its own write into it.
 */
export async function reserveTokens({
  workspaceId,
  limit,
  amount,
  keySource = "wafer",
  now = new Date(),
  write = reserveBudgetTokens,
}: {
  workspaceId: string;
  limit: number;
  amount: number;
  keySource?: KeySource;
  now?: Date;
  write?: (bucket: BudgetBucket) => Promise<number | null>;
}): Promise<Reservation | null> {
  if (keySource === "workspace") return null;
  const month = budgetMonth(now);
  const used = await write({ workspaceId, month, amount, limit });
  if (used === null) throw budgetExhausted(limit, now);
  return { workspaceId, month, amount };
}

/**
 * Settles a reservation to what the call really cost and releases the rest. Settled against the
 * month it was reserved in, so a call that spans midnight on the 1st does not leak into the new month.
 */
export async function settleTokens(reservation: Reservation | null, settled: number): Promise<void> {
  if (!reservation) return;
  await adjustBudgetTokens({ workspaceId: reservation.workspaceId, month: reservation.month, delta: settled - reservation.amount });
}
