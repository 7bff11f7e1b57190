"use client";

import { AtSign, Check, Copy, FileText, Pencil, RefreshCw, RotateCcw, Sparkles, TextSelect } from "lucide-react";
import { memo, type ReactNode } from "react";

import { Button, IconButton } from "@/components/ui/button";
import { confirmAction } from "@/components/ui/choice-dialog";
import { cn } from "@/components/ui/cn";
import { toast } from "@/components/ui/toast";
import { DEMO_MODEL_ID } from "@/lib/ai/catalog";
import { messageText } from "@/lib/chat/history";
import type { ChatMessage, MessageContextChips } from "@/lib/chat/messages";

import type { LiveTurn } from "./chat-controller";
import { useChatController, useChatState } from "./chat-context";
import { baseName } from "./format";
import { StreamingMarkdown } from "./markdown";
import { Reasoning } from "./reasoning";
import { SpeedHud } from "./speed-hud";
import { ToolCard } from "./tool-card";
import { useCountdown } from "./use-countdown";

/**
 * One message. Each subscribes to its own entry, so while a turn streams only the streaming message
 * renders; earlier ones (memoized, same object in the store) are not touched.
 */
export const MessageItem = memo(function MessageItem({ id, isLastAssistant, canWrite }: { id: string; isLastAssistant: boolean; canWrite: boolean }) {
  const message = useChatState((s) => s.messages[id]);
  if (!message) return null;
  return message.role === "user" ? (
    <UserMessage message={message} canWrite={canWrite} />
  ) : (
    <AssistantMessage message={message} isLast={isLastAssistant} canWrite={canWrite} />
  );
});

function copyText(text: string) {
  void navigator.clipboard?.writeText(text).then(
    () => toast.success("Copied to the clipboard."),
    () => toast.error("Could not copy: the browser refused clipboard access."),
  );
}

function Actions({ children }: { children: ReactNode }) {
  return <div className="flex items-center gap-0.5 opacity-60 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100">{children}</div>;
}

export function ContextChip({ kind, label, title, onRemove }: { kind: string; label: string; title: string; onRemove?: () => void }) {
  const icon = kind === "selection" ? <TextSelect className="size-3" aria-hidden /> : kind === "mention" ? <AtSign className="size-3" aria-hidden /> : <FileText className="size-3" aria-hidden />;
  return (
    <span
      data-testid="context-chip"
      data-kind={kind}
      data-path={title}
      title={title}
      className="inline-flex max-w-full items-center gap-1 rounded border border-zinc-200 bg-white px-1.5 py-px text-[11px] text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
    >
      {icon}
      <span className="truncate">{label}</span>
      {onRemove ? (
        <button type="button" aria-label={`Remove ${title} from the context`} onClick={onRemove} className="-mr-0.5 rounded px-0.5 text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 dark:hover:bg-zinc-700 dark:hover:text-zinc-100">
          ×
        </button>
      ) : null}
    </span>
  );
}

function SentChips({ context }: { context: MessageContextChips | null | undefined }) {
  if (!context) return null;
  const { activeFile, selection, mentions } = context;
  if (!activeFile && !selection && !mentions.length) return null;
  return (
    <div className="mt-1.5 flex flex-wrap gap-1">
      {activeFile ? <ContextChip kind="active-file" label={baseName(activeFile)} title={activeFile} /> : null}
      {selection ? <ContextChip kind="selection" label={`${baseName(selection.path)}:${selection.startLine}-${selection.endLine}`} title={selection.path} /> : null}
      {mentions.map((path) => (
        <ContextChip key={path} kind="mention" label={baseName(path)} title={path} />
      ))}
    </div>
  );
}

function UserMessage({ message, canWrite }: { message: ChatMessage; canWrite: boolean }) {
  const controller = useChatController();
  const editing = useChatState((s) => s.editingId === message.id);
  const busy = useChatState((s) => s.live !== null);
  const text = messageText(message.parts);
  return (
    <article data-testid="message" data-role="user" data-status={message.status} data-message-id={message.id} aria-label="Your message" className="group ml-8 flex flex-col items-end gap-1">
      <div className="w-full rounded-lg bg-zinc-100 px-3 py-2 dark:bg-zinc-800">
        {editing ? <EditBox messageId={message.id} /> : <div data-testid="message-text" className="break-words whitespace-pre-wrap">{text}</div>}
        <SentChips context={message.context} />
      </div>
      {editing ? null : (
        <Actions>
          <IconButton label="Copy message" size="xs" className="size-6" onClick={() => copyText(text)}>
            <Copy className="size-3" />
          </IconButton>
          {canWrite ? (
            <IconButton label="Edit and resend" size="xs" className="size-6" data-testid="edit-button" disabled={busy} onClick={() => controller.startEditing(message.id)}>
              <Pencil className="size-3" />
            </IconButton>
          ) : null}
        </Actions>
      )}
    </article>
  );
}

function EditBox({ messageId }: { messageId: string }) {
  const controller = useChatController();
  const draft = useChatState((s) => s.editDraft);
  const submit = () => {
    if (!draft.trim()) return;
    void controller.send({ text: draft, replaceFromMessageId: messageId, origin: "edit" });
  };
  return (
    <form
      className="flex flex-col gap-1.5"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        data-testid="edit-input"
        aria-label="Edit your message"
        // Focus lands here when the box opens, as the user asked to edit.
        autoFocus
        value={draft}
        rows={Math.min(10, Math.max(2, draft.split("\n").length))}
        onChange={(event) => controller.setEditDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            submit();
          }
          if (event.key === "Escape") controller.startEditing(null);
        }}
        className="w-full resize-none rounded-md border border-zinc-300 bg-white px-2 py-1 text-[13px] focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 focus:outline-none dark:border-zinc-600 dark:bg-zinc-900"
      />
      <p className="text-[11px] text-zinc-600 dark:text-zinc-400">Sending replaces this message and everything after it.</p>
      <div className="flex justify-end gap-1.5">
        <Button size="xs" variant="ghost" onClick={() => controller.startEditing(null)}>
          Cancel
        </Button>
        <Button size="xs" variant="primary" type="submit" data-testid="edit-send-button" disabled={!draft.trim()}>
          Send
        </Button>
      </div>
    </form>
  );
}

function statusOf(message: ChatMessage, live: LiveTurn | null): string {
  if (live) return live.phase === "connecting" || message.parts.length === 0 ? "pending" : "streaming";
  return message.status;
}

function AssistantMessage({ message, isLast, canWrite }: { message: ChatMessage; isLast: boolean; canWrite: boolean }) {
  const controller = useChatController();
  const live = useChatState((s) => (s.live?.key === message.id ? s.live : null));
  const busy = useChatState((s) => s.live !== null);
  const checkpoint = useChatState((s) => s.checkpoints.find((c) => c.messageId === message.id && c.paths.length > 0));
  const modelLabel = useChatState((s) => s.models?.models.find((m) => m.id === message.model)?.label ?? message.model ?? "Assistant");
  const demo = message.model === DEMO_MODEL_ID;
  const status = statusOf(message, live);
  const lastIndex = message.parts.length - 1;
  const text = messageText(message.parts);

  const restore = async () => {
    const paths = controller.restorablePaths(message.id);
    const confirmed = await confirmAction({
      title: "Restore to before this turn?",
      message: `These files go back to how they were before this turn, undoing this turn's and any later turn's accepted edits to them: ${paths.join(", ")}.`,
      confirmLabel: "Restore",
      danger: true,
    });
    if (confirmed) await controller.restore(message.id);
  };

  return (
    <article
      data-testid="message"
      data-role="assistant"
      data-status={status}
      data-message-id={message.id}
      aria-busy={live !== null}
      aria-label="Answer"
      className="group flex flex-col gap-1.5"
    >
      <header className="flex items-center gap-1.5 text-[11px] text-zinc-500 dark:text-zinc-400">
        <Sparkles className="size-3" aria-hidden />
        <span className="truncate">{modelLabel}</span>
        {demo ? (
          <span data-testid="demo-badge" title="Scripted by the offline demo model, not real AI" className="rounded bg-amber-100 px-1 font-medium text-amber-800 uppercase dark:bg-amber-900/50 dark:text-amber-300">
            demo
          </span>
        ) : null}
        <StatusBadge status={status} hasContent={message.parts.length > 0} />
      </header>

      {status === "pending" ? (
        <p className="flex items-center gap-1.5 text-zinc-400" data-testid="pending">
          <span className="inline-flex gap-0.5" aria-hidden>
            <span className="size-1 animate-pulse rounded-full bg-current" />
            <span className="size-1 animate-pulse rounded-full bg-current [animation-delay:150ms]" />
            <span className="size-1 animate-pulse rounded-full bg-current [animation-delay:300ms]" />
          </span>
          {live?.phase === "connecting" ? "Sending…" : "Waiting for the first token…"}
        </p>
      ) : null}

      {message.parts.map((part, index) => {
        const streaming = live !== null && index === lastIndex;
        switch (part.type) {
          case "text":
            return part.text ? <StreamingMarkdown key={index} text={part.text} streaming={streaming} /> : null;
          case "reasoning":
            return <Reasoning key={index} text={part.text} streaming={streaming} />;
          case "tool":
            return <ToolCard key={part.toolCallId} part={part} progress={live?.toolProgress[part.toolCallId]} live={live !== null} />;
          default:
            return null;
        }
      })}

      {!live && message.status !== "complete" ? <Outcome message={message} isLast={isLast} canWrite={canWrite} /> : null}

      <SpeedHud metrics={message.metrics} live={live} />

      {live ? null : (
        <Actions>
          {text ? (
            <IconButton label="Copy answer" size="xs" className="size-6" onClick={() => copyText(text)}>
              <Copy className="size-3" />
            </IconButton>
          ) : null}
          {isLast && canWrite && message.status !== "failed" ? (
            <IconButton label="Regenerate" size="xs" className="size-6" data-testid="regenerate-button" disabled={busy} onClick={() => void controller.regenerate(message.id)}>
              <RefreshCw className="size-3" />
            </IconButton>
          ) : null}
          {checkpoint && canWrite ? (
            <Button size="xs" variant="ghost" data-testid="restore-button" disabled={busy} onClick={() => void restore()} title={`Files: ${checkpoint.paths.join(", ")}`}>
              <RotateCcw className="size-3" />
              Restore to before this turn
              {checkpoint.restoredAt ? <Check className="size-3 text-emerald-600" aria-label="Restored before" /> : null}
            </Button>
          ) : null}
        </Actions>
      )}
    </article>
  );
}

function StatusBadge({ status, hasContent }: { status: string; hasContent: boolean }) {
  const badge =
    status === "stopped"
      ? { label: "stopped", className: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200" }
      : status === "failed"
        ? hasContent
          ? { label: "interrupted", className: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-300" }
          : { label: "failed", className: "bg-red-100 text-red-700 dark:bg-red-900/50 dark:text-red-300" }
        : null;
  if (!badge) return null;
  return (
    <span data-testid="status-badge" className={cn("rounded px-1 font-medium", badge.className)}>
      {badge.label}
    </span>
  );
}

/** Why the answer is not complete, and the way forward (Retry = regenerate; never automatic). */
function Outcome({ message, isLast, canWrite }: { message: ChatMessage; isLast: boolean; canWrite: boolean }) {
  const controller = useChatController();
  const retryAt = useChatState((s) => s.retryAt[message.id]);
  const busy = useChatState((s) => s.live !== null);
  const remaining = useCountdown(retryAt);
  if (message.status === "stopped") return <p className="text-[12px] text-zinc-600 dark:text-zinc-400">Stopped. What arrived is kept; unfinished edits were not applied.</p>;

  const rateLimited = message.error?.code.startsWith("rate_limit") ?? false;
  const beforeFirstToken = message.parts.length === 0;
  const headline = beforeFirstToken ? "Failed before the first token." : "Interrupted mid-answer. The partial answer is kept; no partial edit was applied.";
  return (
    <div role="alert" data-testid="message-error" className="flex flex-col gap-1.5 rounded-md border border-red-200 bg-red-50 px-2.5 py-2 text-[12px] text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
      <p>
        <span className="font-medium">{headline}</span> {message.error?.message}
      </p>
      {rateLimited ? (
        <p data-testid="rate-limit-countdown" data-remaining={remaining} className="tabular-nums">
          {remaining > 0 ? `Rate limited — retry in ${remaining} s` : "Rate limit passed — you can retry now."}
        </p>
      ) : null}
      {isLast && canWrite ? (
        <div>
          <Button size="xs" variant="secondary" data-testid="retry-button" disabled={busy || remaining > 0} onClick={() => void controller.regenerate(message.id)}>
            <RefreshCw className="size-3" />
            Retry
          </Button>
        </div>
      ) : null}
    </div>
  );
}
