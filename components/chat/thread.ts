import type { SessionDetail } from "@/lib/chat/contract";
import type { ChatMessage } from "@/lib/chat/messages";

import type { ChatState, LiveTurn } from "./chat-state";
import { unique } from "./turn-input";

type Thread = Pick<ChatState, "order" | "messages">;
type Checkpoints = ChatState["checkpoints"];

/** A stored session as the pane shows it, with the retry times of rate-limited answers. */
export function threadOf(detail: SessionDetail): Pick<ChatState, "order" | "messages" | "checkpoints" | "retryAt"> {
  const messages: Record<string, ChatMessage> = {};
  const retryAt: Record<string, number> = {};
  for (const message of detail.messages) {
    messages[message.id] = message;
    const seconds = message.error?.retryAfterSeconds;
    if (seconds !== undefined) retryAt[message.id] = Date.parse(message.createdAt) + seconds * 1000;
  }
  return { order: detail.messages.map((m) => m.id), messages, checkpoints: detail.checkpoints, retryAt };
}

/** The thread as a turn starts: the kept messages, the new ones, and the answer's placeholder last. */
export function threadForTurn(before: Thread, keptOrder: readonly string[], added: readonly ChatMessage[], placeholder: ChatMessage): Thread {
  const messages: Record<string, ChatMessage> = {};
  for (const id of keptOrder) {
    const message = before.messages[id];
    if (message) messages[id] = message;
  }
  for (const message of added) messages[message.id] = message;
  messages[placeholder.id] = placeholder;
  return { order: [...keptOrder, placeholder.id], messages };
}

/** The server named the answer: the placeholder's key becomes `id`. */
export function renameLive(thread: Thread, live: LiveTurn, id: string): Thread & { live: LiveTurn } {
  const { [live.key]: placeholder, ...rest } = thread.messages;
  return {
    order: thread.order.map((key) => (key === live.key ? id : key)),
    messages: { ...rest, [id]: { ...(placeholder as ChatMessage), id } },
    live: { ...live, key: id },
  };
}

/** Accepted edits of `messageId` were saved: its checkpoint exists (again, if it was restored). */
export function withAcceptedEdits(checkpoints: Checkpoints, messageId: string, paths: readonly string[], now: string): Checkpoints {
  const existing = checkpoints.find((c) => c.messageId === messageId);
  return existing
    ? checkpoints.map((c) => (c.messageId === messageId ? { ...c, restoredAt: null, paths: unique([...c.paths, ...paths]) } : c))
    : [...checkpoints, { messageId, createdAt: now, restoredAt: null, paths: unique(paths) }];
}

/** Paths a restore to before `messageId` would put back: this turn's and every later turn's. */
export function restorablePaths(checkpoints: Checkpoints, order: readonly string[], messageId: string): string[] {
  const from = order.indexOf(messageId);
  return unique(checkpoints.filter((c) => c.messageId === messageId || order.indexOf(c.messageId) > from).flatMap((c) => c.paths));
}

/**
 * How often a live turn is shown again when only its progress figures changed (a tool call's input
 * streaming into the editor, the output count), not its message: a 2,000-line write_file otherwise
 * re-rendered the answer, its tool card and its HUD every frame (React, style and layout the typing
 * user's frames paid for), for a counter nobody reads at 60 Hz.
 */
export const PROGRESS_INTERVAL_MS = 100;

/** How long a live publish must wait: 0 when its message changed or the last one is old enough. */
export function progressWait(messageChanged: boolean, now: number, lastPublishAt: number): number {
  if (messageChanged) return 0;
  return Math.max(0, lastPublishAt + PROGRESS_INTERVAL_MS - now);
}

const LIVE_TPS_INTERVAL_MS = 250;
const CHARS_PER_TOKEN = 4;

/**
 * The live turn's progress figures at `now`: when output began, and tok/s estimated from characters
 * (≈4 per token), refreshed at most every 250 ms once output has run for 200 ms.
 */
export function liveProgress(live: Pick<LiveTurn, "firstOutputAt" | "liveTps">, outputChars: number, now: number, lastTpsAt: number) {
  const firstOutputAt = live.firstOutputAt ?? (outputChars > 0 ? now : null);
  if (firstOutputAt !== null && now - lastTpsAt >= LIVE_TPS_INTERVAL_MS && now - firstOutputAt >= 200) {
    return { firstOutputAt, liveTps: Math.round(outputChars / CHARS_PER_TOKEN / ((now - firstOutputAt) / 1000)), tpsAt: now };
  }
  return { firstOutputAt, liveTps: live.liveTps, tpsAt: lastTpsAt };
}
