"use client";

import { Gauge } from "lucide-react";
import { memo } from "react";

import type { TurnMetrics } from "@/lib/chat/messages";

import type { LiveTurn } from "./chat-controller";
import { formatMs, formatRate, formatTokens } from "./format";

/**
 * How fast the turn was: time to first token, tok/s, tokens in and out, Cerebras time_info, steps.
 * While streaming, a live tok/s estimate (≈, from characters received) until the server's figures arrive.
 */
export const SpeedHud = memo(function SpeedHud({ metrics, live }: { metrics: TurnMetrics | null | undefined; live: LiveTurn | null }) {
  if (!live && (!metrics || (metrics.ttftMs === null && !metrics.outputTokens))) return null;
  const items: { label: string; value: string; title?: string; testId?: string }[] = [];
  if (metrics) {
    if (metrics.ttftMs !== null) items.push({ label: "TTFT", value: formatMs(metrics.ttftMs), title: "Time to first token" });
    if (metrics.tokensPerSecond !== null) {
      items.push({ label: "", value: formatRate(metrics.tokensPerSecond), title: "Completion tokens over generation time", testId: live ? "live-tps" : "hud-tps" });
    }
    if (metrics.inputTokens !== null) items.push({ label: "in", value: formatTokens(metrics.inputTokens), title: "Prompt tokens" });
    if (metrics.outputTokens !== null) items.push({ label: "out", value: formatTokens(metrics.outputTokens), title: "Completion tokens" });
    const info = metrics.timeInfo;
    if (info) {
      const parts = [
        info.queueTime !== undefined ? `queue ${formatMs(info.queueTime * 1000)}` : null,
        info.promptTime !== undefined ? `prompt ${formatMs(info.promptTime * 1000)}` : null,
        info.completionTime !== undefined ? `completion ${formatMs(info.completionTime * 1000)}` : null,
      ].filter(Boolean);
      if (parts.length) items.push({ label: "", value: parts.join(" · "), title: "Provider time_info" });
    }
    if (metrics.steps > 1) items.push({ label: "", value: `${metrics.steps} steps` });
    if (metrics.acceptedPredictionTokens) {
      const saved = metrics.predictionSavedMs ? ` · ≈ ${formatMs(metrics.predictionSavedMs)} saved` : "";
      items.push({
        label: "prediction",
        value: `${formatTokens(metrics.acceptedPredictionTokens)} accepted${saved}`,
        title: "Predicted Outputs: tokens reused from the current file; time saved is estimated assuming accepted tokens stream 4× faster",
        testId: "hud-prediction",
      });
    }
    if (metrics.editChannelReason === "prediction" && metrics.predictionRefused) {
      items.push({
        label: "edits",
        value: "in the answer, without prediction (refused with tools)",
        title: "The model's server refused the open file as predicted output alongside tools; the call went again without it, and this model's edits use tool calls from the next turn",
        testId: "hud-edit-channel",
      });
    } else if (metrics.editChannelReason === "prediction") {
      items.push({
        label: "edits",
        value: "in the answer, file as prediction",
        title: "On “Edits: auto”, this model's edits are written in the answer with the open file as the predicted output: the live-edits bench measured rewrites faster that way and patches no slower than tool calls",
        testId: "hud-edit-channel",
      });
    }
    if (metrics.toolStream === "buffered") {
      items.push({
        label: "",
        value: metrics.editChannel === "content" ? "this server sends edits all at once: edits stream in the answer" : "this server sends edits all at once",
        title: "Its tool-call arguments arrived in one piece; Wafer asks this model for edit blocks in its answer from the next turn",
        testId: "hud-tool-stream",
      });
    }
  } else if (live) {
    items.push({
      label: "",
      value: live.liveTps !== null ? `≈ ${formatRate(live.liveTps)}` : live.phase === "connecting" ? "connecting…" : "≈ … tok/s",
      title: "Estimated from characters received (≈4 per token)",
      testId: "live-tps",
    });
    if (live.outputChars > 0) items.push({ label: "out", value: `≈ ${formatTokens(live.outputChars / 4)}` });
  }
  return (
    <div data-testid="speed-hud" className="flex flex-wrap items-center gap-x-2.5 gap-y-0.5 font-mono text-[10.5px] text-zinc-600 dark:text-zinc-400">
      <Gauge className="size-3" aria-hidden />
      {items.map((item, index) => (
        <span key={index} title={item.title} data-testid={item.testId} className="tabular-nums">
          {item.label ? <span className="text-zinc-600 dark:text-zinc-400">{item.label} </span> : null}
          <span className="text-zinc-700 dark:text-zinc-300">{item.value}</span>
        </span>
      ))}
    </div>
  );
});
