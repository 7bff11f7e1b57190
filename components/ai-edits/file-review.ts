import type { SessionDetail } from "@/lib/chat/contract";
import type { FileProposal } from "@/lib/chat/proposals";
import type { HunkDecision } from "@/lib/chat/review";
import { resultFor, ReviewSession, textEdit, type EditOp, type EditorBatch } from "@/lib/edit-planner";
import { applyHunks, computeHunks } from "@/lib/edits";

import { takeTheirs } from "./merge";

/** The decision key of a change without hunks (an empty file added or deleted): the file as a whole. */
/** Message ids of reviews the user started (search's replace-all): no chat session records them. */
export const LOCAL_REVIEW_PREFIX = "local:";

export const WHOLE_FILE = "file";

export type FileChangeKind = "add" | "update" | "delete";

/** The kind of change a streamed edit makes (a whole-file write or a move updates the file). */
export function changeKindOf(operation: string): FileChangeKind {
  return operation === "add" ? "add" : operation === "delete" ? "delete" : "update";
}

/** What accepting some hunks writes: the file deleted, or new text (and the one batch of edits giving it). */
export type AcceptPlan =
  | { kind: "delete" }
  | {
      kind: "write";
      text: string;
      /** For a model holding `current`; one pushEditOperations batch, so one undo step. */
      edits: EditOp[];
      /** Hunks overlapping the user's own edits; left out of `text` unless forced. */
      conflicts: string[];
    };

// A lone CR is a line break to Monaco but not to the merged view (lib/edits splits on LF only).
const LONE_CR = /\r(?!\n)/;

/**
 * One file's review for one AI turn. A turn may propose several changes to a file (one per tool
 * call), each against the file as the turn started; the latest is what the turn wants. Hunks the
 * turn's earlier proposals already had accepted are taken as done, so the review shows what is left
 * on top of them; decisions recorded for hunk ids are replayed. Built the same way from live events
 * and from a stored session, so a reload shows the same review.
 */
export class FileReview {
  readonly messageId: string;
  readonly path: string;
  readonly proposals: readonly FileProposal[];
  readonly kind: FileChangeKind;
  /** The text the hunks apply to: the file as the turn saw it plus the turn's earlier accepted hunks. */
  readonly base: string;
  readonly session: ReviewSession;
  /** The merged view cannot be shown line for line (lone CRs): the file is reviewed as a whole. */
  readonly wholeFileOnly: boolean;
  private readonly decided = new Map<string, HunkDecision>();

  constructor({
    messageId,
    proposals,
    decisions = {},
  }: {
    messageId: string;
    proposals: readonly FileProposal[];
    decisions?: Readonly<Record<string, HunkDecision>>;
  }) {
    const latest = proposals.at(-1);
    if (!latest) throw new Error("a review needs a proposal");
    this.messageId = messageId;
    this.path = latest.path;
    this.proposals = proposals;
    let base = proposals[0]!.before ?? "";
    let acceptedEarlier = false;
    for (const earlier of proposals.slice(0, -1)) {
      const hunks = computeHunks(base, earlier.after ?? "");
      const accepted = hunks.filter((h) => decisions[h.id] === "accepted").map((h) => h.id);
      acceptedEarlier ||= accepted.length > 0;
      base = applyHunks(base, hunks, accepted);
    }
    this.base = base;
    const created = proposals[0]!.before === null && !acceptedEarlier;
    this.kind = latest.after === null ? "delete" : created ? "add" : "update";
    this.session = new ReviewSession({
      path: this.path,
      before: created ? null : base,
      after: latest.after,
      ...(latest.moveTo !== undefined ? { moveTo: latest.moveTo } : {}),
    });
    this.wholeFileOnly = LONE_CR.test(base) || LONE_CR.test(latest.after ?? "");
    for (const hunk of this.session.hunks) {
      const decision = decisions[hunk.id];
      if (decision) this.decideOne(hunk.id, decision);
    }
    const whole = decisions[WHOLE_FILE];
    if (this.session.hunks.length === 0 && whole) this.decided.set(WHOLE_FILE, whole);
  }

  get latest(): FileProposal {
    return this.proposals.at(-1)!;
  }

  /** Decisions so far, for the hunks of this review. */
  get decisions(): Readonly<Record<string, HunkDecision>> {
    return Object.fromEntries(this.decided);
  }

  /** Undecided units (hunk ids, or WHOLE_FILE), in file order. */
  pending(): string[] {
    if (this.session.hunks.length === 0) return this.decided.has(WHOLE_FILE) ? [] : [WHOLE_FILE];
    return this.session.hunks.filter((h) => !this.decided.has(h.id)).map((h) => h.id);
  }

  get unitCount(): number {
    return Math.max(1, this.session.hunks.length);
  }

  /** Lines added and removed by the undecided hunks. */
  pendingStats(): { added: number; removed: number } {
    let added = 0;
    let removed = 0;
    for (const hunk of this.session.hunks) {
      if (this.decided.has(hunk.id)) continue;
      added += hunk.added.length;
      removed += hunk.removed.length;
    }
    return { added, removed };
  }

  /** Records decisions; the batches (in order) update a proposal model showing the merged view. */
  decide(ids: readonly string[], decision: HunkDecision): EditorBatch[] {
    const batches: EditorBatch[] = [];
    for (const id of ids) {
      const batch = this.decideOne(id, decision);
      if (batch) batches.push(batch);
    }
    return batches;
  }

  /**
   * What accepting `ids` writes on top of `current` (the file as the editor has it now; null when
   * it does not exist). Hunks away from the user's edits since `base` rebase onto them; the others
   * are conflicts, left out, unless `force` makes them take over their region (see takeTheirs).
   */
  plan(ids: readonly string[], current: string | null, { force = false }: { force?: boolean } = {}): AcceptPlan {
    if (this.kind === "delete") return { kind: "delete" };
    const hunks = this.session.hunks;
    const now = current ?? "";
    if (hunks.length === 0) {
      const text = this.latest.after ?? "";
      return { kind: "write", text, edits: editsOf(now, text), conflicts: [] };
    }
    const accepting = new Set(ids);
    const decisions = (skip: ReadonlySet<string>): Record<string, HunkDecision> =>
      Object.fromEntries(hunks.filter((h) => accepting.has(h.id) && !skip.has(h.id)).map((h) => [h.id, "accepted" as const]));
    const result = resultFor({ hunks, decisions: decisions(new Set()), current: now, base: this.base });
    if (!force || result.conflicts.length === 0) return { kind: "write", text: result.text, edits: result.edits, conflicts: result.conflicts };
    const forced = new Set(result.conflicts);
    const merged = takeTheirs(
      this.base,
      now,
      hunks.filter((h) => forced.has(h.id)),
    );
    const rest = resultFor({ hunks, decisions: decisions(forced), current: merged, base: this.base });
    return { kind: "write", text: rest.text, edits: editsOf(now, rest.text), conflicts: [] };
  }

  private decideOne(id: string, decision: HunkDecision): EditorBatch | null {
    if (this.decided.has(id)) return null;
    if (id === WHOLE_FILE) {
      if (this.session.hunks.length === 0) this.decided.set(id, decision);
      return null;
    }
    const batch = decision === "accepted" ? this.session.accept(id) : this.session.reject(id);
    if (batch) this.decided.set(id, decision);
    return batch;
  }
}

function editsOf(before: string, after: string): EditOp[] {
  const edit = textEdit(before, after);
  return edit ? [edit] : [];
}

/**
 * The reviews still pending in a stored session, so they survive a reload. Per path the latest
 * turn that proposed a change to it wins (an earlier turn's leftovers are superseded, as they are
 * live); within a turn, its proposals chain as FileReview describes. Turns restored to their
 * checkpoint offer nothing.
 */
export function reviewsFromSession(detail: Pick<SessionDetail, "messages" | "checkpoints">): FileReview[] {
  const checkpoints = new Map(detail.checkpoints.map((c) => [c.messageId, c]));
  const latest = new Map<string, { messageId: string; proposals: FileProposal[] } | null>();
  for (const message of detail.messages) {
    if (message.role !== "assistant" || !message.proposals?.length) continue;
    const byPath = new Map<string, FileProposal[]>();
    for (const proposal of message.proposals) {
      for (const file of proposal.files) byPath.set(file.path, [...(byPath.get(file.path) ?? []), file]);
    }
    const restored = Boolean(checkpoints.get(message.id)?.restoredAt);
    for (const [path, proposals] of byPath) latest.set(path, restored ? null : { messageId: message.id, proposals });
  }
  const reviews: FileReview[] = [];
  for (const [path, entry] of latest) {
    if (!entry) continue;
    const decisions = checkpoints.get(entry.messageId)?.decisions?.[path] ?? {};
    const review = new FileReview({ messageId: entry.messageId, proposals: entry.proposals, decisions });
    if (review.pending().length > 0) reviews.push(review);
  }
  return reviews;
}
