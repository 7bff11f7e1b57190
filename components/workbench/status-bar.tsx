"use client";

import { Check, CircleDot, CircleExclamationPoint, Eye, LoaderCircle, TriangleExclamationPoint } from "lucide-react";

import { useEditorService, useEditorState } from "@/components/monaco/editor-context";
import type { SaveStatus } from "@/components/monaco/save-queue";
import { cn } from "@/components/ui/cn";
import { useIsApple } from "@/components/ui/kbd";

import { useWorkbench } from "./workbench-context";

const saveStatusLabels: Record<SaveStatus, string> = {
  saved: "Saved",
  dirty: "Unsaved",
  saving: "Saving…",
  conflict: "Conflict",
  error: "Error",
};

const saveStatusIcons: Record<SaveStatus, typeof Check> = {
  saved: Check,
  dirty: CircleDot,
  saving: LoaderCircle,
  conflict: TriangleExclamationPoint,
  error: CircleExclamationPoint,
};

export function StatusBar() {
  const { project } = useWorkbench();
  const service = useEditorService();
  const activePath = useEditorState((state) => state.activePath);
  const file = useEditorState((state) => (state.activePath ? state.files[state.activePath] : undefined));
  const cursor = useEditorState((state) => state.cursor);
  const status = file && !file.loading ? file.status : null;
  const isApple = useIsApple();
  const StatusIcon = status ? saveStatusIcons[status] : null;

  return (
    <footer
      className="flex h-6 shrink-0 items-center gap-3 border-t border-zinc-200 bg-zinc-100 px-3 text-[11px] text-zinc-600 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-400"
      aria-label="Status bar"
      data-testid="status-bar"
    >
      {!project.canWrite ? (
        <span
          className="flex items-center gap-1 rounded-sm bg-amber-100 px-1.5 font-medium text-amber-800 dark:bg-amber-900/50 dark:text-amber-200"
          data-testid="status-read-only"
          title="You are a viewer in this workspace: files cannot be changed."
        >
          <Eye className="size-3" aria-hidden /> Read-only
        </span>
      ) : null}
      {status && StatusIcon && project.canWrite ? (
        // The live region wraps the button: a button may not take the status role (axe: aria-allowed-role).
        <span role="status" data-testid="status-save" data-status={status} className="flex">
        <button
          type="button"
          title={file?.error ?? (status === "error" ? "Click to retry" : undefined)}
          disabled={status !== "error" && status !== "dirty"}
          onClick={() => activePath && void service.save(activePath)}
          className={cn(
            "flex items-center gap-1 rounded-sm px-1 disabled:cursor-default",
            status === "conflict" && "text-amber-700 dark:text-amber-400",
            status === "error" && "text-red-600 dark:text-red-400",
            (status === "error" || status === "dirty") && "hover:bg-zinc-200 dark:hover:bg-zinc-800",
          )}
        >
          <StatusIcon className={cn("size-3", status === "saving" && "animate-spin")} aria-hidden />
          {saveStatusLabels[status]}
        </button>
        </span>
      ) : null}
      <span className="min-w-0 flex-1 truncate" title={activePath ?? undefined}>
        {activePath}
      </span>
      {cursor && file ? (
        <span data-testid="status-cursor">
          Ln {cursor.lineNumber}, Col {cursor.column}
          {cursor.selected > 0 ? ` (${cursor.selected} selected)` : ""}
        </span>
      ) : null}
      {file ? <span data-testid="status-language">{file.language.name}</span> : null}
      {file && project.canWrite ? (
        // Tab indents in Monaco; Monaco's own toggle is the keyboard user's way out, and nothing else says so.
        <span data-testid="status-tab-hint" title="In the editor, Tab inserts a tab. Ctrl+M (Ctrl+Shift+M on macOS) switches Tab to moving focus, and back.">
          <kbd className="font-sans">{isApple ? "⌃⇧M" : "Ctrl+M"}</kbd>: Tab moves focus
        </span>
      ) : null}
    </footer>
  );
}
