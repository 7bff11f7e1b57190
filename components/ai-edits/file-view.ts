import { rebaseHunks } from "@/lib/edits";

import type { FileReview } from "./file-review";
import type { AiFileView, ProposalHunk, Slot } from "./types";

/** Undecided hunks of an update that overlap the user's edits to the real file (`text`, null: not open). */
export function pendingConflicts(review: FileReview | null, text: string | null): Set<string> {
  if (!review || text === null || review.kind !== "update") return new Set();
  const open = new Set(review.pending());
  const hunks = review.session.hunks.filter((h) => open.has(h.id));
  return new Set(rebaseHunks(hunks, review.base, text).conflicts.map((h) => h.id));
}

/**
 * What the bar, the badge and the proposal view show for a slot: its live call while one streams,
 * else its review. `current` comes back clamped to the undecided units.
 */
export function fileView(
  slot: Pick<Slot, "path" | "live" | "liveKind" | "liveMoveTo" | "review" | "model" | "showProposal" | "busy" | "current">,
  { turnOpen, conflicts, notice }: { turnOpen: boolean; conflicts: ReadonlySet<string>; notice: string | null },
): AiFileView {
  const review = slot.live ? null : slot.review;
  const pendingIds = review?.pending() ?? [];
  const ranges = review && !review.wholeFileOnly ? review.session.ranges() : [];
  const hunks = ranges.map((range): ProposalHunk => {
    const hunk = review!.session.hunks.find((h) => h.id === range.id)!;
    return {
      id: range.id,
      startLine: range.range.startLineNumber,
      endLine: range.range.endLineNumber,
      added: hunk.added.length,
      removed: hunk.removed.length,
      conflict: conflicts.has(range.id),
    };
  });
  const stats = review?.pendingStats() ?? { added: 0, removed: 0 };
  return {
    path: slot.path,
    phase: slot.live ? "streaming" : "review",
    kind: review?.kind ?? slot.liveKind,
    moveTo: (review ? review.latest.moveTo : slot.liveMoveTo) ?? null,
    messageId: review?.messageId ?? slot.live?.messageId ?? null,
    hasProposal: slot.model !== null,
    showProposal: slot.showProposal && slot.model !== null,
    ready: Boolean(review) && !turnOpen,
    busy: slot.busy,
    total: review?.unitCount ?? 0,
    pending: pendingIds.length,
    current: Math.min(slot.current, Math.max(0, pendingIds.length - 1)),
    hunks,
    added: stats.added,
    removed: stats.removed,
    notice,
  };
}

/** A file with nothing to review, only something to say (an edit that failed). */
export function noticeView(path: string, notice: string): AiFileView {
  return {
    path,
    phase: "notice",
    kind: "update",
    moveTo: null,
    messageId: null,
    hasProposal: false,
    showProposal: false,
    ready: false,
    busy: false,
    total: 0,
    pending: 0,
    current: 0,
    hunks: [],
    added: 0,
    removed: 0,
    notice,
  };
}
