import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { energyAssumptions } from "@/lib/usage/energy";
import type { UsageReport } from "@/lib/usage/report";

import { UsageReportView } from "./usage-report";

const totals = { calls: 2, inputTokens: 12_000, outputTokens: 30_000, costUsd: 0.0267, energyWhLow: 0.5, energyWhHigh: 6.1 };
const report: UsageReport = {
  month: "2026-12-01",
  resetsAt: "2027-01-01T00:00:00.000Z",
  budget: { limit: 2_000_000, used: 42_000 },
  totals,
  days: [
    { day: "2026-12-03", tokens: 0 },
    { day: "2026-12-04", tokens: 42_000 },
  ],
  byMember: [{ ...totals, userId: "u1", label: "Ada" }],
  byModel: [{ ...totals, model: "gpt-oss-120b", price: { input: 0.35, output: 0.75, source: "Cerebras list price" } }],
  energyAssumptions,
};

describe("UsageReportView", () => {
  it("shows today's tokens, the month's cost and an energy range against the budget, with the assumptions", () => {
    const html = renderToStaticMarkup(<UsageReportView report={report} today="2026-12-04" />);
    const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("Today 42k tokens");
    expect(text).toContain("≈ Cost $0.03");
    expect(text).toContain("≈ Energy 0.5–6 Wh");
    expect(text).toContain("42,000 of 2,000,000 budget tokens");
    expect(text).toContain("Resets 1 January 2027, 00:00 UTC");
    expect(text).toContain("fails before any output costs nothing");
    expect(text).toContain("0.24 Wh");
    expect(text).toContain("$0.35 / $0.75 per 1M in / out — Cerebras list price");
    // One bar per day of the month so far, the empty day included.
    expect(html.match(/<rect /g)).toHaveLength(2);
  });
});
