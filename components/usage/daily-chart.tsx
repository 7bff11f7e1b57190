import { formatTokens } from "@/lib/usage/format";
import type { DayUsage } from "@/lib/usage/report";

const WIDTH = 720;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 22, left: 44 };

/**
 * This month's tokens per day, as plain server-rendered SVG: no chart library in the bundle, no
 * client JavaScript. The dashed line is the budget spread evenly over the month.
 */
export function DailyTokensChart({ days, dailyBudget }: { days: DayUsage[]; dailyBudget: number }) {
  const max = Math.max(1, dailyBudget, ...days.map((d) => d.tokens));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(days.length, 1);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" role="img" aria-label="Tokens per day this month" data-testid="usage-chart">
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * f)} y2={y(max * f)} className="stroke-zinc-200 dark:stroke-zinc-800" />
          <text x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end" className="fill-zinc-600 dark:fill-zinc-400 text-[10px]">
            {formatTokens(Math.round(max * f))}
          </text>
        </g>
      ))}
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(dailyBudget)} y2={y(dailyBudget)} strokeDasharray="4 4" className="stroke-amber-500" />
      {days.map((d, i) => (
        <g key={d.day}>
          <rect x={PAD.left + i * slot + slot * 0.15} width={slot * 0.7} y={y(d.tokens)} height={Math.max(0, PAD.top + plotH - y(d.tokens))} className="fill-indigo-500">
            <title>{`${d.day}: ${d.tokens.toLocaleString("en-US")} tokens`}</title>
          </rect>
          {i % 5 === 0 || i === days.length - 1 ? (
            <text x={PAD.left + i * slot + slot / 2} y={HEIGHT - 6} textAnchor="middle" className="fill-zinc-600 dark:fill-zinc-400 text-[10px]">
              {Number(d.day.slice(8))}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
