"use client";

import { Gauge } from "lucide-react";
import { useEffect, useState } from "react";

import { formatEnergy } from "@/lib/usage/energy";
import { formatCost, formatTokens } from "@/lib/usage/format";
import type { SessionUsageView } from "@/lib/usage/report";

import { chatApi } from "./chat-api";
import { useChatState } from "./chat-context";

/**
 * "This session: 41k tokens, ≈ $0.02, ≈ 0.3–3 Wh", and the provider quota left on the key, read
 * from the ledger when the session opens and again each time a turn ends (never per token).
 */
export function SessionUsage() {
  const sessionId = useChatState((s) => s.sessionId);
  const busy = useChatState((s) => s.live !== null);
  const [usage, setUsage] = useState<{ sessionId: string; view: SessionUsageView } | null>(null);
  useEffect(() => {
    if (!sessionId || busy) return;
    let current = true;
    chatApi.usage(sessionId).then(
      (view) => current && setUsage({ sessionId, view }),
      // The figure is informational: a failed read leaves the last one up rather than breaking the pane.
      (error: unknown) => console.warn("[usage] reading the session's usage failed:", error),
    );
    return () => {
      current = false;
    };
  }, [sessionId, busy]);
  const view = usage?.sessionId === sessionId ? usage.view : null;
  if (!view) return null;
  const quota = view.quota;
  return (
    <div className="flex flex-wrap items-center gap-x-3 text-[11px] text-zinc-600 dark:text-zinc-400" data-testid="session-usage">
      <span title="Tokens, estimated cost and estimated energy of this session's model calls">
        this session: {formatTokens(view.tokens)} tokens, ≈ {formatCost(view.costUsd)}, ≈ {formatEnergy({ lowWh: view.energyWhLow, highWh: view.energyWhHigh })}
      </span>
      {quota && (quota.remainingTokensMinute !== null || quota.remainingRequestsDay !== null) ? (
        <span className="inline-flex items-center gap-1" data-testid="quota-left" title={`Provider rate limit left on this key, as of ${new Date(quota.updatedAt).toLocaleTimeString()}`}>
          <Gauge className="size-3" aria-hidden />
          quota left: {quota.remainingTokensMinute !== null ? `${formatTokens(quota.remainingTokensMinute)} tok/min` : ""}
          {quota.remainingTokensMinute !== null && quota.remainingRequestsDay !== null ? " · " : ""}
          {quota.remainingRequestsDay !== null ? `${quota.remainingRequestsDay.toLocaleString("en-US")} req/day` : ""}
        </span>
      ) : null}
    </div>
  );
}
