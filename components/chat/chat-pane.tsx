"use client";

import { useEffect, useRef, useState } from "react";

import { exposeOnWindow } from "@/components/test-hooks";
import { Button } from "@/components/ui/button";
import type { SessionDetail } from "@/lib/chat/contract";
import type { TurnEditBus } from "@/lib/chat/turn-events";

import { createChatController, type ChatController, type EditorContextSnapshot } from "./chat-controller";
import { ChatControllerProvider, useChatController, useChatState } from "./chat-context";
import { ChatHeader, ModelNotice } from "./chat-header";
import { Composer } from "./composer";
import { ContextMeter } from "./context-meter";
import { warmHighlighter } from "./markdown";
import { MessageList } from "./message-list";

declare global {
  interface Window {
    /** The chat pane's controller, for e2e tests, benchmarks and debugging in devtools. */
    __waferChat?: ChatController;
  }
}

export interface ChatPaneProps {
  projectId: string;
  /** Viewers read sessions; members and up chat, edit and restore. */
  canWrite: boolean;
  /** Project file paths for @-mentions; called when the user types `@`. */
  filePaths: () => readonly string[];
  /** The editor's active file, selection, open tabs and problems, read when a message is sent. */
  editorContext: () => EditorContextSnapshot;
  /** Re-render the context chips when the editor's context changes (e.g. `editorService.store.subscribe`). */
  subscribeEditorContext?: (onChange: () => void) => () => void;
  /** Runs before every send: flush unsaved buffers so the server sees what the user sees. */
  beforeSend: () => Promise<void>;
  /** Receives the turn's edit events as they stream. */
  editBus: TurnEditBus;
  /** A checkpoint restore rewrote these files: reload them. */
  onFilesRestored: (paths: string[]) => void;
  /** A session was opened: its messages and checkpoints (e.g. to bring back pending reviews). */
  onSessionLoaded?: (detail: SessionDetail) => void;
  /** Share a controller with the editor's inline edit (Ctrl/Cmd+K); created here when omitted. */
  controller?: ChatController;
  /** Namespaces the remembered model and edit mode per user. */
  userId?: string;
}

/** The AI chat: sessions, the thread, and the composer. Mount it once per project. */
export function ChatPane(props: ChatPaneProps) {
  const { projectId, canWrite, editBus, userId, editorContext, beforeSend, onFilesRestored, onSessionLoaded } = props;
  const [owned] = useState(() => (props.controller ? null : createChatController({ projectId, canWrite, editBus, userId })));
  const controller = props.controller ?? owned!;

  useEffect(() => {
    controller.setHost({ editorContext, beforeSend, onFilesRestored, onSessionLoaded });
  }, [controller, editorContext, beforeSend, onFilesRestored, onSessionLoaded]);

  // Off the critical path: the first highlighted code block should not pay for grammar setup.
  useEffect(() => warmHighlighter(), []);

  useEffect(() => {
    void controller.init();
    const unexpose = process.env.WAFER_TEST_HOOKS === "1" ? exposeOnWindow("__waferChat", controller) : () => {};
    return () => {
      unexpose();
      if (owned) controller.dispose();
    };
  }, [controller, owned]);

  return (
    <ChatControllerProvider value={controller}>
      <ChatLayout {...props} />
    </ChatControllerProvider>
  );
}

function ChatLayout({ canWrite, filePaths, editorContext, subscribeEditorContext }: ChatPaneProps) {
  const controller = useChatController();
  const phase = useChatState((s) => s.phase);
  const loadError = useChatState((s) => s.loadError);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const pickExample = (text: string) => {
    controller.setDraft(text);
    inputRef.current?.focus();
  };

  return (
    <section data-testid="chat-pane" aria-label="AI chat" className="flex h-full min-h-0 flex-col bg-white text-[13px] text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100">
      <ChatHeader canWrite={canWrite} />
      <ModelNotice />
      {phase === "error" ? (
        <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-2 px-6 text-center text-[12px] text-red-700 dark:text-red-300">
          <p>Could not load the chat: {loadError}</p>
          <Button size="xs" onClick={() => void controller.init()}>
            Try again
          </Button>
        </div>
      ) : (
        <MessageList canWrite={canWrite} onExample={pickExample} />
      )}
      <div className="shrink-0 border-t border-zinc-200 dark:border-zinc-800">
        <ContextMeter />
        <Composer canWrite={canWrite} filePaths={filePaths} editorContext={editorContext} subscribeEditorContext={subscribeEditorContext} inputRef={inputRef} />
      </div>
    </section>
  );
}
