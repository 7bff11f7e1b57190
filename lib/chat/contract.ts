import type { UIMessage } from "ai";
import { z } from "zod";

import { checkRelativePath } from "@/lib/edits/paths";

import type { ChatMessage, MessageError, TurnMetrics } from "./messages";
import type { EditProposal } from "./proposals";

export const editModes = ["review", "auto"] as const;
export type EditMode = (typeof editModes)[number];

/** Where the model writes its edits: tool calls, or delimited blocks in its answer (lib/edits/content-blocks). */
export const editChannels = ["tools", "content"] as const;
export type EditChannel = (typeof editChannels)[number];
/** The chat setting: `auto` lets the catalog and the model's observed streaming decide. */
export const editChannelPreferences = ["auto", ...editChannels] as const;
export type EditChannelPreference = (typeof editChannelPreferences)[number];
/** Why a turn's edits took their channel (lib/ai/edit-route chooseEditRoute). */
export const editChannelReasons = ["override", "catalog", "buffered", "prediction", "default"] as const;
export type EditChannelReason = (typeof editChannelReasons)[number];

const projectPath = z.string().refine((p) => checkRelativePath(p).ok, "Invalid file path.");

const chatContextSchema = z
  .object({
    activeFile: projectPath.optional(),
    selection: z
      .object({ path: projectPath, startLine: z.number().int().positive(), endLine: z.number().int().positive() })
      .strict()
      .optional(),
    openFiles: z.array(projectPath).max(30).default([]),
    mentions: z.array(projectPath).max(30).default([]),
    diagnostics: z
      .array(
        z
          .object({
            path: projectPath,
            line: z.number().int().nonnegative(),
            severity: z.enum(["error", "warning", "info"]),
            message: z.string().max(2000),
          })
          .strict(),
      )
      .max(100)
      .default([]),
  })
  .strict();
export type ChatContext = z.infer<typeof chatContextSchema>;

/**
 * One chat turn. The client sends only what is new; history comes from the database.
 * - a new message (optionally replacing everything from an earlier message: edit and resend)
 * - or regenerate: drop an assistant message and answer its user message again
 */
export const chatRequestSchema = z
  .object({
    sessionId: z.uuid(),
    model: z.string().min(1).max(200).optional(),
    mode: z.enum(editModes).default("review"),
    /** Ctrl/Cmd+K in the editor: rewrite the selection, with the file as the predicted output. */
    intent: z.enum(["chat", "inline-edit"]).default("chat"),
    editChannel: z.enum(editChannelPreferences).default("auto"),
    message: z.object({ id: z.uuid(), text: z.string().trim().min(1).max(32_000) }).strict().optional(),
    replaceFromMessageId: z.uuid().optional(),
    regenerateMessageId: z.uuid().optional(),
    context: chatContextSchema.default({ openFiles: [], mentions: [], diagnostics: [] }),
  })
  .strict()
  .refine((r) => (r.message ? !r.regenerateMessageId : Boolean(r.regenerateMessageId)), {
    message: "Send either a message or regenerateMessageId.",
  });
export type ChatRequest = z.input<typeof chatRequestSchema>;
export type ParsedChatRequest = z.infer<typeof chatRequestSchema>;

export const contextItemKinds = ["system", "tree", "active-file", "selection", "open-file", "mention", "diagnostics", "history", "message"] as const;
export type ContextItemKind = (typeof contextItemKinds)[number];

export interface ContextItem {
  kind: ContextItemKind;
  label: string;
  tokens: number;
  included: boolean;
  /** Why it was left out, when it was. */
  reason?: string;
}

/** What went into the prompt, measured with the real tokenizer; the context meter shows it. */
export interface ContextReport {
  limit: number;
  reservedForOutput: number;
  used: number;
  items: ContextItem[];
  trimmed: boolean;
}

/** Wall-clock stamps (ms since epoch) of the model's bytes as the server saw them. */
export interface UpstreamTiming {
  requestStartedAt: number;
  firstByteAt: number | null;
  lastByteAt: number | null;
}

/** Custom parts of the UI-message stream, each named for what it carries. */
export type ChatDataParts = {
  context: ContextReport;
  proposal: EditProposal;
  metrics: TurnMetrics;
  timing: UpstreamTiming;
  saved: { messageId: string; status: ChatMessage["status"]; error: MessageError | null };
};

interface ChatMessageMetadata {
  model: string;
  userMessageId: string;
}

export type WaferUIMessage = UIMessage<ChatMessageMetadata, ChatDataParts>;

/**
 * On a follow answer (/api/sessions/:id/live, /api/s/:token/live): the id of the session's last stored
 * message when the follow began ("" for none). A page whose transcript ends elsewhere reloads it.
 */
export const FOLLOW_HEAD_HEADER = "x-wafer-session-head";

export const DEFAULT_SESSION_TITLE = "New session";

/** Session and message APIs. */
export const createSessionBodySchema = z.object({ title: z.string().trim().max(120).optional() }).strict();
export const renameSessionBodySchema = z.object({ title: z.string().trim().min(1).max(120) }).strict();

export interface SessionSummary {
  id: string;
  projectId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface SessionDetail extends SessionSummary {
  messages: ChatMessage[];
  checkpoints: {
    messageId: string;
    createdAt: string;
    restoredAt: string | null;
    /** Files with at least one accepted change (what a restore would put back). */
    paths: string[];
    /** Review decisions per file of that turn, so pending reviews survive a reload. */
    decisions?: Record<string, Record<string, "accepted" | "rejected">>;
  }[];
}
