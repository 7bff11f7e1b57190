"use client";

import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { BillingOverview } from "@/lib/billing/contract";
import { MAX_SEATS } from "@/lib/billing/contract";
import { apiFetch } from "@/lib/http/client";
import { planEntitlements } from "@/lib/plans/entitlements";
import type { WorkspaceView } from "@/lib/workspaces/contract";

import { ErrorText } from "@/components/ui/error-text";
import { useAction } from "@/components/ui/use-action";
import { formatDate, Section } from "./section";

const planLabels = { free: "Free", pro: "Pro", team: "Team" } as const;

/** The plan, its end date if any, seats; Upgrade through Stripe Checkout and Manage through its portal. */
export function BillingSection({ workspace, billing }: { workspace: WorkspaceView; billing: BillingOverview }) {
  const [seats, setSeats] = useState(Math.max(billing.members, 2));
  const { error, pending, run } = useAction();
  const go = (path: string, json?: unknown) =>
    run(
      () => apiFetch<{ url: string }>(`/api/workspaces/${workspace.id}/billing/${path}`, { method: "POST", ...(json ? { json } : {}) }),
      ({ url }) => window.location.assign(url),
    );
  const paid = billing.plan !== "free";
  return (
    <Section title="Billing" description="Your plan decides premium models, token budgets and seats." testId="billing-settings">
      <div id="billing" className="space-y-1 text-sm">
        <p>
          Plan: <strong data-testid="billing-plan">{planLabels[billing.plan]}</strong>
          {billing.planUntil ? <span data-testid="billing-plan-until"> until {formatDate(billing.planUntil)}{billing.status === "past_due" ? " (payment failed: update your payment method)" : ""}</span> : null}
        </p>
        <p className="text-zinc-600 dark:text-zinc-400">
          Seats: {billing.members} of {billing.seats} used
          {billing.plan === "free" ? ` · premium models and ${planEntitlements.pro.monthlyTokenBudget.toLocaleString()} tokens a month come with Pro` : ""}
        </p>
      </div>
      {billing.stripe ? (
        <div className="flex flex-wrap items-center gap-2">
          {!paid ? (
            <>
              <Button variant="primary" data-testid="upgrade-pro" disabled={pending} onClick={() => go("checkout", { plan: "pro" })}>
                Upgrade to Pro
              </Button>
              {!workspace.personal ? (
                <span className="flex items-center gap-1">
                  <Input
                    type="number"
                    aria-label="Team seats"
                    className="w-20"
                    min={Math.max(billing.members, 1)}
                    max={MAX_SEATS}
                    value={seats}
                    onChange={(e) => setSeats(Number(e.target.value))}
                  />
                  <Button data-testid="upgrade-team" disabled={pending} onClick={() => go("checkout", { plan: "team", seats })}>
                    Upgrade to Team
                  </Button>
                </span>
              ) : null}
            </>
          ) : null}
          {billing.hasCustomer ? (
            <Button data-testid="manage-billing" disabled={pending} onClick={() => go("portal")}>
              Manage billing
            </Button>
          ) : null}
          <ErrorText error={error} />
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Billing is not set up on this server. An operator can grant a plan with `wafer grant-plan`.</p>
      )}
    </Section>
  );
}
