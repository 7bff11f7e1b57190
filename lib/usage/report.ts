import "server-only";

import type { KeySource } from "@/db/enums";
import { getBudgetTokensUsed, getProviderQuota, getSessionUsageTotals, getWorkspaceUsage, type UsageTotals } from "@/db/queries/usage";
import type { Entitlements } from "@/lib/plans/entitlements";
import { budgetMonth, budgetResetsAt } from "@/lib/plans/budget";

import { energyAssumptions } from "./energy";
import { priceFor } from "./prices";

export type { UsageTotals };

export interface DayUsage {
  day: string;
  tokens: number;
}

export interface UsageReport {
  month: string;
  resetsAt: string;
  budget: { limit: number; used: number };
  totals: UsageTotals;
  days: DayUsage[];
  byMember: (UsageTotals & { userId: string | null; label: string })[];
  byModel: (UsageTotals & { model: string; price: { input: number; output: number; source: string } })[];
  energyAssumptions: typeof energyAssumptions;
}

/** This UTC month's ledger for a workspace, every day of the month so far included (zero days too). */
export async function workspaceUsageReport({ workspaceId, entitlements }: { workspaceId: string; entitlements: Entitlements }, now = new Date()): Promise<UsageReport> {
  const month = budgetMonth(now);
  const from = new Date(`${month}T00:00:00Z`);
  const resetsAt = budgetResetsAt(now);
  const [usage, used] = await Promise.all([getWorkspaceUsage({ workspaceId, from, to: resetsAt }), getBudgetTokensUsed({ workspaceId, month })]);
  const tokensByDay = new Map(usage.byDay.map((d) => [d.day, d.inputTokens + d.outputTokens]));
  const days: DayUsage[] = [];
  for (let d = new Date(from); d <= now; d = new Date(d.getTime() + 86_400_000)) {
    const day = d.toISOString().slice(0, 10);
    days.push({ day, tokens: tokensByDay.get(day) ?? 0 });
  }
  return {
    month,
    resetsAt: resetsAt.toISOString(),
    budget: { limit: entitlements.monthlyTokenBudget, used },
    totals: usage.totals,
    days,
    byMember: usage.byMember.map((m) => ({ ...m, label: m.name ?? m.email ?? "Former member" })),
    byModel: usage.byModel.map((m) => ({ ...m, price: priceFor(m.model) })),
    energyAssumptions,
  };
}

export interface SessionUsageView {
  tokens: number;
  costUsd: number;
  energyWhLow: number;
  energyWhHigh: number;
  /** The provider's headroom for the key this workspace's calls use, as its last response reported it. */
  quota: { remainingTokensMinute: number | null; remainingRequestsDay: number | null; tokensResetAt: string | null; requestsResetAt: string | null; updatedAt: string } | null;
}

/** The chat header's "this session" figure and the key's quota left; the caller has checked access to the session. */
export async function sessionUsage({ sessionId, workspaceId }: { sessionId: string; workspaceId: string }, keySource: KeySource = "wafer"): Promise<SessionUsageView> {
  const [totals, quota] = await Promise.all([getSessionUsageTotals({ sessionId }), getProviderQuota({ workspaceId, keySource })]);
  return {
    tokens: totals.inputTokens + totals.outputTokens,
    costUsd: totals.costUsd,
    energyWhLow: totals.energyWhLow,
    energyWhHigh: totals.energyWhHigh,
    quota: quota && {
      remainingTokensMinute: quota.remainingTokensMinute,
      remainingRequestsDay: quota.remainingRequestsDay,
      tokensResetAt: quota.tokensResetAt?.toISOString() ?? null,
      requestsResetAt: quota.requestsResetAt?.toISOString() ?? null,
      updatedAt: quota.updatedAt.toISOString(),
    },
  };
}
