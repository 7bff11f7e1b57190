"use client";

import { ChevronDown, TriangleAlert } from "lucide-react";
import { useId, useState } from "react";

import { cn } from "@/components/ui/cn";

import { useChatState } from "./chat-context";
import { formatTokens } from "./format";

/** What went into the last prompt: used / window, a bar, the items in and out, and why. */
export function ContextMeter() {
  const report = useChatState((s) => s.context);
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  if (!report) return null;

  const percent = (value: number) => `${Math.min(100, (value / report.limit) * 100).toFixed(1)}%`;
  const included = report.items.filter((item) => item.included);
  const leftOut = report.items.filter((item) => !item.included);
  const full = report.used / (report.limit - report.reservedForOutput) > 0.9;

  return (
    <div data-testid="context-meter" data-trimmed={report.trimmed} className="px-3 pt-2 text-[11px] text-zinc-500 dark:text-zinc-400">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={detailsId}
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-2 rounded py-0.5 hover:text-zinc-800 dark:hover:text-zinc-200"
        title="What the model saw with your last message"
      >
        <span className="shrink-0 tabular-nums" data-testid="context-usage">
          {formatTokens(report.used)} / {formatTokens(report.limit)} tokens
        </span>
        <span
          className="relative h-1.5 min-w-12 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700"
          role="meter"
          aria-label="Context used"
          aria-valuemin={0}
          aria-valuemax={report.limit}
          aria-valuenow={report.used}
        >
          <span className={cn("absolute inset-y-0 left-0", full ? "bg-amber-500" : "bg-sky-500")} style={{ width: percent(report.used) }} />
          <span
            className="absolute inset-y-0 right-0 bg-zinc-300 dark:bg-zinc-600"
            style={{ width: percent(report.reservedForOutput) }}
            title={`${formatTokens(report.reservedForOutput)} reserved for the answer`}
          />
        </span>
        <ChevronDown className={cn("size-3 shrink-0 transition-transform", open && "rotate-180")} aria-hidden />
      </button>
      {report.trimmed ? (
        <p role="status" data-testid="context-trimmed" className="mt-1 flex items-start gap-1 text-amber-700 dark:text-amber-400">
          <TriangleAlert className="mt-px size-3 shrink-0" aria-hidden />
          <span>
            Some context was left out to fit: {leftOut.map((item) => `${item.label}${item.reason ? ` (${item.reason})` : ""}`).join(", ")}.
          </span>
        </p>
      ) : null}
      {open ? (
        <div id={detailsId} role="region" aria-label="Context details" className="mt-1 max-h-56 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-700">
          <p className="mb-1 text-zinc-400">
            {formatTokens(report.reservedForOutput)} of the window is kept for the answer.
          </p>
          <ContextList title="Included" items={included.map((item) => ({ label: item.label, detail: formatTokens(item.tokens) }))} />
          {leftOut.length ? <ContextList title="Left out" items={leftOut.map((item) => ({ label: item.label, detail: item.reason ?? "left out" }))} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function ContextList({ title, items }: { title: string; items: { label: string; detail: string }[] }) {
  return (
    <div className="mt-1">
      <h3 className="font-medium text-zinc-600 dark:text-zinc-300">{title}</h3>
      <ul>
        {items.map((item, index) => (
          <li key={index} className="flex justify-between gap-2">
            <span className="truncate" title={item.label}>
              {item.label}
            </span>
            <span className="shrink-0 tabular-nums text-zinc-400">{item.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
