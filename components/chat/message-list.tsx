"use client";

import { ArrowDown, Loader2, Sparkles } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";

import type { ChatState } from "./chat-controller";
import { useChatController, useChatState } from "./chat-context";
import { MessageItem } from "./message-item";

/** Scrolled this far above the latest message, a "Jump to latest" button shows. */
const JUMP_BUTTON_AFTER_PX = 400;

const EXAMPLES = [
  "Explain what the open file does, briefly.",
  "Add input validation to the selected function.",
  "Write unit tests for the active file.",
  "Find and fix the bug behind the current error.",
];

function lastAssistantOf(state: ChatState): string | null {
  for (let i = state.order.length - 1; i >= 0; i--) {
    const id = state.order[i]!;
    if (state.messages[id]?.role === "assistant") return id;
  }
  return null;
}

function EmptyState({ onExample, canWrite }: { onExample: (text: string) => void; canWrite: boolean }) {
  // Viewers cannot send: they get an explanation instead of suggestions they could not use.
  if (!canWrite) {
    return (
      <div data-testid="chat-empty" className="flex min-h-0 flex-1 flex-col items-center justify-center-safe gap-3 overflow-y-auto px-6 py-8 text-center text-zinc-600 dark:text-zinc-400">
        <Sparkles className="size-6 text-sky-600" aria-hidden />
        <p className="max-w-72 text-[12px] leading-relaxed">No conversation yet. You can read this project; members who can edit it can ask the AI for changes here.</p>
      </div>
    );
  }
  return (
    <div data-testid="chat-empty" className="flex min-h-0 flex-1 flex-col items-center justify-center-safe gap-3 overflow-y-auto px-6 py-8 text-center text-zinc-600 dark:text-zinc-400">
      <Sparkles className="size-6 text-sky-600" aria-hidden />
      <h2 className="text-sm font-semibold text-zinc-800 dark:text-zinc-100">Pair-program at model speed</h2>
      <p className="max-w-72 text-[12px] leading-relaxed">
        Ask about your code or ask for a change. The open file and your selection go along automatically; type <kbd className="font-mono">@</kbd> to add other
        files. Edits stream into the editor as they are written, for you to review.
      </p>
      <ul className="flex w-full max-w-72 flex-col gap-1.5">
        {EXAMPLES.map((example) => (
          <li key={example}>
            <button
              type="button"
              data-testid="chat-suggestion"
              onClick={() => onExample(example)}
              className="w-full rounded-md border border-zinc-200 px-2.5 py-1.5 text-left text-[12px] text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              {example}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The thread. Re-renders only when messages are added or removed; each message follows its own
 * entry. Stays scrolled to the bottom while the answer grows, unless the user scrolled up to read.
 */
export function MessageList({ canWrite, onExample }: { canWrite: boolean; onExample: (text: string) => void }) {
  const controller = useChatController();
  const order = useChatState((s) => s.order);
  const sessionStatus = useChatState((s) => s.sessionStatus);
  const sessionError = useChatState((s) => s.sessionError);
  const sessionId = useChatState((s) => s.sessionId);
  const lastAssistant = useChatState(lastAssistantOf);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const [awayFromLatest, setAwayFromLatest] = useState(false);
  const hasMessages = order.length > 0;

  useEffect(() => {
    const scroller = scrollRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    // Where the last follow scroll landed: its scroll event may arrive after the answer grew again,
    // and must not read as the user scrolling up (which would stop following a fast answer).
    let followedTo = -1;
    const onScroll = () => {
      const gap = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
      pinned.current = gap < 48 || (followedTo >= 0 && scroller.scrollTop >= followedTo - 1);
      // A state change only when crossing the line, not per scroll event.
      setAwayFromLatest(!pinned.current && gap > JUMP_BUTTON_AFTER_PX);
    };
    // Runs after layout, at most once per frame: no scroll work per chunk.
    const observer = new ResizeObserver(() => {
      if (!pinned.current) return;
      scroller.scrollTop = scroller.scrollHeight;
      followedTo = scroller.scrollTop;
    });
    scroller.addEventListener("scroll", onScroll, { passive: true });
    observer.observe(content);
    return () => {
      scroller.removeEventListener("scroll", onScroll);
      observer.disconnect();
    };
  }, [hasMessages]);

  // A new message (sent, or a session opened) brings the bottom into view: the observer scrolls
  // after the next layout, so nothing here forces one.
  useLayoutEffect(() => {
    pinned.current = true;
  }, [order.length, sessionId]);

  if (sessionStatus === "loading") {
    return (
      <div className="flex flex-1 items-center justify-center gap-2 text-[12px] text-zinc-600 dark:text-zinc-400" role="status">
        <Loader2 className="size-4 animate-spin" aria-hidden /> Loading the session…
      </div>
    );
  }
  if (sessionStatus === "error") {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-2 px-6 text-center text-[12px] text-red-700 dark:text-red-300" role="alert">
        <p>Could not load this session: {sessionError}</p>
        <Button size="xs" onClick={() => void controller.selectSession(sessionId)}>
          Try again
        </Button>
      </div>
    );
  }
  if (!hasMessages) return <EmptyState onExample={onExample} canWrite={canWrite} />;

  return (
    // An opaque, composited scroller: following the answer down then moves a layer instead of
    // repainting the pane every frame (browsers only composite some scrollers on their own).
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto bg-white will-change-scroll dark:bg-zinc-900" data-testid="message-list">
        <div ref={contentRef} role="log" aria-label="Messages" className="flex flex-col gap-4 px-3 py-3">
          {order.map((id) => (
            <MessageItem key={id} id={id} isLastAssistant={id === lastAssistant} canWrite={canWrite} />
          ))}
        </div>
      </div>
      {awayFromLatest ? (
        <Button
          size="xs"
          variant="secondary"
          data-testid="jump-to-latest"
          className="absolute bottom-2 left-1/2 -translate-x-1/2 rounded-full shadow-md"
          onClick={() => {
            const scroller = scrollRef.current;
            if (!scroller) return;
            pinned.current = true;
            scroller.scrollTo({ top: scroller.scrollHeight });
          }}
        >
          <ArrowDown className="size-3.5" aria-hidden /> Jump to latest
        </Button>
      ) : null}
    </div>
  );
}
