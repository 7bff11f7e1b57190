"use client";

import { Sparkles, TriangleAlert } from "lucide-react";

import { cn } from "@/components/ui/cn";

import { useAiEditsState } from "./ai-edits-context";

/** On a file's tab: "AI is editing" while an edit streams in, the changes left to review, or a notice. */
export function AiTabBadge({ path }: { path: string }) {
  const phase = useAiEditsState((state) => state.files[path]?.phase ?? null);
  const pending = useAiEditsState((state) => state.files[path]?.pending ?? 0);
  const notice = useAiEditsState((state) => state.files[path]?.notice ?? null);
  if (!phase) return null;
  if (phase === "notice" || (notice && phase !== "streaming")) {
    return (
      <span data-testid="ai-tab-badge" data-phase="notice" title={notice ?? undefined} className="flex shrink-0 items-center text-amber-500">
        <TriangleAlert className="size-3.5" aria-label="AI edit notice" />
      </span>
    );
  }
  const streaming = phase === "streaming";
  return (
    <span
      data-testid="ai-tab-badge"
      data-phase={phase}
      title={streaming ? "AI is editing" : `${pending} AI change${pending === 1 ? "" : "s"} to review`}
      className={cn(
        "flex h-4 shrink-0 items-center gap-0.5 rounded-full px-1.5 text-[10px] font-medium",
        streaming ? "bg-violet-100 text-violet-700 dark:bg-violet-500/20 dark:text-violet-200" : "bg-sky-100 text-sky-700 dark:bg-sky-500/20 dark:text-sky-200",
      )}
    >
      <Sparkles className={cn("size-3", streaming && "animate-pulse")} aria-hidden />
      {streaming ? "AI" : pending}
    </span>
  );
}
