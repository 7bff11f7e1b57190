"use client";

import { Check, ChevronDown, ChevronUp, Eye, Files, LoaderCircle, Pencil, Sparkles, TriangleAlert, X } from "lucide-react";
import { useShallow } from "zustand/react/shallow";

import { useEditorState } from "@/components/monaco/editor-context";
import { Button, IconButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useIsApple } from "@/components/ui/kbd";
import { useMenu } from "@/components/ui/menu";

import { useAiEdits, useAiEditsState } from "./ai-edits-context";
import { reviewShortcuts } from "./proposal-editor";
import type { AiFileView } from "./types";

function describe(view: AiFileView): string {
  if (view.phase === "streaming") return view.kind === "add" ? "AI is writing this new file…" : view.kind === "delete" ? "AI is deleting this file…" : "AI is editing…";
  if (!view.ready) return "Waiting for the AI to finish…";
  if (view.kind === "delete") return view.moveTo ? `Moves this file to ${view.moveTo}` : "Deletes this file";
  const lines = `+${view.added} −${view.removed}`;
  if (view.kind === "add" && view.total === 1) return `New file · ${lines}`;
  return `${view.pending} of ${view.total} change${view.total === 1 ? "" : "s"} left · ${lines}`;
}

/**
 * The active file's AI review bar, between the tabs and the editor: progress, Prev/Next, Accept
 * all / Reject all, the proposal/file toggle, and every file waiting for review.
 */
export function AiReviewBar() {
  const controller = useAiEdits();
  const apple = useIsApple();
  const shortcuts = reviewShortcuts(apple);
  const activePath = useEditorState((state) => state.activePath);
  const view = useAiEditsState((state) => (activePath ? state.files[activePath] : undefined));
  const waiting = useAiEditsState(useShallow((state) => Object.values(state.files).filter((f) => f.phase === "review").map((f) => f.path)));
  const menu = useMenu();

  if (!view || !activePath) return null;
  const reviewing = view.phase === "review";
  const disabled = !view.ready || view.busy;
  const others = waiting.filter((path) => path !== activePath);

  return (
    <div
      role="region"
      aria-label={`AI changes to ${activePath}`}
      data-testid="ai-review-bar"
      data-phase={view.phase}
      className={cn(
        "flex min-h-9 shrink-0 flex-wrap items-center gap-x-2 gap-y-1 border-b px-3 py-1 text-xs",
        view.phase === "notice"
          ? "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-800/60 dark:bg-amber-950/40 dark:text-amber-100"
          : "border-violet-200 bg-violet-50/70 text-zinc-800 dark:border-violet-900/60 dark:bg-violet-950/30 dark:text-zinc-100",
      )}
    >
      {view.phase === "notice" ? (
        <TriangleAlert className="size-4 shrink-0 text-amber-500" aria-hidden />
      ) : view.phase === "streaming" || view.busy ? (
        <LoaderCircle className="size-4 shrink-0 animate-spin text-violet-500" aria-hidden />
      ) : (
        <Sparkles className="size-4 shrink-0 text-violet-500" aria-hidden />
      )}
      {view.phase !== "notice" ? (
        <span className="min-w-0 flex-1 truncate" data-testid="review-progress" data-pending={view.pending} data-total={view.total}>
          {describe(view)}
        </span>
      ) : (
        <span className="min-w-0 flex-1" />
      )}
      {reviewing && view.hunks.length > 1 ? (
        <div className="flex items-center">
          <IconButton label={`Previous change (${shortcuts.previous})`} size="icon" className="size-6" onClick={() => controller.moveCurrent(activePath, -1)} data-testid="review-prev">
            <ChevronUp className="size-4" />
          </IconButton>
          <span className="min-w-10 text-center tabular-nums text-zinc-500 dark:text-zinc-400" data-testid="review-position">
            {view.current + 1} / {view.pending}
          </span>
          <IconButton label={`Next change (${shortcuts.next})`} size="icon" className="size-6" onClick={() => controller.moveCurrent(activePath, 1)} data-testid="review-next">
            <ChevronDown className="size-4" />
          </IconButton>
        </div>
      ) : null}
      {reviewing ? (
        <>
          {(["reject", "accept"] as const).map((action) => (
            <Button
              key={action}
              size="xs"
              variant={action === "accept" ? "primary" : "secondary"}
              disabled={disabled}
              title={`${action === "accept" ? "Accept" : "Reject"} all changes to this file (${action === "accept" ? shortcuts.acceptAll : shortcuts.rejectAll})`}
              onClick={() => void controller[action](activePath)}
              data-testid={`review-${action}-all`}
            >
              {action === "accept" ? <Check className="size-3.5" aria-hidden /> : <X className="size-3.5" aria-hidden />}{" "}
              {`${action === "accept" ? "Accept" : "Reject"}${view.kind === "update" ? " all" : ""}`}
            </Button>
          ))}
        </>
      ) : null}
      {view.phase !== "notice" && view.hasProposal && view.kind !== "add" ? (
        <Button
          size="xs"
          variant="ghost"
          onClick={() => controller.setShowProposal(activePath, !view.showProposal)}
          title={view.showProposal ? "Show the file itself, to read or type in it" : "Show the AI's changes"}
          data-testid="review-toggle-view"
          data-showing={view.showProposal ? "proposal" : "file"}
        >
          {view.showProposal ? <Pencil className="size-3.5" aria-hidden /> : <Eye className="size-3.5" aria-hidden />}
          {view.showProposal ? "Edit file" : "Show changes"}
        </Button>
      ) : null}
      {others.length > 0 ? (
        <Button
          size="xs"
          variant="ghost"
          onClick={(event) =>
            menu.openBelow(
              event.currentTarget,
              waiting.map((path) => ({ id: path, label: path, checked: path === activePath, onSelect: () => controller.reveal(path) })),
              "Files with AI changes to review",
              "end",
            )
          }
          title="Files with AI changes to review"
          data-testid="review-files"
        >
          <Files className="size-3.5" aria-hidden /> {waiting.length} files
        </Button>
      ) : null}
      {view.notice ? (
        <span className="flex basis-full items-center gap-2 text-amber-800 dark:text-amber-200" role="status" data-testid="ai-notice">
          <span className="min-w-0 flex-1">{view.notice}</span>
          <IconButton label="Dismiss" size="icon" className="size-5" onClick={() => controller.dismissNotice(activePath)}>
            <X className="size-3.5" />
          </IconButton>
        </span>
      ) : null}
      {menu.element}
    </div>
  );
}
