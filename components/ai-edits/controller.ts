import type { StoreApi } from "zustand/vanilla";

import type { EditorService } from "@/components/monaco/editor-service";
import type { TextModel } from "@/components/monaco/editor-types";
import { FrameScheduler } from "@/components/frame-scheduler";
import { toast } from "@/components/ui/toast";
import type { SessionDetail } from "@/lib/chat/contract";
import type { MessageStatus } from "@/lib/chat/messages";
import type { EditProposal, FileProposal } from "@/lib/chat/proposals";
import type { HunkDecision } from "@/lib/chat/review";
import type { TurnEditEvent } from "@/lib/chat/turn-events";
import type { EditorBatch, EditToolName } from "@/lib/edit-planner";

import { drainWait, InputYield, inputPending } from "./frame-budget";
import { changeKindOf, FileReview, LOCAL_REVIEW_PREFIX, reviewsFromSession } from "./file-review";
import { isOtherSessionsReview, shouldRestoreReview } from "./restore-plan";
import { liveCallOn, unfinishedEditNotice } from "./live-call";
import { ProposalModels } from "./proposal-models";
import { ReviewCommitter } from "./review-commit";
import { Slots } from "./slots";
import { isEditTool, projectPath } from "./tool-paths";
import { TurnLedger } from "./turn-ledger";
import { emptyStats, type AiEditsHost, type AiEditsState, type AiEditsStats, type LiveCall, type PendingReview, type ProposalEditorPort, type Slot } from "./types";
import { AiFilesStore } from "./view-store";

export type { AiEditsState, AiFilePhase } from "./types";

/**
 * Wires AI edits into the editor. Edit tool calls stream into read-only proposal models (a merged
 * inline diff per file, ./proposal-models.ts), batched once per animation frame; when the server's
 * proposal arrives the view turns into a per-hunk review in place, and ./review-commit.ts carries
 * out the decisions. Nothing here touches React: ./view-store.ts carries only what the bar, badges
 * and widgets show, and changes on decisions, never per frame. This class routes the turn's events
 * to those parts and owns the per-path slots.
 */
export class AiEditsController {
  readonly stats: AiEditsStats = emptyStats();
  private readonly service: EditorService;
  private readonly turns = new TurnLedger();
  private readonly calls = new Map<string, LiveCall>();
  private readonly slots: Slots;
  private readonly views = new AiFilesStore();
  private readonly models: ProposalModels;
  private readonly reviews: ReviewCommitter;
  private readonly frames = new FrameScheduler(() => this.onFrame());
  private readonly inputYield = new InputYield();
  private hiddenDrain: ReturnType<typeof setTimeout> | undefined;
  private proposalEditor: ProposalEditorPort | null = null;
  private localReviews = 0;

  constructor(private readonly host: AiEditsHost) {
    this.service = host.service;
    this.models = new ProposalModels(this.service, () => this.proposalEditor, this.stats, () => this.calls.size > 0);
    this.slots = new Slots({ service: this.service, host, models: this.models, views: this.views, turns: this.turns, editor: () => this.proposalEditor });
    this.reviews = new ReviewCommitter({
      service: this.service,
      host,
      models: this.models,
      turns: this.turns,
      isCurrent: (slot) => this.slots.isCurrent(slot),
      publish: (slot) => this.slots.publish(slot),
      finish: (slot) => this.slots.finish(slot),
      notify: (path, text) => this.views.notify(path, text),
    });
  }

  get store(): StoreApi<AiEditsState> {
    return this.views.store;
  }

  /** Starts following the edit bus; the returned function stops and clears everything (reconnecting is fine). */
  connect(): () => void {
    const unsubscribe = this.host.bus.subscribe((event) => this.onEvent(event));
    return () => {
      unsubscribe();
      this.reset();
    };
  }

  get state(): AiEditsState {
    return this.store.getState();
  }

  // ── Public API ───────────────────────────────────────────────────────────────────────────────

  /** The proposal model shown for `path`, if the editor should show it now. */
  shownModel(path: string | null): TextModel | null {
    const slot = path ? this.slots.get(path) : undefined;
    return slot?.model && slot.showProposal ? slot.model : null;
  }

  attachProposalEditor(port: ProposalEditorPort): () => void {
    this.proposalEditor = port;
    return () => {
      if (this.proposalEditor === port) this.proposalEditor = null;
    };
  }

  /** Opens the tab of a file with AI changes and makes it active. */
  reveal(path: string): void {
    const slot = this.slots.get(path);
    if (slot) this.slots.openTab(slot, { activate: true });
  }

  /** Show the proposal (true) or the real file, e.g. to type in it while a review waits. */
  setShowProposal(path: string, show: boolean): void {
    const slot = this.slots.get(path);
    if (!slot || slot.showProposal === show || (!show && slot.placeholder)) return;
    slot.showProposal = show;
    this.slots.publish(slot);
    this.proposalEditor?.refresh();
  }

  /** Moves the current hunk by `delta` (wrapping) and scrolls the proposal view to it. */
  moveCurrent(path: string, delta: number): void {
    const slot = this.slots.get(path);
    const view = this.state.files[path];
    if (!slot || !view || view.pending === 0) return;
    slot.current = (((slot.current + delta) % view.pending) + view.pending) % view.pending;
    this.slots.publish(slot);
    const hunk = this.state.files[path]?.hunks[slot.current];
    if (hunk) this.proposalEditor?.reveal(hunk);
  }

  /** Makes the hunk `id` current (the cursor moved into it). */
  setCurrent(path: string, id: string): void {
    const slot = this.slots.get(path);
    const index = this.state.files[path]?.hunks.findIndex((h) => h.id === id) ?? -1;
    if (!slot || index < 0 || slot.current === index) return;
    slot.current = index;
    this.slots.publish(slot);
  }

  accept(path: string, ids?: readonly string[]): Promise<void> {
    return this.decideOn(path, ids, "accepted");
  }

  reject(path: string, ids?: readonly string[]): Promise<void> {
    return this.decideOn(path, ids, "rejected");
  }

  /** Accepts or rejects the current unit. */
  decideCurrent(path: string, decision: HunkDecision): Promise<void> {
    const slot = this.slots.get(path);
    const id = slot?.review?.pending()[slot.current];
    return id ? this.decideOn(path, [id], decision) : Promise.resolve();
  }

  /**
   * Rebuilds the pending reviews of a session the chat opened (after a reload, or switching
   * sessions): the latest proposal per path, minus the hunks with recorded decisions. Reviews of
   * other sessions are dropped; reviews already shown (or just finished) here are kept as they are.
   */
  async restorePending(detail: Pick<SessionDetail, "id" | "messages" | "checkpoints">): Promise<void> {
    if (!this.host.canWrite) return;
    const reviews = reviewsFromSession(detail);
    if (reviews.length > 0) await this.service.monaco();
    const known = new Set(detail.messages.map((m) => m.id));
    for (const slot of this.slots.values()) if (isOtherSessionsReview(slot, detail.id)) this.slots.close(slot);
    for (const review of reviews) {
      if (this.turns.isFinished(review.messageId, review.path) || this.turns.isOpen(review.messageId)) continue;
      const existing = this.slots.get(review.path);
      if (!shouldRestoreReview(review.messageId, existing, known)) continue;
      this.turns.ensure(review.messageId, detail.id, "review").end();
      const slot = existing ?? this.slots.create(review.path);
      slot.sessionId = detail.id;
      slot.confirmed = { ...review.decisions };
      slot.review = review;
      slot.showProposal = true;
      this.models.showReview(slot);
      this.slots.openTab(slot, { activate: false });
      this.slots.publish(slot);
    }
  }

  /**
   * Reviews a change the user asked for outside the chat (search's replace-all) exactly like an AI
   * edit: a proposal view per file, per-hunk decisions, one undo step per acceptance. Nothing is
   * recorded in a session; accepted text lands in the buffer and saves like typing. Returns the
   * review's id (a message id of its own, so a later AI turn on the same file supersedes it).
   */
  async proposeLocal(files: readonly FileProposal[]): Promise<string> {
    const messageId = `${LOCAL_REVIEW_PREFIX}${++this.localReviews}`;
    if (!this.host.canWrite || files.length === 0) return messageId;
    await this.service.monaco();
    this.turns.ensure(messageId, null, "review").end();
    for (const [index, file] of files.entries()) {
      const slot = this.slots.get(file.path) ?? this.slots.create(file.path);
      if (slot.live || slot.busy) continue;
      this.setReview(slot, messageId, file, null, { show: true });
      if (index === 0) this.slots.openTab(slot, { activate: true });
    }
    return messageId;
  }

  /** Per pending file: what is left to review (tests and the benchmark read this). */
  pending(): PendingReview[] {
    return this.views.pending();
  }

  /** The text of a file's proposal model (tests). */
  proposalText(path: string): string | null {
    return this.slots.get(path)?.model?.getValue() ?? null;
  }

  /** The version of a file's proposal model: it changes with every batch applied (tests). */
  proposalVersion(path: string): number | null {
    return this.slots.get(path)?.model?.getVersionId() ?? null;
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats());
  }

  dismissNotice(path: string): void {
    this.views.dismissNotice(path);
  }

  /** How many turns and finished reviews are remembered (tests: bounded for the page's life). */
  memory(): { turns: number; finished: number; calls: number; slots: number } {
    return { ...this.turns.sizes(), calls: this.calls.size, slots: this.slots.size };
  }

  /** Drops the reviews of turns whose files were restored to their checkpoint: there is nothing left to decide. */
  dropReviews(messageIds: readonly string[]): void {
    const dropped = new Set(messageIds);
    for (const slot of this.slots.values()) {
      if (slot.review && dropped.has(slot.review.messageId) && !slot.live && !slot.busy) this.slots.finish(slot);
    }
  }

  private reset(): void {
    this.frames.cancel();
    clearTimeout(this.hiddenDrain);
    this.hiddenDrain = undefined;
    for (const call of this.calls.values()) call.gate.close();
    this.calls.clear();
    for (const slot of this.slots.values()) this.slots.close(slot);
    this.turns.clearTurns();
    this.views.reset();
  }

  // ── Turn events ──────────────────────────────────────────────────────────────────────────────

  private onEvent(event: TurnEditEvent): void {
    if (!this.host.canWrite) return;
    switch (event.type) {
      case "turn-start":
        this.turns.ensure(event.messageId, this.host.sessionId(), event.mode);
        return;
      case "tool-start":
        if (isEditTool(event.toolName)) this.startCall(event.messageId, event.toolCallId, event.toolName);
        return;
      case "tool-delta":
        this.calls.get(event.toolCallId)?.gate.push(event.delta);
        return;
      case "tool-input":
        this.calls.get(event.toolCallId)?.gate.end();
        return;
      case "tool-error": {
        const call = this.calls.get(event.toolCallId);
        if (call) this.failCall(call, `The AI's edit failed: ${event.errorText} Nothing was applied.`);
        return;
      }
      case "proposal":
        this.onProposal(event.messageId, event.proposal);
        return;
      case "turn-end":
        this.onTurnEnd(event.messageId, event.status);
        return;
    }
  }

  private startCall(messageId: string, toolCallId: string, toolName: EditToolName): void {
    this.calls.set(toolCallId, liveCallOn(this.service, this.host, { messageId, toolCallId, toolName }, () => this.frames.schedule()));
  }

  private onProposal(messageId: string, proposal: EditProposal): void {
    if (!this.service.getMonaco()) {
      void this.service.monaco().then(() => this.onProposal(messageId, proposal));
      return;
    }
    const call = this.calls.get(proposal.toolCallId);
    if (call) {
      // Bring the live views up to date, so the review opens from exactly what they show.
      if (!call.gate.holding) this.drain(call);
      call.gate.close();
      call.settled = true;
      this.calls.delete(call.toolCallId);
    }
    const turn = this.turns.get(messageId) ?? this.turns.ensure(messageId, this.host.sessionId(), "review");
    const covered = new Set<string>();
    for (const file of proposal.files) {
      covered.add(file.path);
      const slot = this.slots.get(file.path) ?? this.slots.create(file.path);
      // Another call of the turn is streaming into the file: keep the review for when it ends.
      const shown = !slot.live || slot.live === call;
      if (shown) slot.live = null;
      this.setReview(slot, messageId, file, turn.sessionId, { show: shown });
      if (shown && turn.mode === "auto") this.reviews.enqueue(slot, () => this.reviews.decide(slot, slot.review?.pending() ?? [], "accepted", { auto: true }));
    }
    for (const slot of this.slots.values()) {
      if (call && slot.live === call && !covered.has(slot.path)) this.dropLive(slot, null);
    }
  }

  private onTurnEnd(messageId: string, status: MessageStatus): void {
    const reason = unfinishedEditNotice(status);
    for (const call of [...this.calls.values()]) if (call.messageId === messageId) this.failCall(call, reason);
    const turn = this.turns.get(messageId);
    if (!turn) return;
    turn.end();
    for (const slot of this.slots.values()) if (slot.review?.messageId === messageId) this.slots.publish(slot);
  }

  private failCall(call: LiveCall, notice: string): void {
    call.gate.close();
    call.planner.abort();
    call.settled = true;
    this.calls.delete(call.toolCallId);
    for (const slot of this.slots.values()) if (slot.live === call) this.dropLive(slot, notice);
  }

  // ── Live views ───────────────────────────────────────────────────────────────────────────────

  private onFrame(): void {
    if (this.inputYield.shouldDefer(inputPending())) return this.frames.schedule();
    const started = performance.now();
    let wait = Number.POSITIVE_INFINITY;
    for (const call of [...this.calls.values()]) {
      const callWait = drainWait({ shown: this.shows(call), now: started, drainedAt: call.drainedAt });
      if (callWait > 0) wait = Math.min(wait, callWait);
      else this.drain(call);
    }
    // A held call's deltas may stop coming (the model pauses or ends): its batches must not wait for them.
    if (wait !== Number.POSITIVE_INFINITY) {
      this.hiddenDrain ??= setTimeout(() => {
        this.hiddenDrain = undefined;
        this.frames.schedule();
      }, wait);
    }
    const elapsed = performance.now() - started;
    this.stats.frames++;
    this.stats.maxFrameMs = Math.max(this.stats.maxFrameMs, elapsed);
  }

  /** Whether an editor shows one of the call's live views, or it has none yet (its first batch opens one). */
  private shows(call: LiveCall): boolean {
    let held = false;
    for (const slot of this.slots.values()) {
      if (slot.live !== call) continue;
      if (!slot.model || slot.model.isAttachedToEditor()) return true;
      held = true;
    }
    return !held;
  }

  private drain(call: LiveCall): void {
    call.drainedAt = performance.now();
    for (const batch of call.planner.drain()) this.applyLiveBatch(call, batch);
  }

  private applyLiveBatch(call: LiveCall, batch: EditorBatch): void {
    const path = projectPath(batch.path);
    if (path === null) return;
    const started = performance.now();
    let slot = this.slots.get(path);
    if (batch.start) {
      if (slot?.busy) return;
      slot ??= this.slots.create(path);
      // A newer turn's edit supersedes an older turn's pending review of the file.
      if (slot.review && slot.review.messageId !== call.messageId) slot.review = null;
      slot.live = call;
      slot.liveKind = changeKindOf(batch.start.operation);
      slot.liveMoveTo = batch.start.moveTo ?? null;
      slot.showProposal = true;
      this.models.instrument(this.service.getModel(path));
      this.models.showText(slot, batch.start.initialText);
      this.slots.openTab(slot, { activate: true });
      this.slots.publish(slot);
    }
    if (!slot || slot.live !== call || !slot.model) return;
    this.models.applyBatch(slot, batch);
    if (batch.reveal) this.proposalEditor?.follow(slot.model, batch.reveal);
    this.stats.editBatches++;
    this.stats.maxBatchMs = Math.max(this.stats.maxBatchMs, performance.now() - started);
    // The planner could not follow (the server may still succeed): its proposal or error decides.
    if (batch.state === "failed") this.dropLive(slot, null);
  }

  /** Ends a live view: back to the file's review if it has one, else nothing is shown. */
  private dropLive(slot: Slot, notice: string | null): void {
    slot.live = null;
    if (slot.review) {
      this.models.showReview(slot);
      this.slots.publish(slot);
    } else {
      this.slots.close(slot);
    }
    if (notice) this.views.notify(slot.path, notice);
  }

  // ── Reviews ──────────────────────────────────────────────────────────────────────────────────

  private setReview(slot: Slot, messageId: string, file: FileProposal, sessionId: string | null, { show }: { show: boolean }): void {
    const same = slot.review?.messageId === messageId;
    const proposals = same ? [...slot.review!.proposals, file] : [file];
    slot.confirmed = same ? slot.confirmed : {};
    slot.review = new FileReview({ messageId, proposals, decisions: same ? slot.review!.decisions : {} });
    slot.sessionId = sessionId;
    slot.current = 0;
    slot.showProposal = true;
    this.turns.unmarkFinished(messageId, slot.path);
    if (!show) return;
    this.models.showReview(slot);
    this.slots.openTab(slot, { activate: false });
    if (slot.review.pending().length === 0) this.slots.finish(slot);
    else this.slots.publish(slot);
  }

  private decideOn(path: string, ids: readonly string[] | undefined, decision: HunkDecision): Promise<void> {
    const slot = this.slots.get(path);
    if (!slot?.review || slot.busy) return Promise.resolve();
    if (this.turns.isOpen(slot.review.messageId)) {
      toast.info("Wait for the AI to finish its answer, then review.", { id: "ai-review-wait" });
      return Promise.resolve();
    }
    return this.reviews.enqueue(slot, () => this.reviews.decide(slot, ids ?? slot.review?.pending() ?? [], decision, { auto: false }));
  }
}
