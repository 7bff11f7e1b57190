import { LOCAL_REVIEW_PREFIX } from "./file-review";

/** What the restore rules read of a path's slot. */
export interface SlotView {
  live: unknown;
  busy: boolean;
  sessionId: string | null;
  review: { messageId: string } | null;
}

/**
 * Opening a session drops the reviews shown for other sessions, except what is still streaming or
 * being committed, and local reviews (search's replace-all) that belong to no session.
 */
export function isOtherSessionsReview(slot: SlotView, sessionId: string): boolean {
  return !slot.live && !slot.busy && slot.review !== null && slot.sessionId !== sessionId && !slot.review.messageId.startsWith(LOCAL_REVIEW_PREFIX);
}

/**
 * Whether a stored review of `messageId` replaces what its path shows now. A path that is streaming
 * or committing keeps going; one already showing this review keeps its state; one showing a review
 * of a turn the session's stored detail does not know yet shows something newer.
 */
export function shouldRestoreReview(messageId: string, existing: SlotView | undefined, knownMessageIds: ReadonlySet<string>): boolean {
  if (existing?.live || existing?.busy) return false;
  if (existing?.review && (existing.review.messageId === messageId || !knownMessageIds.has(existing.review.messageId))) return false;
  return true;
}
