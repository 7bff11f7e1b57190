"use client";

import { Check, CircleSlash, FileCode2, Loader2, XCircle } from "lucide-react";
import { memo } from "react";

import { cn } from "@/components/ui/cn";
import type { ToolProgress } from "@/lib/chat/fold";
import type { MessagePart } from "@/lib/chat/messages";
import type { EditToolOutput } from "@/lib/chat/proposals";

import { formatChars } from "./format";

type ToolPart = Extract<MessagePart, { type: "tool" }>;

function isEditOutput(output: unknown): output is EditToolOutput {
  return typeof output === "object" && output !== null && Array.isArray((output as EditToolOutput).files) && typeof (output as EditToolOutput).ok === "boolean";
}

function stringField(input: unknown, field: string): string | null {
  const value = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[field] : undefined;
  return typeof value === "string" && value ? value : null;
}

/** What the call works on, from whatever is known so far: output, then input, then the streaming scan. */
function targetOf(part: ToolPart, progress: ToolProgress | undefined): string | null {
  if (isEditOutput(part.output) && part.output.files.length) {
    const [first, ...rest] = part.output.files;
    const name = first!.moveTo ? `${first!.path} → ${first!.moveTo}` : first!.path;
    return rest.length ? `${name} +${rest.length} more` : name;
  }
  return stringField(part.input, "path") ?? stringField(part.input, "query") ?? progress?.target ?? null;
}

/**
 * A tool call as one compact line: "apply_patch → src/a.ts +3 −1". While its input streams it shows
 * how much arrived, never the input itself (a whole-file rewrite is the editor's to show).
 */
export const ToolCard = memo(function ToolCard({ part, progress, live }: { part: ToolPart; progress: ToolProgress | undefined; live: boolean }) {
  const running = live && (part.state === "input-streaming" || part.state === "input-available");
  const failed = part.state === "output-error";
  const interrupted = part.state === "interrupted" || (!live && (part.state === "input-streaming" || part.state === "input-available"));
  const target = targetOf(part, progress);
  const edits = isEditOutput(part.output) ? part.output.files : null;
  const added = edits?.reduce((sum, f) => sum + f.added, 0) ?? 0;
  const removed = edits?.reduce((sum, f) => sum + f.removed, 0) ?? 0;

  return (
    <div
      data-testid="tool-card"
      data-tool={part.toolName}
      data-state={part.state}
      className={cn(
        "rounded-md border px-2 py-1 font-mono text-[11.5px]",
        failed ? "border-red-200 bg-red-50/60 dark:border-red-900/60 dark:bg-red-950/30" : "border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-800/50",
      )}
    >
      <div className="flex min-w-0 items-center gap-1.5">
        {running ? (
          <Loader2 className="size-3.5 shrink-0 animate-spin text-sky-600" aria-label="Running" />
        ) : failed ? (
          <XCircle className="size-3.5 shrink-0 text-red-600" aria-label="Failed" />
        ) : interrupted ? (
          <CircleSlash className="size-3.5 shrink-0 text-zinc-400" aria-label="Interrupted" />
        ) : part.state === "output-available" ? (
          <Check className="size-3.5 shrink-0 text-emerald-600" aria-label="Done" />
        ) : (
          <FileCode2 className="size-3.5 shrink-0 text-zinc-400" aria-hidden />
        )}
        <span className="shrink-0 text-zinc-700 dark:text-zinc-300">{part.toolName}</span>
        {target ? (
          <>
            <span className="shrink-0 text-zinc-400">→</span>
            <span className="min-w-0 truncate text-zinc-600 dark:text-zinc-400" title={target}>
              {target}
            </span>
          </>
        ) : null}
        {edits ? (
          <span className="shrink-0">
            <span className="text-emerald-600 dark:text-emerald-400">+{added}</span> <span className="text-red-600 dark:text-red-400">−{removed}</span>
          </span>
        ) : null}
        {running && progress && progress.chars > 0 ? (
          <span className="ml-auto shrink-0 pl-2 text-zinc-400" data-testid="tool-progress">
            {progress.lines > 0 ? `${progress.lines} lines · ` : ""}
            {formatChars(progress.chars)}
          </span>
        ) : null}
      </div>
      {failed && part.errorText ? <p className="mt-0.5 line-clamp-4 font-sans whitespace-pre-wrap text-red-700 dark:text-red-300">{part.errorText}</p> : null}
      {interrupted ? <p className="mt-0.5 font-sans text-zinc-600 dark:text-zinc-400">Interrupted before it finished; nothing was applied.</p> : null}
    </div>
  );
});
