import type { EditorService } from "@/components/monaco/editor-service";
import type { TextModel } from "@/components/monaco/editor-types";
import { askChoice } from "@/components/ui/choice-dialog";
import { toast } from "@/components/ui/toast";
import type { HunkDecision, ReviewBody } from "@/lib/chat/review";
import { AppError } from "@/lib/errors";

import { FileReview, LOCAL_REVIEW_PREFIX, type AcceptPlan } from "./file-review";
import type { ProposalModels } from "./proposal-models";
import { postReview } from "./review-api";
import type { TurnLedger } from "./turn-ledger";
import { messageOf, type AiEditsHost, type ConflictChoice, type Slot } from "./types";

export interface ReviewDeps {
  service: EditorService;
  host: AiEditsHost;
  models: ProposalModels;
  turns: TurnLedger;
  /** The slot is still the one shown for its path. */
  isCurrent(slot: Slot): boolean;
  publish(slot: Slot): void;
  /** The review is done: close its slot. */
  finish(slot: Slot): void;
  notify(path: string, text: string): void;
  /** Seams for tests; default to the API call and the dialog. */
  postReview?: typeof postReview;
  askConflict?: typeof askConflict;
}

/**
 * Carries out review decisions on one file at a time: a rejection is recorded; an acceptance lands
 * in the real model as one undo step, then is written with the review in one versioned request (a
 * deletion deletes the file). A failed write rolls the review back to what the server has, and an
 * acceptance that overlaps the user's own edits asks what to keep (auto mode keeps theirs and says so).
 */
export class ReviewCommitter {
  constructor(private readonly deps: ReviewDeps) {}

  /** Runs `work` after the slot's earlier decisions; a failure is shown, not thrown. */
  enqueue(slot: Slot, work: () => Promise<void>): Promise<void> {
    slot.queue = slot.queue.then(work).catch((error: unknown) => {
      toast.error(`Could not apply the AI's change to ${slot.path}: ${messageOf(error)}`);
    });
    return slot.queue;
  }

  /** Accepts or rejects `requested` (those still undecided): applied at once, recorded (and written) once the turn ended. */
  async decide(slot: Slot, requested: readonly string[], decision: HunkDecision, { auto }: { auto: boolean }): Promise<void> {
    const review = slot.review;
    if (!review || !this.deps.isCurrent(slot)) return;
    const open = new Set(review.pending());
    const ids = requested.filter((id) => open.has(id));
    if (ids.length === 0) return;
    slot.busy = true;
    this.deps.publish(slot);
    try {
      if (decision === "rejected") await this.commitRejection(slot, review, ids);
      else if (review.kind === "delete") await this.commitDeletion(slot, review, ids);
      else await this.commitAcceptance(slot, review, ids, auto);
    } finally {
      slot.busy = false;
      if (this.deps.isCurrent(slot)) {
        if (slot.review && slot.review.pending().length === 0) this.deps.finish(slot);
        else this.deps.publish(slot);
      }
    }
  }

  private async commitRejection(slot: Slot, review: FileReview, ids: string[]): Promise<void> {
    this.deps.models.applyBatches(slot, review.decide(ids, "rejected"));
    this.deps.publish(slot);
    await this.deps.turns.whenEnds(review.messageId);
    const decisions = decisionsOf(ids, "rejected");
    if (await this.post(slot, review, { decisions })) this.confirm(slot, decisions);
  }

  private async commitDeletion(slot: Slot, review: FileReview, ids: string[]): Promise<void> {
    const path = slot.path;
    const exists = this.deps.host.fileExists(path) || this.deps.service.getModel(path) !== null;
    await this.deps.turns.whenEnds(review.messageId);
    const decisions = decisionsOf(ids, "accepted");
    if (!exists) {
      // Already gone: record the decision only.
      if (await this.post(slot, review, { decisions })) this.confirm(slot, decisions);
      return;
    }
    const model = await this.realModel(path);
    if (!model) return;
    const release = this.deps.service.holdAutosave(path);
    try {
      await this.deps.service.whenSaveIdle(path);
      const written = await this.post(slot, review, { decisions, write: { content: null, baseVersion: this.deps.service.baseVersion(path) } });
      if (!written) return;
      this.confirm(slot, decisions);
      review.decide(ids, "accepted");
      this.deps.service.forgetUnder(path);
      this.deps.host.onEditsAccepted?.(review.messageId, [path]);
      this.deps.host.onFilesChanged();
    } finally {
      release();
    }
  }

  private async commitAcceptance(slot: Slot, review: FileReview, ids: string[], auto: boolean): Promise<void> {
    const path = slot.path;
    const exists = this.deps.host.fileExists(path) || this.deps.service.getModel(path) !== null;
    const model = exists ? await this.realModel(path) : null;
    if (exists && !model) return;
    const release = model ? this.deps.service.holdAutosave(path) : () => {};
    try {
      if (model) await this.deps.service.whenSaveIdle(path);
      let plan: AcceptPlan = review.plan(ids, model?.getValue() ?? null);
      let accepted = ids;
      let rejected: string[] = [];
      if (plan.kind === "write" && plan.conflicts.length > 0) {
        const conflicts = plan.conflicts;
        const choice: ConflictChoice | "skip" = auto ? "skip" : await (this.deps.askConflict ?? askConflict)(path, conflicts.length, ids.length);
        if (choice === "cancel") return;
        accepted = ids.filter((id) => choice === "theirs" || !conflicts.includes(id));
        if (choice === "mine") rejected = conflicts;
        if (auto) this.deps.notify(path, `${conflicts.length === 1 ? "One change overlaps" : `${conflicts.length} changes overlap`} your edits: review ${conflicts.length === 1 ? "it" : "them"}.`);
        // The dialog took time: plan again on the text as it is now.
        plan = review.plan(accepted, model?.getValue() ?? null, { force: choice === "theirs" });
      }
      if (plan.kind !== "write" || accepted.length === 0) {
        if (rejected.length > 0) await this.commitRejection(slot, review, rejected);
        return;
      }
      // The accepted change lands in the buffer at once, as one undo step; the write follows.
      if (model && plan.edits.length > 0) this.deps.service.applyEdits(path, plan.edits);
      const versionId = model?.getAlternativeVersionId();
      this.deps.models.applyBatches(slot, [...review.decide(accepted, "accepted"), ...review.decide(rejected, "rejected")]);
      this.deps.publish(slot);
      await this.deps.turns.whenEnds(review.messageId);
      if (model) await this.deps.service.whenSaveIdle(path);
      const decisions = { ...decisionsOf(accepted, "accepted"), ...decisionsOf(rejected, "rejected") };
      const written = await this.post(slot, review, { decisions, write: { content: plan.text, baseVersion: model ? this.deps.service.baseVersion(path) : null } });
      if (!written) {
        // Nothing was saved: take the change back out of the buffer if nothing happened since.
        if (model && plan.edits.length > 0 && !model.isDisposed() && model.getAlternativeVersionId() === versionId) void model.undo();
        return;
      }
      this.confirm(slot, decisions);
      if (model && written.version !== null) this.deps.service.markSaved(path, written.version, versionId, plan.text);
      if (!review.messageId.startsWith(LOCAL_REVIEW_PREFIX)) this.deps.host.onEditsAccepted?.(review.messageId, [path]);
      if (!model) {
        slot.placeholder = false;
        this.deps.host.onFilesChanged();
        await this.deps.service.openFile(path, { activate: this.deps.service.state.activePath === path, focus: false });
      }
    } finally {
      release();
    }
  }

  /** Records decisions (and a write) for the slot's review; on failure rolls the review back and says why. */
  private async post(slot: Slot, review: FileReview, body: Pick<ReviewBody, "decisions" | "write">): Promise<{ version: number | null } | null> {
    const sessionId = slot.sessionId;
    // A local review has no turn to record: the accepted text is in the buffer, and autosave writes it.
    if (review.messageId.startsWith(LOCAL_REVIEW_PREFIX)) return { version: null };
    try {
      if (!sessionId) throw new AppError("bad_request:chat", { message: "This change has no chat session to record it in." });
      const response = await (this.deps.postReview ?? postReview)(sessionId, { messageId: review.messageId, path: slot.path, ...body });
      return { version: response.version };
    } catch (error) {
      const stale = error instanceof AppError && error.code === "conflict:files";
      toast.error(`Could not save the review of ${slot.path}`, {
        description: stale ? "The file changed elsewhere meanwhile. Nothing was overwritten; review it again." : messageOf(error),
      });
      this.rollback(slot);
      return null;
    }
  }

  private confirm(slot: Slot, decisions: Record<string, HunkDecision>): void {
    Object.assign(slot.confirmed, decisions);
  }

  /** Back to the decisions the server has: the review and its view are rebuilt from them. */
  private rollback(slot: Slot): void {
    const review = slot.review;
    if (!review || !this.deps.isCurrent(slot)) return;
    slot.review = new FileReview({ messageId: review.messageId, proposals: review.proposals, decisions: slot.confirmed });
    this.deps.models.showReview(slot);
    this.deps.publish(slot);
  }

  private async realModel(path: string): Promise<TextModel | null> {
    return this.deps.service.getModel(path) ?? (await this.deps.service.openFile(path, { activate: false, focus: false }));
  }
}

function decisionsOf(ids: readonly string[], decision: HunkDecision): Record<string, HunkDecision> {
  return Object.fromEntries(ids.map((id) => [id, decision]));
}

async function askConflict(path: string, conflicts: number, total: number): Promise<ConflictChoice> {
  const some = conflicts === 1 ? "One change" : `${conflicts} changes`;
  return askChoice<ConflictChoice>({
    title: `${some} overlap${conflicts === 1 ? "s" : ""} your edits in ${path}`,
    message:
      `You changed the same lines since the AI read the file. Use the AI's lines there (your edits to those lines are replaced; ` +
      `Ctrl/Cmd+Z undoes it), or keep yours and reject ${conflicts === 1 ? "that change" : "those changes"}` +
      (total > conflicts ? `. The other ${total - conflicts === 1 ? "change is" : `${total - conflicts} changes are`} accepted either way.` : "."),
    cancelValue: "cancel",
    choices: [
      { value: "cancel", label: "Cancel", variant: "secondary" },
      { value: "mine", label: "Keep mine", variant: "secondary", autoFocus: true },
      { value: "theirs", label: "Use the AI's lines", variant: "primary" },
    ],
  });
}
