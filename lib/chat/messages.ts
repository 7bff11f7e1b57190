import type { MessageRole, MessageStatus } from "@/db/enums";

import type { EditChannelReason } from "./contract";
import type { EditProposal } from "./proposals";

export type { MessageRole, MessageStatus };

/**
 * A message as stored and as rendered after a reload. Live turns arrive as AI SDK UI-message chunks
 * and are folded into this same shape on both ends (lib/chat/fold.ts).
 */
export type MessagePart =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string }
  | {
      type: "tool";
      toolCallId: string;
      toolName: string;
      input: unknown;
      state: "input-streaming" | "input-available" | "output-available" | "output-error" | "interrupted";
      output?: unknown;
      errorText?: string;
    }
  /** Marks where one model step ended and the next began (after tool results). */
  | { type: "step-start" };

/** What the user had attached when sending: shown as chips, never trusted for access. */
export interface MessageContextChips {
  activeFile?: string;
  selection?: { path: string; startLine: number; endLine: number };
  mentions: string[];
}

export interface ChatMessage {
  id: string;
  role: MessageRole;
  parts: MessagePart[];
  status: MessageStatus;
  model?: string | null;
  metrics?: TurnMetrics | null;
  context?: MessageContextChips | null;
  error?: MessageError | null;
  proposals?: EditProposal[] | null;
  createdAt: string;
}

export interface MessageError {
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

/** How one tool call's arguments arrived from the model's server (or, `content`, from edit blocks in the answer). */
export interface ToolArgumentArrival {
  toolCallId: string;
  toolName: string;
  channel: "tool" | "content";
  deltas: number;
  bytes: number;
  /** Request start → first argument byte. */
  firstArgumentMs: number | null;
  /** First argument byte → last: near 0 with many bytes means the server sent the call whole. */
  argumentSpanMs: number | null;
  bytesPerDelta: number | null;
}

/** The speed HUD's figures for one assistant turn, measured on the server. */
export interface TurnMetrics {
  /** Request received → first token from the model. */
  ttftMs: number | null;
  /** Completion tokens over generation time (first token → last token). */
  tokensPerSecond: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens?: number | null;
  generationMs: number | null;
  /** Cerebras `time_info`, seconds, when the provider sent it. */
  timeInfo?: { queueTime?: number; promptTime?: number; completionTime?: number; totalTime?: number } | null;
  acceptedPredictionTokens?: number | null;
  rejectedPredictionTokens?: number | null;
  /** Estimated from the accepted tokens (lib/ai/tool-arrival predictionSavedMs). */
  predictionSavedMs?: number | null;
  steps: number;
  toolCalls?: ToolArgumentArrival[];
  editChannel?: "tools" | "content";
  /** Why the edits took that channel (lib/ai/edit-route). */
  editChannelReason?: EditChannelReason;
  /** The server refused the file as `prediction` with tools: the turn went without it. */
  predictionRefused?: boolean;
  /** The model's verdict after this turn: `buffered` means its server sends edits all at once. */
  toolStream?: "progressive" | "buffered" | null;
}
