import { z } from "zod";

import type { FileKind } from "@/db/enums";
import type { ChatMessage } from "@/lib/chat/messages";

export const SHARE_MAX_DAYS = 365;

/** A random id per browser on share pages (set by proxy.ts), so a refresh is not counted as another open. */
export const SHARE_VIEWER_COOKIE = "wafer-viewer";

export const createShareBodySchema = z
  .object({
    label: z.string().trim().min(1, "Give the link a label.").max(80),
    /** Omitted or null: the link lasts until it is revoked. */
    expiresInDays: z.number().int().min(1).max(SHARE_MAX_DAYS).nullable().default(null),
  })
  .strict();
export type CreateShareBody = z.infer<typeof createShareBodySchema>;

export type ShareState = "active" | "expired" | "revoked";

export interface ShareLinkSummary {
  id: string;
  label: string;
  state: ShareState;
  expiresAt: string | null;
  revokedAt: string | null;
  lastOpenedAt: string | null;
  openCount: number;
  createdAt: string;
}

/** Only the create answer carries the path with its token: it is never shown again. */
export interface CreatedShareLink extends ShareLinkSummary {
  path: string;
}

/** Tokens are 32 random bytes in base64url: 43 characters. Anything else is not a token. */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const sharePath = (token: string) => `/s/${token}`;

/** How long a follow request waits for a turn to start before answering with nothing (ms). */
export const FOLLOW_WAIT_MAX_MS = 25_000;
export const followQuerySchema = z.object({ wait: z.coerce.number().int().min(0).max(FOLLOW_WAIT_MAX_MS).optional() }).strict();

export interface SharedFile {
  path: string;
  kind: FileKind;
  content: string | null;
}

/** What a viewer's page shows: no workspace, project, session or user ids. */
export interface SharedSessionView {
  title: string;
  projectName: string;
  messages: ChatMessage[];
  files: SharedFile[];
  live: boolean;
}

export const forkShareBodySchema = z.object({ workspaceId: z.uuid() }).strict();
export type ForkShareBody = z.infer<typeof forkShareBodySchema>;
export interface ForkedShare {
  projectId: string;
}
