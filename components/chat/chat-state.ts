import type { TurnEnd } from "@/lib/chat/client";
import type { ChatContext, ContextReport, EditChannelPreference, EditMode, SessionDetail, SessionSummary, UpstreamTiming } from "@/lib/chat/contract";
import type { ToolProgress } from "@/lib/chat/fold";
import type { ChatMessage } from "@/lib/chat/messages";
import type { TurnEditBus } from "@/lib/chat/turn-events";
import type { AppError } from "@/lib/errors";

import type { ModelsListing } from "./chat-api";

/** What the editor contributes to a turn's context; read at send time. */
export interface EditorContextSnapshot {
  activeFile?: string;
  selection?: { path: string; startLine: number; endLine: number };
  openFiles: string[];
  diagnostics: ChatContext["diagnostics"];
}

/** The workbench's side of a turn: what is open, flushing buffers first, and reloading restored files. */
export interface ChatHost {
  editorContext: () => EditorContextSnapshot;
  beforeSend: () => Promise<void>;
  onFilesRestored: (paths: string[]) => void;
  /** A session was opened (e.g. so the review UI can bring back its pending proposals). */
  onSessionLoaded?: (detail: SessionDetail) => void;
}

/** A request refused before streaming, shown above the composer (the text is back in it). */
interface ChatNotice {
  code: string;
  message: string;
  /** Epoch ms when sending makes sense again (429). */
  retryAt: number | null;
}

/** The turn being streamed. Changes at most once per animation frame. */
export interface LiveTurn {
  /** The assistant message's key in `order`: a placeholder until the server names it. */
  key: string;
  phase: "connecting" | "streaming";
  firstOutputAt: number | null;
  outputChars: number;
  /** Estimated from characters received (≈4 per token) until the server's figures arrive. */
  liveTps: number | null;
  toolProgress: Readonly<Record<string, ToolProgress>>;
}

export interface ChatState {
  phase: "loading" | "ready" | "error";
  loadError: string | null;
  models: ModelsListing | null;
  model: string | null;
  mode: EditMode;
  /** Chat setting: how the model should send its edits (auto: decided per model on the server). */
  editChannel: EditChannelPreference;
  sessions: SessionSummary[];
  /** null: a new session, created on the first send. */
  sessionId: string | null;
  sessionStatus: "idle" | "loading" | "error";
  sessionError: string | null;
  order: string[];
  messages: Record<string, ChatMessage>;
  checkpoints: SessionDetail["checkpoints"];
  live: LiveTurn | null;
  /** The last turn's context report (the meter). Not stored with messages, so it starts empty. */
  context: ContextReport | null;
  /** The last turn's upstream byte stamps (server clock), for benchmarks lining up visible text. */
  timing: UpstreamTiming | null;
  notice: ChatNotice | null;
  /** Rate-limited answers: message id → epoch ms when Retry may go. */
  retryAt: Record<string, number>;
  draft: string;
  mentions: string[];
  /** Auto-attached chips the user removed, for the next send only. */
  excluded: { activeFile: string | null; selection: string | null };
  editingId: string | null;
  /** The text in the open edit-and-resend box. */
  editDraft: string;
}

export interface SendInput {
  text: string;
  intent?: "chat" | "inline-edit";
  /** Files mentioned with @ (the composer passes them); merged with the editor's context. */
  mentions?: string[];
  /** Replaces the editor's context entirely (e.g. the inline edit's file and selection). */
  context?: Partial<ChatContext>;
  /** Edit and resend: drop this user message and everything after it. */
  replaceFromMessageId?: string;
  /** Where the text came from: on a refusal before streaming it goes back there. */
  origin?: "composer" | "edit";
}

export type TurnResult =
  | { ok: true; messageId: string; end: TurnEnd }
  | { ok: false; error: AppError };

export interface ChatControllerOptions {
  projectId: string;
  canWrite: boolean;
  editBus: TurnEditBus;
  /** Namespaces remembered choices (mode, model) per user; optional. */
  userId?: string;
  /** The edit mode until this browser picks one (the user's "auto-apply" setting); "review" if unset. */
  defaultMode?: EditMode;
}

/** What the latest turn of `model` in this session found out about its tool streaming, if anything. */
export function observedToolStream(state: Pick<ChatState, "order" | "messages">, model: string | null): "progressive" | "buffered" | null {
  for (let i = state.order.length - 1; i >= 0; i--) {
    const message = state.messages[state.order[i]!];
    if (message?.model === model && message.metrics?.toolStream) return message.metrics.toolStream;
  }
  return null;
}

export function initialChatState(): ChatState {
  return {
    phase: "loading",
    loadError: null,
    models: null,
    model: null,
    mode: "review",
    editChannel: "auto",
    sessions: [],
    sessionId: null,
    sessionStatus: "idle",
    sessionError: null,
    order: [],
    messages: {},
    checkpoints: [],
    live: null,
    context: null,
    timing: null,
    notice: null,
    retryAt: {},
    draft: "",
    mentions: [],
    excluded: { activeFile: null, selection: null },
    editingId: null,
    editDraft: "",
  };
}
