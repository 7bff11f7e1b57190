"use client";

import { ChevronDown, Download, MessagesSquare, Pencil, Plus, Trash2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import { ShareButton } from "@/components/share/share-dialog";
import { Button, IconButton } from "@/components/ui/button";
import { confirmAction } from "@/components/ui/choice-dialog";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { predictsRewrites } from "@/lib/ai/edit-route";
import { DEFAULT_SESSION_TITLE, type EditChannelPreference, type EditMode, type SessionSummary } from "@/lib/chat/contract";

import { useChatController, useChatState } from "./chat-context";
import { ModelUpsell } from "./model-upsell";
import { observedToolStream } from "./chat-state";
import { SessionUsage } from "./session-usage";

/** Session switcher, new session and patch download; then model and edit mode. */
export function ChatHeader({ canWrite }: { canWrite: boolean }) {
  const controller = useChatController();
  const sessionId = useChatState((s) => s.sessionId);
  const busy = useChatState((s) => s.live !== null);
  return (
    <div className="flex flex-col gap-1.5 border-b border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
      <div className="flex items-center gap-1">
        <SessionSwitcher canWrite={canWrite} />
        {canWrite ? (
          <IconButton label="New session" data-testid="new-session" disabled={busy || sessionId === null} onClick={() => void controller.selectSession(null)}>
            <Plus className="size-4" />
          </IconButton>
        ) : null}
        {canWrite ? <ShareButton sessionId={sessionId} /> : null}
        <IconButton label="Download session as patch" data-testid="download-patch" disabled={sessionId === null} onClick={() => void controller.downloadPatch()}>
          <Download className="size-4" />
        </IconButton>
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        <ModelPicker />
        <ModeToggle />
        <EditChannelSelect />
      </div>
      <ModelUpsell />
      <SessionUsage />
    </div>
  );
}

function SessionSwitcher({ canWrite }: { canWrite: boolean }) {
  const controller = useChatController();
  const sessions = useChatState((s) => s.sessions);
  const sessionId = useChatState((s) => s.sessionId);
  const busy = useChatState((s) => s.live !== null);
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState<SessionSummary | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const current = sessions.find((s) => s.id === sessionId);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown, true);
    return () => document.removeEventListener("pointerdown", onPointerDown, true);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const remove = async (session: SessionSummary) => {
    setOpen(false);
    const confirmed = await confirmAction({
      title: `Delete “${session.title}”?`,
      message: "Its messages are deleted for everyone in the project. Files are not changed.",
      confirmLabel: "Delete",
      danger: true,
    });
    if (confirmed) await controller.deleteSession(session.id);
  };

  return (
    <div ref={rootRef} className="relative min-w-0 flex-1">
      <button
        ref={buttonRef}
        type="button"
        data-testid="session-switcher"
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={busy}
        title={busy ? "Stop or wait for the answer to switch sessions" : "Sessions"}
        onClick={() => setOpen(!open)}
        className="flex h-7 w-full min-w-0 items-center gap-1.5 rounded-md px-2 text-left text-[13px] font-medium hover:bg-zinc-100 disabled:opacity-60 dark:hover:bg-zinc-800"
      >
        <MessagesSquare className="size-3.5 shrink-0 text-zinc-600 dark:text-zinc-400" aria-hidden />
        <span className="truncate" data-testid="session-title">
          {current?.title ?? DEFAULT_SESSION_TITLE}
        </span>
        <ChevronDown className="size-3.5 shrink-0 text-zinc-400" aria-hidden />
      </button>
      {open ? (
        <div
          role="dialog"
          aria-label="Sessions"
          data-testid="session-list"
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.stopPropagation();
              close();
            }
          }}
          className="absolute top-8 left-0 z-30 flex max-h-80 w-72 flex-col overflow-hidden rounded-md border border-zinc-200 bg-white text-[13px] shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {canWrite ? (
            <button
              type="button"
              autoFocus
              onClick={() => {
                close();
                void controller.selectSession(null);
              }}
              className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 text-left hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              <Plus className="size-3.5" aria-hidden /> New session
            </button>
          ) : null}
          <ul className="overflow-y-auto py-1">
            {sessions.length === 0 ? <li className="px-3 py-2 text-zinc-600 dark:text-zinc-400">No sessions yet.</li> : null}
            {sessions.map((session) => (
              <li key={session.id} data-testid="session-item" data-session-id={session.id} className="group/item flex items-center gap-1 px-1">
                <button
                  type="button"
                  aria-current={session.id === sessionId ? "true" : undefined}
                  autoFocus={!canWrite && session.id === sessionId}
                  onClick={() => {
                    close();
                    if (session.id !== sessionId) void controller.selectSession(session.id);
                  }}
                  className={cn(
                    "flex min-w-0 flex-1 flex-col rounded px-2 py-1 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800",
                    session.id === sessionId && "bg-sky-50 dark:bg-sky-950/40",
                  )}
                >
                  <span className="truncate">{session.title}</span>
                  <span className="text-[10.5px] text-zinc-400">{new Date(session.updatedAt).toLocaleString()}</span>
                </button>
                {canWrite ? (
                  <>
                    <IconButton label={`Rename ${session.title}`} size="xs" className="size-6" data-testid="session-rename" onClick={() => (setOpen(false), setRenaming(session))}>
                      <Pencil className="size-3" />
                    </IconButton>
                    <IconButton label={`Delete ${session.title}`} size="xs" className="size-6 hover:text-red-600" data-testid="session-delete" onClick={() => void remove(session)}>
                      <Trash2 className="size-3" />
                    </IconButton>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <RenameDialog session={renaming} onClose={() => setRenaming(null)} />
    </div>
  );
}

function RenameDialog({ session, onClose }: { session: SessionSummary | null; onClose: () => void }) {
  const controller = useChatController();
  const [title, setTitle] = useState("");
  const [shownFor, setShownFor] = useState<string | null>(null);
  // A new session to rename starts from its current title.
  if (session && shownFor !== session.id) {
    setShownFor(session.id);
    setTitle(session.title);
  }
  const save = async () => {
    if (session && (await controller.renameSession(session.id, title))) onClose();
  };
  return (
    <Dialog
      open={session !== null}
      onClose={() => (setShownFor(null), onClose())}
      title="Rename session"
      data-testid="rename-dialog"
      footer={
        <>
          <Button size="sm" onClick={() => (setShownFor(null), onClose())}>
            Cancel
          </Button>
          <Button size="sm" variant="primary" disabled={!title.trim()} onClick={() => void save()}>
            Rename
          </Button>
        </>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Input aria-label="Session title" data-autofocus maxLength={120} value={title} onChange={(event) => setTitle(event.target.value)} />
      </form>
    </Dialog>
  );
}

function ModelPicker() {
  const controller = useChatController();
  const models = useChatState((s) => s.models);
  const model = useChatState((s) => s.model);
  const phase = useChatState((s) => s.phase);
  const observed = useChatState((s) => observedToolStream(s, s.model));
  const autoChannel = useChatState((s) => s.editChannel === "auto");
  if (!models) {
    // Without the list the server still answers with its default model.
    const failed = phase !== "loading";
    return (
      <select data-testid="model-picker" aria-label="Model" disabled={!failed} className="h-7 min-w-36 flex-1 rounded-md border border-zinc-300 bg-white px-1.5 text-[12px] dark:border-zinc-700 dark:bg-zinc-900">
        <option>{failed ? "Server default model" : "Loading models…"}</option>
      </select>
    );
  }
  return (
    <select
      data-testid="model-picker"
      aria-label="Model"
      value={model ?? ""}
      onChange={(event) => controller.setModel(event.target.value)}
      data-tool-stream={(observed ?? models.models.find((m) => m.id === model)?.toolStream) || undefined}
      title={models.models.find((m) => m.id === model)?.locked ? "Premium model: needs a Pro or Team plan" : undefined}
      className="h-7 min-w-36 flex-1 rounded-md border border-zinc-300 bg-white px-1.5 text-[12px] focus:border-sky-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
    >
      {models.models.map((m) => {
        const toolStream = (m.id === model ? observed : null) ?? m.toolStream ?? null;
        return (
          <option key={m.id} value={m.id}>
            {m.label}
            {m.locked ? " · Pro (upgrade)" : m.premium ? " · Pro" : ""}
            {toolStream === "buffered" ? " · sends edits all at once" : ""}
            {autoChannel && predictsRewrites(m, toolStream, m.predictionRefused) ? " · predicted edits in the answer" : ""}
          </option>
        );
      })}
    </select>
  );
}

const EDIT_CHANNELS: { value: EditChannelPreference; label: string }[] = [
  { value: "auto", label: "Edits: auto" },
  { value: "tools", label: "Edits: tool calls" },
  { value: "content", label: "Edits: answer blocks" },
];

/** The chat setting that overrides how the model sends edits (auto: per model, from the catalog and what was seen). */
function EditChannelSelect() {
  const controller = useChatController();
  const editChannel = useChatState((s) => s.editChannel);
  return (
    <select
      data-testid="edit-channel"
      aria-label="How the model sends edits"
      title="Tool calls stream live only on servers that stream tool arguments; answer blocks stream on every server"
      value={editChannel}
      onChange={(event) => controller.setEditChannel(event.target.value as EditChannelPreference)}
      className="h-7 shrink-0 rounded-md border border-zinc-300 bg-white px-1 text-[11.5px] dark:border-zinc-700 dark:bg-zinc-900"
    >
      {EDIT_CHANNELS.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

const MODES: { mode: EditMode; label: string; title: string }[] = [
  { mode: "review", label: "Review", title: "Edits wait for you to accept or reject each hunk" },
  { mode: "auto", label: "Auto-apply", title: "Edits apply as they stream (undo and checkpoints still work)" },
];

function ModeToggle() {
  const controller = useChatController();
  const mode = useChatState((s) => s.mode);
  return (
    <div role="radiogroup" aria-label="Edit mode" data-testid="mode-toggle" data-mode={mode} className="flex shrink-0 rounded-md border border-zinc-300 p-px dark:border-zinc-700">
      {MODES.map((option) => (
        <button
          key={option.mode}
          type="button"
          role="radio"
          aria-checked={mode === option.mode}
          title={option.title}
          onClick={() => controller.setMode(option.mode)}
          className={cn(
            "h-6 rounded px-2 text-[11.5px]",
            mode === option.mode ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** No real model configured: say so plainly, and how to connect one. */
export function ModelNotice() {
  const models = useChatState((s) => s.models);
  const loadError = useChatState((s) => s.loadError);
  if (!models && !loadError) return null;
  return (
    <>
      {models?.endpoint === "demo" ? (
        <div role="status" data-testid="demo-notice" className="border-b border-amber-200 bg-amber-50 px-3 py-2 text-[12px] text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
          <p className="font-semibold">Demo model (offline)</p>
          <p>Answers are scripted, not AI. Connect a real model: set CEREBRAS_API_KEY (or AI_BASE_URL + AI_API_KEY) and restart.</p>
        </div>
      ) : null}
      {models?.warning || loadError ? (
        <p role="status" className="border-b border-zinc-200 px-3 py-1 text-[11px] text-amber-700 dark:border-zinc-800 dark:text-amber-400">
          {models?.warning ?? loadError}
        </p>
      ) : null}
    </>
  );
}
