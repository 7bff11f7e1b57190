"use client";

import { ArrowUp, Square, X } from "lucide-react";
import { useCallback, useId, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from "react";

import { IconButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { rankPaths } from "@/components/workbench/fuzzy";

import type { EditorContextSnapshot } from "./chat-state";
import { selectionKey } from "./turn-input";
import { useChatController, useChatState } from "./chat-context";
import { baseName } from "./format";
import { ContextChip } from "./message-item";
import { useCountdown } from "./use-countdown";

type EditorChips = Pick<EditorContextSnapshot, "activeFile" | "selection">;

const NO_CHIPS: EditorChips = {};
const noSubscription = () => () => {};

/**
 * The editor's active file and selection as chips, kept current through the workbench's
 * subscription when it gives one (otherwise read on each render, e.g. on focus).
 */
function useEditorChips(read: () => EditorContextSnapshot, subscribe: ((onChange: () => void) => () => void) | undefined): EditorChips {
  const cache = useRef<{ key: string; value: EditorChips }>({ key: "", value: NO_CHIPS });
  const getSnapshot = useCallback(() => {
    const { activeFile, selection } = read();
    const key = `${activeFile ?? ""}|${selection ? selectionKey(selection) : ""}`;
    if (cache.current.key !== key) cache.current = { key, value: { activeFile, selection } };
    return cache.current.value;
  }, [read]);
  return useSyncExternalStore(subscribe ?? noSubscription, getSnapshot, () => NO_CHIPS);
}

/** `@query` right before the caret, if the user is typing a mention. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]*)$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[2]!.length - 1, query: match[2]! } : null;
}

export interface ComposerProps {
  canWrite: boolean;
  filePaths: () => readonly string[];
  editorContext: () => EditorContextSnapshot;
  subscribeEditorContext?: (onChange: () => void) => () => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}

/**
 * Enter sends, Shift+Enter is a newline; Stop while an answer streams. `@` completes project paths
 * and attaches them; the editor's file and selection ride along as removable chips.
 */
export function Composer({ canWrite, filePaths, editorContext, subscribeEditorContext, inputRef }: ComposerProps) {
  const controller = useChatController();
  const draft = useChatState((s) => s.draft);
  const live = useChatState((s) => s.live !== null);
  const mentions = useChatState((s) => s.mentions);
  const excluded = useChatState((s) => s.excluded);
  const notice = useChatState((s) => s.notice);
  const ready = useChatState((s) => s.phase === "ready" && s.sessionStatus !== "loading");
  const chips = useEditorChips(editorContext, subscribeEditorContext);
  const [, refreshChips] = useState(0);
  const [mention, setMention] = useState<{ start: number; query: string; index: number } | null>(null);
  const caretAfter = useRef<number | null>(null);
  const listId = useId();
  // A spent monthly budget names its reset date in the message; a month-long countdown would only lock the composer.
  const wait = useCountdown(notice?.code === "rate_limit:budget" ? null : notice?.retryAt);

  const candidates = useMemo(() => (mention ? rankPaths(mention.query, filePaths(), 8) : []), [mention, filePaths]);
  const activeFile = chips.activeFile && chips.activeFile !== excluded.activeFile ? chips.activeFile : null;
  const selection = chips.selection && selectionKey(chips.selection) !== excluded.selection ? chips.selection : null;
  const canSend = canWrite && ready && !live && wait === 0 && draft.trim().length > 0;

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (input && caretAfter.current !== null) {
      input.setSelectionRange(caretAfter.current, caretAfter.current);
      caretAfter.current = null;
    }
  }, [draft, inputRef]);

  const update = (text: string, caret: number) => {
    controller.setDraft(text);
    const found = mentionAt(text, caret);
    setMention(found ? { ...found, index: 0 } : null);
  };

  const insertMention = (path: string) => {
    if (!mention) return;
    const caret = inputRef.current?.selectionStart ?? draft.length;
    const inserted = `@${path} `;
    caretAfter.current = mention.start + inserted.length;
    controller.setDraft(draft.slice(0, mention.start) + inserted + draft.slice(caret));
    controller.addMention(path);
    setMention(null);
  };

  const submit = () => {
    if (!canSend) return;
    // Paths typed out by hand count as mentions too, when they name a project file.
    const known = new Set(filePaths());
    const typed = [...draft.matchAll(/(?:^|\s)@(\S+)/g)].map((m) => m[1]!.replace(/[.,;:!?)]+$/, "")).filter((p) => known.has(p));
    setMention(null);
    void controller.send({ text: draft, mentions: [...mentions, ...typed], origin: "composer" });
  };

  const showMentions = mention !== null && candidates.length > 0;
  const activeOption = showMentions ? `${listId}-${Math.min(mention.index, candidates.length - 1)}` : undefined;

  return (
    <div className="flex flex-col gap-1.5 px-3 pt-1.5 pb-3">
      {notice ? (
        <div role="alert" data-testid="chat-notice" className="flex items-start gap-2 rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-[12px] text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
          <p className="flex-1">
            {notice.message}
            {wait > 0 ? (
              <span data-testid="rate-limit-countdown" data-remaining={wait} className="ml-1 tabular-nums">
                Rate limited — retry in {wait} s
              </span>
            ) : null}
          </p>
          <button type="button" aria-label="Dismiss" onClick={() => controller.dismissNotice()} className="text-red-500 hover:text-red-800">
            <X className="size-3.5" />
          </button>
        </div>
      ) : null}

      {activeFile || selection || mentions.length ? (
        <div className="flex flex-wrap gap-1" aria-label="Context for the next message">
          {activeFile ? <ContextChip kind="active-file" label={baseName(activeFile)} title={activeFile} onRemove={() => controller.exclude("activeFile", activeFile)} /> : null}
          {selection ? (
            <ContextChip
              kind="selection"
              label={`${baseName(selection.path)}:${selection.startLine}-${selection.endLine}`}
              title={selection.path}
              onRemove={() => controller.exclude("selection", selectionKey(selection))}
            />
          ) : null}
          {mentions.map((path) => (
            <ContextChip key={path} kind="mention" label={baseName(path)} title={path} onRemove={() => controller.removeMention(path)} />
          ))}
        </div>
      ) : null}

      <div className="relative">
        {showMentions ? (
          <ul
            id={listId}
            role="listbox"
            aria-label="Project files"
            data-testid="mention-list"
            className="absolute bottom-full left-0 z-20 mb-1 max-h-56 w-full overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 text-[12px] shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          >
            {candidates.map((candidate, index) => (
              <li
                key={candidate.path}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === mention.index}
                data-testid="mention-option"
                data-path={candidate.path}
                onMouseDown={(event) => {
                  // Keep focus (and the caret) in the textarea.
                  event.preventDefault();
                  insertMention(candidate.path);
                }}
                className={cn("cursor-pointer truncate px-2.5 py-1 font-mono", index === mention.index && "bg-sky-600 text-white")}
              >
                {candidate.path}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="flex items-end gap-1.5 rounded-lg border border-zinc-300 bg-white p-1.5 focus-within:border-sky-500 focus-within:ring-2 focus-within:ring-sky-500/30 dark:border-zinc-700 dark:bg-zinc-900">
          <textarea
            ref={inputRef}
            data-testid="chat-input"
            data-chat-input
            aria-label="Message the model"
            role="combobox"
            aria-expanded={showMentions}
            aria-controls={showMentions ? listId : undefined}
            aria-activedescendant={activeOption}
            aria-autocomplete="list"
            disabled={!canWrite}
            placeholder={canWrite ? "Ask, or describe a change… (@ to add files)" : "View-only access: you can read sessions but not chat."}
            rows={Math.min(8, Math.max(2, draft.split("\n").length))}
            value={draft}
            onFocus={() => refreshChips((n) => n + 1)}
            onChange={(event) => update(event.target.value, event.target.selectionStart)}
            onSelect={(event) => {
              const target = event.currentTarget;
              const found = mentionAt(target.value, target.selectionStart);
              if (!found && mention) setMention(null);
            }}
            onBlur={() => setMention(null)}
            onKeyDown={(event) => {
              if (event.nativeEvent.isComposing) return;
              if (showMentions) {
                if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                  event.preventDefault();
                  const step = event.key === "ArrowDown" ? 1 : -1;
                  setMention({ ...mention, index: (mention.index + step + candidates.length) % candidates.length });
                  return;
                }
                if (event.key === "Enter" || event.key === "Tab") {
                  event.preventDefault();
                  insertMention(candidates[Math.min(mention.index, candidates.length - 1)]!.path);
                  return;
                }
                if (event.key === "Escape") {
                  event.preventDefault();
                  setMention(null);
                  return;
                }
              }
              if (event.key === "Enter" && !event.shiftKey) {
                event.preventDefault();
                submit();
              }
            }}
            className="max-h-48 min-h-10 flex-1 resize-none bg-transparent px-1 py-0.5 text-[13px] leading-5 outline-none placeholder:text-zinc-400 disabled:cursor-not-allowed"
          />
          {live ? (
            <IconButton label="Stop" variant="secondary" data-testid="stop-button" onClick={() => controller.stop()}>
              <Square className="size-3.5 fill-current" />
            </IconButton>
          ) : (
            <IconButton label="Send" variant="primary" data-testid="send-button" disabled={!canSend} onClick={submit}>
              <ArrowUp className="size-4" />
            </IconButton>
          )}
        </div>
      </div>
    </div>
  );
}
