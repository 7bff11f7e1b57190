import { createStore, type StoreApi } from "zustand/vanilla";

import type { EditorService, TextModel } from "@/components/editor/editor-service";
import { resolveLanguage } from "@/components/editor/languages";
import { askChoice } from "@/components/ui/choice-dialog";
import { toast } from "@/components/ui/toast";
import type { EditMode, SessionDetail } from "@/lib/chat/contract";
import type { EditProposal, FileProposal } from "@/lib/chat/proposals";
import type { HunkDecision, ReviewBody } from "@/lib/chat/review";
import type { TurnEditBus, TurnEditEvent } from "@/lib/chat/turn-events";
import { MergedDoc, reconcile, ToolCallPlanner, type DecorationSet, type EditorBatch, type EditToolName } from "@/lib/editor";
import { rebaseHunks } from "@/lib/edits";
import { AppError } from "@/lib/errors";

import { toDecorations, viewOfModel } from "./decorations";
import { FileReview, reviewsFromSession, type AcceptPlan, type FileChangeKind } from "./file-review";
import { postReview } from "./review-api";
import { DeltaGate, isEditTool, projectPath, ToolPathScanner } from "./tool-paths";

/** A pending hunk as the proposal view shows it (1-based lines of the proposal model). */
export interface ProposalHunk {
  id: string;
  startLine: number;
  endLine: number;
  added: number;
  removed: number;
  /** The user changed these lines too since the AI read the file: accepting asks what to keep. */
  conflict: boolean;
}

export type AiFilePhase = "streaming" | "review" | "notice";

/** What the review bar, the tab badge and the proposal view show for one file. */
export interface AiFileView {
  path: string;
  phase: AiFilePhase;
  kind: FileChangeKind;
  /** The file moves there (its proposal deletes it here and adds it there). */
  moveTo: string | null;
  messageId: string | null;
  /** The proposal view exists; false for files reviewed as a whole (lone CRs). */
  hasProposal: boolean;
  /** The editor shows the proposal rather than the real file. */
  showProposal: boolean;
  /** Decisions wait for the turn to end: the server stores the answer only then. */
  ready: boolean;
  busy: boolean;
  /** Units (hunks, or the file as a whole) in the review, and those still undecided. */
  total: number;
  pending: number;
  /** Index of the current unit among the undecided ones. */
  current: number;
  hunks: ProposalHunk[];
  added: number;
  removed: number;
  notice: string | null;
}

export interface AiEditsState {
  files: Record<string, AiFileView>;
}

/** Benchmark and test figures: the stream → editor path never replaces a model's text. */
export interface AiEditsStats {
  /** `setValue` calls on proposal models and streamed-into files while edits stream: must stay 0. */
  setValueCalls: number;
  /** Planner batches applied to proposal models (at most one per file per frame). */
  editBatches: number;
  /** Longest single batch application (edits, decorations, reveal), ms. */
  maxBatchMs: number;
  /** Animation frames that drained planners, and the longest of them, ms. */
  frames: number;
  maxFrameMs: number;
}

export interface AiEditsHost {
  service: EditorService;
  bus: TurnEditBus;
  canWrite: boolean;
  /** The project tree knows a file (not a folder) at this path. */
  fileExists: (path: string) => boolean;
  isDirectory: (path: string) => boolean;
  /** The chat's session, read when a turn starts (edit events do not carry it). */
  sessionId: () => string | null;
  /** Files were created or deleted: refresh the explorer. */
  onFilesChanged: () => void;
  /** An accepted change of `messageId` was saved: its checkpoint exists now. */
  onEditsAccepted?: (messageId: string, paths: string[]) => void;
}

export type ConflictChoice = "theirs" | "mine" | "cancel";

type TurnStatus = Extract<TurnEditEvent, { type: "turn-end" }>["status"];

interface Turn {
  sessionId: string | null;
  mode: EditMode;
  ended: boolean;
  done: Promise<void>;
  end: () => void;
}

/** One edit tool call streaming into proposal views. */
interface LiveCall {
  toolCallId: string;
  messageId: string;
  planner: ToolCallPlanner;
  gate: DeltaGate;
  /** Each file's text as the call first read it: one base for the whole call. */
  snapshots: Map<string, string | null>;
  settled: boolean;
}

/** Everything shown for one path: its proposal model, the live call writing it, its review. */
interface Slot {
  path: string;
  model: TextModel | null;
  decorationIds: string[];
  live: LiveCall | null;
  liveKind: FileChangeKind;
  liveMoveTo: string | null;
  review: FileReview | null;
  sessionId: string | null;
  /** Decisions the server has recorded: what a failed write rolls the review back to. */
  confirmed: Record<string, HunkDecision>;
  /** The tab was opened for a file that does not exist yet. */
  placeholder: boolean;
  showProposal: boolean;
  current: number;
  busy: boolean;
  /** Decisions on one file run one after another. */
  queue: Promise<void>;
}

interface ProposalEditorPort {
  /** The proposal model shown for the active path changed (created, replaced, hidden). */
  refresh(): void;
  /** Scrolls the proposal editor to `line` if it shows `model`. */
  follow(model: TextModel, line: number): void;
  /** Scrolls to a hunk and puts the cursor there. */
  reveal(hunk: ProposalHunk): void;
}

const PROPOSAL_SCHEME = "wafer-proposal";
const NOTICE_MS = 8000;

const reviewKey = (messageId: string, path: string) => `${messageId}\u0000${path}`;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}

/**
 * Wires AI edits into the editor. Edit tool calls stream into read-only proposal models (a merged
 * inline diff per file, URI scheme `wafer-proposal`), batched once per animation frame; when the
 * server's proposal arrives the view turns into a per-hunk review in place. Accepting applies the
 * accepted hunks to the real model as one undo step and saves them with the review (one versioned
 * write that also records the turn's checkpoint). Nothing here touches React: the store carries
 * only what the bar, badges and widgets show, and changes on decisions, never per frame.
 */
export class AiEditsController {
  readonly store: StoreApi<AiEditsState>;
  readonly stats: AiEditsStats = { setValueCalls: 0, editBatches: 0, maxBatchMs: 0, frames: 0, maxFrameMs: 0 };
  private readonly service: EditorService;
  private readonly turns = new Map<string, Turn>();
  private readonly calls = new Map<string, LiveCall>();
  private readonly slots = new Map<string, Slot>();
  /** Reviews finished here, so a stored session read before our writes landed cannot revive them. */
  private readonly finished = new Set<string>();
  private readonly noticeTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly instrumented = new WeakSet<TextModel>();
  private proposalEditor: ProposalEditorPort | null = null;
  private frame = 0;
  private modelSeq = 0;

  constructor(private readonly host: AiEditsHost) {
    this.service = host.service;
    this.store = createStore<AiEditsState>(() => ({ files: {} }));
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
    if (slot) this.openTab(slot, { activate: true });
  }

  /** Show the proposal (true) or the real file, e.g. to type in it while a review waits. */
  setShowProposal(path: string, show: boolean): void {
    const slot = this.slots.get(path);
    if (!slot || slot.showProposal === show || (!show && slot.placeholder)) return;
    slot.showProposal = show;
    this.publish(slot);
    this.proposalEditor?.refresh();
  }

  /** Moves the current hunk by `delta` (wrapping) and scrolls the proposal view to it. */
  moveCurrent(path: string, delta: number): void {
    const slot = this.slots.get(path);
    const view = this.state.files[path];
    if (!slot || !view || view.pending === 0) return;
    slot.current = (((slot.current + delta) % view.pending) + view.pending) % view.pending;
    this.publish(slot);
    const hunk = this.state.files[path]?.hunks[slot.current];
    if (hunk) this.proposalEditor?.reveal(hunk);
  }

  /** Makes the hunk `id` current (the cursor moved into it). */
  setCurrent(path: string, id: string): void {
    const slot = this.slots.get(path);
    const index = this.state.files[path]?.hunks.findIndex((h) => h.id === id) ?? -1;
    if (!slot || index < 0 || slot.current === index) return;
    slot.current = index;
    this.publish(slot);
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
    for (const slot of [...this.slots.values()]) {
      if (!slot.live && slot.review && slot.sessionId !== detail.id && !slot.busy) this.closeSlot(slot);
    }
    for (const review of reviews) {
      if (this.finished.has(reviewKey(review.messageId, review.path))) continue;
      const turn = this.turns.get(review.messageId);
      if (turn && !turn.ended) continue;
      const existing = this.slots.get(review.path);
      if (existing?.live || existing?.busy) continue;
      // A review of a turn this detail does not know yet is newer than anything in it.
      if (existing?.review && (existing.review.messageId === review.messageId || !known.has(existing.review.messageId))) continue;
      this.ensureTurn(review.messageId, detail.id, "review").end();
      const slot = existing ?? this.createSlot(review.path);
      slot.sessionId = detail.id;
      slot.confirmed = { ...review.decisions };
      slot.review = review;
      slot.showProposal = true;
      this.showReview(slot);
      this.openTab(slot, { activate: false });
      this.publish(slot);
    }
  }

  /** Per pending file: what is left to review (tests and the benchmark read this). */
  pending(): { path: string; messageId: string | null; phase: AiFilePhase; pending: number; total: number }[] {
    return Object.values(this.state.files)
      .filter((f) => f.phase !== "notice")
      .map((f) => ({ path: f.path, messageId: f.messageId, phase: f.phase, pending: f.pending, total: f.total }));
  }

  /** The text of a file's proposal model (tests). */
  proposalText(path: string): string | null {
    return this.slots.get(path)?.model?.getValue() ?? null;
  }

  resetStats(): void {
    Object.assign(this.stats, { setValueCalls: 0, editBatches: 0, maxBatchMs: 0, frames: 0, maxFrameMs: 0 } satisfies AiEditsStats);
  }

  /** Drops the reviews of turns whose files were restored to their checkpoint: there is nothing left to decide. */
  dropReviews(messageIds: readonly string[]): void {
    const dropped = new Set(messageIds);
    for (const slot of [...this.slots.values()]) {
      if (slot.review && dropped.has(slot.review.messageId) && !slot.live && !slot.busy) this.finish(slot);
    }
  }

  private reset(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const call of this.calls.values()) call.gate.close();
    this.calls.clear();
    for (const slot of [...this.slots.values()]) this.closeSlot(slot);
    for (const timer of this.noticeTimers.values()) clearTimeout(timer);
    this.noticeTimers.clear();
    this.turns.clear();
    this.store.setState({ files: {} });
  }

  // ── Turn events ──────────────────────────────────────────────────────────────────────────────

  private onEvent(event: TurnEditEvent): void {
    if (!this.host.canWrite) return;
    switch (event.type) {
      case "turn-start":
        this.ensureTurn(event.messageId, this.host.sessionId(), event.mode);
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

  private ensureTurn(messageId: string, sessionId: string | null, mode: EditMode): Turn {
    const existing = this.turns.get(messageId);
    if (existing) return existing;
    let end = () => {};
    const done = new Promise<void>((resolve) => {
      end = resolve;
    });
    const turn: Turn = {
      sessionId,
      mode,
      ended: false,
      done,
      end: () => {
        turn.ended = true;
        end();
      },
    };
    this.turns.set(messageId, turn);
    return turn;
  }

  private startCall(messageId: string, toolCallId: string, toolName: EditToolName): void {
    const snapshots = new Map<string, string | null>();
    // The planner reads synchronously; DeltaGate makes sure every file it names is loaded first.
    const planner = new ToolCallPlanner(toolName, {
      readFile: (raw) => {
        const path = projectPath(raw);
        if (path === null) return null;
        if (!snapshots.has(path)) snapshots.set(path, this.service.getModel(path)?.getValue() ?? null);
        return snapshots.get(path)!;
      },
      isDirectory: (raw) => {
        const path = projectPath(raw);
        return path !== null && this.host.isDirectory(path);
      },
    });
    const gate = new DeltaGate(new ToolPathScanner(toolName), {
      // Proposal models need Monaco, which loads with the first file opened.
      before: this.service.getMonaco() ? undefined : this.service.monaco(),
      needsLoad: (path) => this.host.fileExists(path) && !this.service.getModel(path),
      load: (path) => this.service.openFile(path, { activate: false, focus: false }),
      feed: (delta) => {
        planner.push(delta);
        this.schedule();
      },
      end: () => {
        planner.end();
        this.schedule();
      },
    });
    this.calls.set(toolCallId, { toolCallId, messageId, planner, gate, snapshots, settled: false });
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
    const turn = this.turns.get(messageId) ?? this.ensureTurn(messageId, this.host.sessionId(), "review");
    const covered = new Set<string>();
    for (const file of proposal.files) {
      covered.add(file.path);
      const slot = this.slots.get(file.path) ?? this.createSlot(file.path);
      // Another call of the turn is streaming into the file: keep the review for when it ends.
      const shown = !slot.live || slot.live === call;
      if (shown) slot.live = null;
      this.setReview(slot, messageId, file, turn.sessionId, { show: shown });
      if (shown && turn.mode === "auto") this.enqueue(slot, () => this.decide(slot, slot.review?.pending() ?? [], "accepted", { auto: true }));
    }
    for (const slot of [...this.slots.values()]) {
      if (call && slot.live === call && !covered.has(slot.path)) this.dropLive(slot, null);
    }
  }

  private onTurnEnd(messageId: string, status: TurnStatus): void {
    const reason =
      status === "stopped"
        ? "The answer was stopped before this edit finished. Nothing was applied."
        : status === "failed"
          ? "The answer failed before this edit finished. Nothing was applied."
          : "The edit ended without a result. Nothing was applied.";
    for (const call of [...this.calls.values()]) if (call.messageId === messageId) this.failCall(call, reason);
    const turn = this.turns.get(messageId);
    if (!turn) return;
    turn.end();
    for (const slot of this.slots.values()) if (slot.review?.messageId === messageId) this.publish(slot);
  }

  private failCall(call: LiveCall, notice: string): void {
    call.gate.close();
    call.planner.abort();
    call.settled = true;
    this.calls.delete(call.toolCallId);
    for (const slot of [...this.slots.values()]) if (slot.live === call) this.dropLive(slot, notice);
  }

  // ── Live views ───────────────────────────────────────────────────────────────────────────────

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.onFrame());
  }

  private onFrame(): void {
    this.frame = 0;
    const started = performance.now();
    for (const call of [...this.calls.values()]) this.drain(call);
    const elapsed = performance.now() - started;
    this.stats.frames++;
    this.stats.maxFrameMs = Math.max(this.stats.maxFrameMs, elapsed);
  }

  private drain(call: LiveCall): void {
    for (const batch of call.planner.drain()) this.applyLiveBatch(call, batch);
  }

  private applyLiveBatch(call: LiveCall, batch: EditorBatch): void {
    const path = projectPath(batch.path);
    if (path === null) return;
    const started = performance.now();
    let slot = this.slots.get(path);
    if (batch.start) {
      if (slot?.busy) return;
      slot ??= this.createSlot(path);
      // A newer turn's edit supersedes an older turn's pending review of the file.
      if (slot.review && slot.review.messageId !== call.messageId) slot.review = null;
      slot.live = call;
      slot.liveKind = batch.start.operation === "add" ? "add" : batch.start.operation === "delete" ? "delete" : "update";
      slot.liveMoveTo = batch.start.moveTo ?? null;
      slot.showProposal = true;
      this.instrument(this.service.getModel(path));
      this.showText(slot, batch.start.initialText);
      this.openTab(slot, { activate: true });
      this.publish(slot);
    }
    if (!slot || slot.live !== call || !slot.model) return;
    this.applyBatch(slot, batch);
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
      this.showReview(slot);
      this.publish(slot);
    } else {
      this.closeSlot(slot);
    }
    if (notice) this.notify(slot.path, notice);
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
    this.finished.delete(reviewKey(messageId, slot.path));
    if (!show) return;
    this.showReview(slot);
    this.openTab(slot, { activate: false });
    if (slot.review.pending().length === 0) this.finish(slot);
    else this.publish(slot);
  }

  /** Turns the proposal model into the review's view with minimal edits (or creates it). */
  private showReview(slot: Slot): void {
    const review = slot.review!;
    if (review.wholeFileOnly) {
      this.disposeModel(slot);
      return;
    }
    const batch = review.session.open(slot.model ? viewOfModel(slot.model) : null);
    if (batch.start) this.showText(slot, batch.start.initialText);
    this.applyBatch(slot, batch);
  }

  private enqueue(slot: Slot, work: () => Promise<void>): Promise<void> {
    slot.queue = slot.queue.then(work).catch((error: unknown) => {
      toast.error(`Could not apply the AI's change to ${slot.path}: ${messageOf(error)}`);
    });
    return slot.queue;
  }

  private decideOn(path: string, ids: readonly string[] | undefined, decision: HunkDecision): Promise<void> {
    const slot = this.slots.get(path);
    if (!slot?.review || slot.busy) return Promise.resolve();
    const turn = this.turns.get(slot.review.messageId);
    if (turn && !turn.ended) {
      toast.info("Wait for the AI to finish its answer, then review.", { id: "ai-review-wait" });
      return Promise.resolve();
    }
    return this.enqueue(slot, () => this.decide(slot, ids ?? slot.review?.pending() ?? [], decision, { auto: false }));
  }

  private async decide(slot: Slot, requested: readonly string[], decision: HunkDecision, { auto }: { auto: boolean }): Promise<void> {
    const review = slot.review;
    if (!review || this.slots.get(slot.path) !== slot) return;
    const open = new Set(review.pending());
    const ids = requested.filter((id) => open.has(id));
    if (ids.length === 0) return;
    slot.busy = true;
    this.publish(slot);
    try {
      if (decision === "rejected") await this.commitRejection(slot, review, ids);
      else if (review.kind === "delete") await this.commitDeletion(slot, review, ids);
      else await this.commitAcceptance(slot, review, ids, auto);
    } finally {
      slot.busy = false;
      if (this.slots.get(slot.path) === slot) {
        if (slot.review && slot.review.pending().length === 0) this.finish(slot);
        else this.publish(slot);
      }
    }
  }

  private async commitRejection(slot: Slot, review: FileReview, ids: string[]): Promise<void> {
    this.applyBatches(slot, review.decide(ids, "rejected"));
    this.publish(slot);
    await this.whenTurnEnds(review.messageId);
    const decisions = decisionsOf(ids, "rejected");
    if (await this.post(slot, review, { decisions })) this.confirm(slot, decisions);
  }

  private async commitDeletion(slot: Slot, review: FileReview, ids: string[]): Promise<void> {
    const path = slot.path;
    const exists = this.host.fileExists(path) || this.service.getModel(path) !== null;
    await this.whenTurnEnds(review.messageId);
    const decisions = decisionsOf(ids, "accepted");
    if (!exists) {
      // Already gone: record the decision only.
      if (await this.post(slot, review, { decisions })) this.confirm(slot, decisions);
      return;
    }
    const model = await this.realModel(path);
    if (!model) return;
    const release = this.service.holdAutosave(path);
    try {
      await this.service.whenSaveIdle(path);
      const written = await this.post(slot, review, { decisions, write: { content: null, baseVersion: this.service.baseVersion(path) } });
      if (!written) return;
      this.confirm(slot, decisions);
      review.decide(ids, "accepted");
      this.service.forgetUnder(path);
      this.host.onEditsAccepted?.(review.messageId, [path]);
      this.host.onFilesChanged();
    } finally {
      release();
    }
  }

  private async commitAcceptance(slot: Slot, review: FileReview, ids: string[], auto: boolean): Promise<void> {
    const path = slot.path;
    const exists = this.host.fileExists(path) || this.service.getModel(path) !== null;
    const model = exists ? await this.realModel(path) : null;
    if (exists && !model) return;
    const release = model ? this.service.holdAutosave(path) : () => {};
    try {
      if (model) await this.service.whenSaveIdle(path);
      let plan: AcceptPlan = review.plan(ids, model?.getValue() ?? null);
      let accepted = ids;
      let rejected: string[] = [];
      if (plan.kind === "write" && plan.conflicts.length > 0) {
        const conflicts = plan.conflicts;
        const choice: ConflictChoice | "skip" = auto ? "skip" : await askConflict(path, conflicts.length, ids.length);
        if (choice === "cancel") return;
        accepted = ids.filter((id) => choice === "theirs" || !conflicts.includes(id));
        if (choice === "mine") rejected = conflicts;
        if (auto) this.notify(path, `${conflicts.length === 1 ? "One change overlaps" : `${conflicts.length} changes overlap`} your edits: review ${conflicts.length === 1 ? "it" : "them"}.`);
        // The dialog took time: plan again on the text as it is now.
        plan = review.plan(accepted, model?.getValue() ?? null, { force: choice === "theirs" });
      }
      if (plan.kind !== "write" || accepted.length === 0) {
        if (rejected.length > 0) await this.commitRejection(slot, review, rejected);
        return;
      }
      // The accepted change lands in the buffer at once, as one undo step; the write follows.
      if (model && plan.edits.length > 0) this.service.applyEdits(path, plan.edits);
      const versionId = model?.getAlternativeVersionId();
      this.applyBatches(slot, [...review.decide(accepted, "accepted"), ...review.decide(rejected, "rejected")]);
      this.publish(slot);
      await this.whenTurnEnds(review.messageId);
      if (model) await this.service.whenSaveIdle(path);
      const decisions = { ...decisionsOf(accepted, "accepted"), ...decisionsOf(rejected, "rejected") };
      const written = await this.post(slot, review, { decisions, write: { content: plan.text, baseVersion: model ? this.service.baseVersion(path) : null } });
      if (!written) {
        // Nothing was saved: take the change back out of the buffer if nothing happened since.
        if (model && plan.edits.length > 0 && !model.isDisposed() && model.getAlternativeVersionId() === versionId) void model.undo();
        return;
      }
      this.confirm(slot, decisions);
      if (model && written.version !== null) this.service.markSaved(path, written.version, versionId);
      this.host.onEditsAccepted?.(review.messageId, [path]);
      if (!model) {
        slot.placeholder = false;
        this.host.onFilesChanged();
        await this.service.openFile(path, { activate: this.service.state.activePath === path, focus: false });
      }
    } finally {
      release();
    }
  }

  /** Records decisions (and a write) for the slot's review; on failure rolls the review back and says why. */
  private async post(slot: Slot, review: FileReview, body: Pick<ReviewBody, "decisions" | "write">): Promise<{ version: number | null } | null> {
    const sessionId = slot.sessionId;
    try {
      if (!sessionId) throw new AppError("bad_request:chat", { message: "This change has no chat session to record it in." });
      const response = await postReview(sessionId, { messageId: review.messageId, path: slot.path, ...body });
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
    if (!review || this.slots.get(slot.path) !== slot) return;
    slot.review = new FileReview({ messageId: review.messageId, proposals: review.proposals, decisions: slot.confirmed });
    this.showReview(slot);
    this.publish(slot);
  }

  private finish(slot: Slot): void {
    if (slot.review) this.finished.add(reviewKey(slot.review.messageId, slot.path));
    const rejectedNewFile = slot.placeholder && !this.service.getModel(slot.path);
    this.closeSlot(slot);
    if (rejectedNewFile) void this.service.closeFile(slot.path, { force: true });
  }

  private whenTurnEnds(messageId: string): Promise<void> {
    return this.turns.get(messageId)?.done ?? Promise.resolve();
  }

  private async realModel(path: string): Promise<TextModel | null> {
    return this.service.getModel(path) ?? (await this.service.openFile(path, { activate: false, focus: false }));
  }

  // ── Slots and proposal models ────────────────────────────────────────────────────────────────

  private createSlot(path: string): Slot {
    const slot: Slot = {
      path,
      model: null,
      decorationIds: [],
      live: null,
      liveKind: "update",
      liveMoveTo: null,
      review: null,
      sessionId: null,
      confirmed: {},
      placeholder: false,
      showProposal: true,
      current: 0,
      busy: false,
      queue: Promise.resolve(),
    };
    this.slots.set(path, slot);
    return slot;
  }

  /**
   * Makes the proposal model show `text`: created from it the first time, afterwards reconciled
   * to it with minimal edits, so the editor never sees its model replaced.
   */
  private showText(slot: Slot, text: string): void {
    if (slot.model && !slot.model.isDisposed()) {
      const edits = reconcile(viewOfModel(slot.model), MergedDoc.fromText(text));
      if (edits.length > 0) slot.model.applyEdits(edits);
      return;
    }
    const monaco = this.service.getMonaco();
    if (!monaco) return;
    const uri = monaco.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${slot.path}`, query: String(++this.modelSeq) });
    const model = monaco.editor.createModel(text, resolveLanguage(slot.path, monaco.languages.getLanguages()).id, uri);
    if (!text.includes("\r\n")) model.setEOL(monaco.editor.EndOfLineSequence.LF);
    this.instrument(model);
    slot.model = model;
    this.proposalEditor?.refresh();
  }

  private applyBatch(slot: Slot, batch: Pick<EditorBatch, "edits" | "decorations">): void {
    const model = slot.model;
    if (!model || model.isDisposed()) return;
    if (batch.edits.length > 0) model.applyEdits(batch.edits);
    this.decorate(slot, batch.decorations);
  }

  private applyBatches(slot: Slot, batches: readonly EditorBatch[]): void {
    for (const batch of batches) this.applyBatch(slot, batch);
  }

  private decorate(slot: Slot, set: DecorationSet): void {
    if (slot.model && !slot.model.isDisposed()) slot.decorationIds = slot.model.deltaDecorations(slot.decorationIds, toDecorations(set));
  }

  private disposeModel(slot: Slot): void {
    const model = slot.model;
    if (!model) return;
    slot.model = null;
    slot.decorationIds = [];
    this.proposalEditor?.refresh();
    model.dispose();
  }

  private closeSlot(slot: Slot): void {
    if (this.slots.get(slot.path) !== slot) return;
    this.slots.delete(slot.path);
    this.disposeModel(slot);
    const { [slot.path]: _closed, ...files } = this.state.files;
    this.store.setState({ files });
  }

  private openTab(slot: Slot, { activate }: { activate: boolean }): void {
    if (this.service.getModel(slot.path) || this.host.fileExists(slot.path)) {
      void this.service.openFile(slot.path, { activate, focus: false });
    } else {
      slot.placeholder = true;
      this.service.openPlaceholderTab(slot.path, { activate });
    }
  }

  /** Counts `setValue` on a model while edits stream: the benchmark asserts it never happens. */
  private instrument(model: TextModel | null): void {
    if (!model || this.instrumented.has(model)) return;
    this.instrumented.add(model);
    const setValue = model.setValue.bind(model);
    model.setValue = (value) => {
      if (this.calls.size > 0) this.stats.setValueCalls++;
      setValue(value);
    };
  }

  // ── Store ────────────────────────────────────────────────────────────────────────────────────

  private publish(slot: Slot): void {
    if (this.slots.get(slot.path) !== slot) return;
    const review = slot.live ? null : slot.review;
    const pendingIds = review?.pending() ?? [];
    const ranges = review && !review.wholeFileOnly ? review.session.ranges() : [];
    const conflicts = this.conflictsOf(slot);
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
    slot.current = Math.min(slot.current, Math.max(0, pendingIds.length - 1));
    const stats = review?.pendingStats() ?? { added: 0, removed: 0 };
    const turn = review ? this.turns.get(review.messageId) : undefined;
    const view: AiFileView = {
      path: slot.path,
      phase: slot.live ? "streaming" : "review",
      kind: review?.kind ?? slot.liveKind,
      moveTo: (review ? review.latest.moveTo : slot.liveMoveTo) ?? null,
      messageId: review?.messageId ?? slot.live?.messageId ?? null,
      hasProposal: slot.model !== null,
      showProposal: slot.showProposal && slot.model !== null,
      ready: Boolean(review) && (!turn || turn.ended),
      busy: slot.busy,
      total: review?.unitCount ?? 0,
      pending: pendingIds.length,
      current: slot.current,
      hunks,
      added: stats.added,
      removed: stats.removed,
      notice: this.state.files[slot.path]?.notice ?? null,
    };
    this.store.setState({ files: { ...this.state.files, [slot.path]: view } });
    this.proposalEditor?.refresh();
  }

  /** Undecided hunks that overlap the user's edits to the real file (checked when the review is shown or changes). */
  private conflictsOf(slot: Slot): Set<string> {
    const review = slot.review;
    const model = this.service.getModel(slot.path);
    if (!review || !model || review.kind !== "update") return new Set();
    const open = new Set(review.pending());
    const hunks = review.session.hunks.filter((h) => open.has(h.id));
    return new Set(rebaseHunks(hunks, review.base, model.getValue()).conflicts.map((h) => h.id));
  }

  private notify(path: string, text: string): void {
    const current = this.state.files[path];
    const view: AiFileView = current
      ? { ...current, notice: text }
      : {
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
          notice: text,
        };
    this.store.setState({ files: { ...this.state.files, [path]: view } });
    clearTimeout(this.noticeTimers.get(path));
    this.noticeTimers.set(
      path,
      setTimeout(() => this.dismissNotice(path), NOTICE_MS),
    );
  }

  dismissNotice(path: string): void {
    clearTimeout(this.noticeTimers.get(path));
    this.noticeTimers.delete(path);
    const current = this.state.files[path];
    if (!current?.notice) return;
    if (current.phase === "notice") {
      const { [path]: _gone, ...files } = this.state.files;
      this.store.setState({ files });
    } else {
      this.store.setState({ files: { ...this.state.files, [path]: { ...current, notice: null } } });
    }
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
