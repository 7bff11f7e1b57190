import { formatEnergy } from "@/lib/usage/energy";
import { formatCost, formatTokens } from "@/lib/usage/format";
import type { UsageReport, UsageTotals } from "@/lib/usage/report";

import { DailyTokensChart } from "./daily-chart";

const tokensOf = (t: UsageTotals) => t.inputTokens + t.outputTokens;
const energyOf = (t: UsageTotals) => formatEnergy({ lowWh: t.energyWhLow, highWh: t.energyWhHigh });

function Breakdown({ title, rows, testId }: { title: string; rows: { key: string; label: string; totals: UsageTotals; note?: string }[]; testId: string }) {
  return (
    <section className="space-y-2">
      <h2 className="text-sm font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No model calls yet this month.</p>
      ) : (
        <table className="w-full text-sm" data-testid={testId}>
          <thead className="text-left text-xs text-zinc-600 dark:text-zinc-400">
            <tr>
              <th className="py-1 font-medium">Name</th>
              <th className="py-1 text-right font-medium">Calls</th>
              <th className="py-1 text-right font-medium">Tokens</th>
              <th className="py-1 text-right font-medium">≈ Cost</th>
              <th className="py-1 text-right font-medium">≈ Energy</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1.5">
                  {r.label}
                  {r.note ? <span className="block text-xs text-zinc-600 dark:text-zinc-400">{r.note}</span> : null}
                </td>
                <td className="py-1.5 text-right tabular-nums">{r.totals.calls}</td>
                <td className="py-1.5 text-right tabular-nums">{formatTokens(tokensOf(r.totals))}</td>
                <td className="py-1.5 text-right tabular-nums">{formatCost(r.totals.costUsd)}</td>
                <td className="py-1.5 text-right tabular-nums">{energyOf(r.totals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A workspace's month: tokens per day against the budget, per member and per model, cost and energy with their assumptions. */
export function UsageReportView({ report, today }: { report: UsageReport; today: string }) {
  const { budget, totals, energyAssumptions: a } = report;
  const resets = new Date(report.resetsAt).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const percent = budget.limit > 0 ? Math.min(100, (budget.used / budget.limit) * 100) : 100;
  const todayTokens = report.days.find((d) => d.day === today)?.tokens ?? 0;
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-xl font-semibold">Usage this month</h1>
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Figure label="Today" value={`${formatTokens(todayTokens)} tokens`} testId="usage-today" />
          <Figure label="This month" value={`${formatTokens(tokensOf(totals))} tokens`} testId="usage-month" />
          <Figure label="≈ Cost" value={formatCost(totals.costUsd)} testId="usage-cost" />
          <Figure label="≈ Energy" value={energyOf(totals)} testId="usage-energy" />
        </div>
        <div className="space-y-1">
          <div className="flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
            <span data-testid="usage-budget">
              {budget.used.toLocaleString("en-US")} of {budget.limit.toLocaleString("en-US")} budget tokens (Wafer&apos;s key)
            </span>
            <span>Resets {resets}, 00:00 UTC</span>
          </div>
          <div className="h-2 overflow-hidden rounded bg-zinc-100 dark:bg-zinc-800">
            <div className={`h-full ${percent >= 100 ? "bg-red-500" : "bg-indigo-500"}`} style={{ width: `${percent}%` }} />
          </div>
        </div>
        <DailyTokensChart days={report.days} dailyBudget={budget.limit / 30} />
      </section>
      <div className="grid gap-8 md:grid-cols-2">
        <Breakdown title="By member" testId="usage-members" rows={report.byMember.map((m) => ({ key: m.userId ?? "gone", label: m.label, totals: m }))} />
        <Breakdown
          title="By model"
          testId="usage-models"
          rows={report.byModel.map((m) => ({ key: m.model, label: m.model, totals: m, note: `$${m.price.input} / $${m.price.output} per 1M in / out — ${m.price.source}` }))}
        />
      </div>
      <section className="space-y-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="usage-notes">
        <h2 className="text-sm font-semibold text-zinc-700 dark:text-zinc-300">How these are counted</h2>
        <p>
          Each model call reserves its prompt plus its output allowance before it is sent and settles to what the provider reports when it ends. A turn that fails before
          any output costs nothing; a stopped turn costs what was generated before the stop (its prompt and the tokens that arrived). Calls on the workspace&apos;s own API
          key are listed but do not count against the budget.
        </p>
        <p>Costs are estimates from list prices per model (shown above); the operator can set their own with WAFER_MODEL_PRICES.</p>
        <p>
          Energy is an estimate, shown as a range, never measured per request: (output tokens ÷ tokens per second + time to first token) × {a.systemPowerW / 1000} kW
          system power × {a.utilisation.low}–{a.utilisation.high} share of the system × PUE {a.pue.low}–{a.pue.high}. For scale: Google reports 0.24 Wh for a median
          Gemini prompt, and Epoch AI estimates ≈ 0.3 Wh for a typical GPT-4o query.
        </p>
      </section>
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="text-xs text-zinc-600 dark:text-zinc-400">{label}</div>
      <div className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}
