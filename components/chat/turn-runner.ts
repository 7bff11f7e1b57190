import type { StoreApi } from "zustand/vanilla";

import { FrameScheduler } from "@/components/frame-scheduler";
import { toast } from "@/components/ui/toast";
import { openChatStream, openFollowStream, readChatTurn } from "@/lib/chat/client";
import { DEFAULT_SESSION_TITLE, type ChatRequest, type SessionDetail } from "@/lib/chat/contract";
import { TurnFold } from "@/lib/chat/fold";
import type { ChatMessage } from "@/lib/chat/messages";
import type { TurnEditBus } from "@/lib/chat/turn-events";
import { AppError } from "@/lib/errors";

import { chatApi, newId } from "./chat-api";
import type { ChatState, LiveTurn, TurnResult } from "./chat-state";
import { liveProgress, progressWait, renameLive, threadForTurn } from "./thread";
import { giveBack, type TurnOrigin } from "./turn-input";

/** One turn to run: the thread it keeps, the messages it adds, and its request once the session exists. */
export interface TurnPlan {
  keptOrder: string[];
  added: ChatMessage[];
  userMessageId: string;
  origin: TurnOrigin;
  replacing: boolean;
  request: (sessionId: string) => ChatRequest;
}

export interface TurnRunnerDeps {
  store: StoreApi<ChatState>;
  editBus: TurnEditBus;
  ensureSession: () => Promise<string>;
  /** Flushes the editor's buffers so the server sees what the user sees. */
  beforeSend: () => Promise<void>;
  refreshSessions: () => Promise<void>;
  loadSession: (sessionId: string) => Promise<SessionDetail>;
  showDetail: (detail: SessionDetail) => void;
}

/** After Stop, how long the stream may take to bring the stored outcome before the pane stops reading. */
const STOP_FALLBACK_MS = 8000;

/**
 * The turn being shown. `sent`: the request may have reached the server, so only a Stop request ends
 * it there (the fetch going away does not). `messageId`: the answer's id, from its `start` chunk.
 */
interface ActiveTurn {
  abort: AbortController;
  fold: TurnFold;
  sessionId: string | null;
  sent: boolean;
  messageId: string | null;
  stopWanted: boolean;
  stopFallback?: ReturnType<typeof setTimeout>;
}

export function errorOf(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError("internal:chat", { message: error instanceof Error ? error.message : "Something went wrong.", cause: error });
}

/**
 * The chat's transport: a turn's request, its stream folded as it arrives (O(1) per chunk, edit
 * events straight to the edit bus), and what React sees of it, at most once per animation frame.
 */
export class TurnRunner {
  private turn: ActiveTurn | null = null;
  // Background tabs get no animation frames; the timer keeps the message current there at a slow pace.
  private readonly frames = new FrameScheduler(() => this.publishLive(), { fallbackMs: 250 });
  private lastTpsAt = 0;
  private lastPublishAt = 0;
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private reconcileTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: TurnRunnerDeps) {}

  private get state(): ChatState {
    return this.deps.store.getState();
  }

  private set(patch: Partial<ChatState>): void {
    this.deps.store.setState(patch);
  }

  /**
   * Stops the streaming answer with its own request, on whichever instance runs it; the stream then
   * brings the stored (stopped) answer. Before the request went out, nothing reached the server and
   * cancelling the fetch is enough.
   */
  stop(): void {
    const turn = this.turn;
    if (!turn || turn.stopWanted) return;
    if (!turn.sent) return turn.abort.abort();
    turn.stopWanted = true;
    if (turn.messageId) this.sendStop(turn);
    turn.stopFallback = setTimeout(() => turn.abort.abort(), STOP_FALLBACK_MS);
  }

  private sendStop(turn: ActiveTurn): void {
    chatApi.stopTurn(turn.sessionId!, turn.messageId!).catch((error: unknown) => {
      toast.error(`Could not stop the answer: ${errorOf(error).message}`);
      turn.abort.abort();
    });
  }

  /** The answer's id arrived: a Stop pressed before it goes out now. */
  private named(turn: ActiveTurn, chunk: { type: string; messageId?: string }): void {
    if (chunk.type !== "start" || !chunk.messageId || turn.messageId) return;
    turn.messageId = chunk.messageId;
    if (turn.stopWanted) this.sendStop(turn);
  }

  /** Stops showing a running turn (unmount, session switch) and timers; the turn runs on on the server. */
  dispose(): void {
    this.turn?.abort.abort();
    this.frames.cancel();
    clearTimeout(this.reconcileTimer);
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
  }

  /**
   * Runs one turn: shows the question and a placeholder answer at once, opens the stream (a refusal
   * before streaming takes them back and returns the text where it was typed), then folds the
   * stream into the live message, published at most once per frame.
   */
  async run(turn: TurnPlan): Promise<TurnResult> {
    const before = { order: this.state.order, messages: this.state.messages };
    const pendingKey = `pending-${turn.userMessageId}-${newId().slice(0, 8)}`;
    const placeholder: ChatMessage = { id: pendingKey, role: "assistant", parts: [], status: "complete", model: this.state.model, createdAt: new Date().toISOString() };
    const { order, messages } = threadForTurn(before, turn.keptOrder, turn.added, placeholder);
    const fold = new TurnFold({ id: pendingKey, model: this.state.model, createdAt: placeholder.createdAt });
    const abort = new AbortController();
    const active: ActiveTurn = { abort, fold, sessionId: null, sent: false, messageId: null, stopWanted: false };
    this.turn = active;
    this.lastTpsAt = 0;
    this.set({
      order,
      messages,
      notice: null,
      editingId: null,
      live: { key: pendingKey, phase: "connecting", firstOutputAt: null, outputChars: 0, liveTps: null, toolProgress: {} },
      ...(turn.origin?.kind === "composer" ? { draft: "", mentions: [], excluded: { activeFile: null, selection: null } } : {}),
    });

    let sessionId: string | null = null;
    let body: ReadableStream<Uint8Array>;
    try {
      sessionId = await this.deps.ensureSession();
      await this.deps.beforeSend().catch(() => {
        toast.warning("Some open files could not be saved; the model sees their last saved version.");
      });
      if (abort.signal.aborted) throw new DOMException("Stopped", "AbortError");
      active.sessionId = sessionId;
      active.sent = true;
      body = await openChatStream(turn.request(sessionId), { signal: abort.signal });
    } catch (error) {
      this.turn = null;
      const appError = abort.signal.aborted ? new AppError("bad_request:chat", { message: "Stopped before the answer started." }) : errorOf(error);
      this.set({
        order: before.order,
        messages: before.messages,
        live: null,
        notice: abort.signal.aborted ? null : { code: appError.code, message: appError.message, retryAt: appError.retryAfterSeconds !== undefined ? Date.now() + appError.retryAfterSeconds * 1000 : null },
        // Nothing the user typed is lost: it goes back where it was typed.
        ...giveBack(turn.origin, this.state),
      });
      // Edit/regenerate may have removed messages on the server before it refused, and a stopped
      // request may have stored the question: read back what the server has.
      if (sessionId && (turn.replacing || abort.signal.aborted)) this.reconcile(sessionId, abort.signal.aborted ? 800 : 0);
      return { ok: false, error: appError };
    }

    this.patchLive({ phase: "streaming" });
    const end = await readChatTurn(body, {
      fold,
      mode: this.state.mode,
      editBus: this.deps.editBus,
      signal: abort.signal,
      onChunk: (chunk) => {
        this.named(active, chunk);
        if (chunk.type === "start" && fold.id !== this.state.live?.key) this.rename(fold.id);
        this.frames.schedule();
      },
    });
    this.frames.flush();
    this.turn = null;
    clearTimeout(active.stopFallback);
    const { message: final, timing } = fold.snapshot();
    const retryAfter = final.error?.retryAfterSeconds;
    this.set({
      live: null,
      timing,
      ...(retryAfter !== undefined ? { retryAt: { ...this.state.retryAt, [final.id]: Date.now() + retryAfter * 1000 } } : {}),
    });
    // A stopped answer: the server kept what reached it before the abort, which can be a few tokens
    // more than was on screen. Show what is stored, so a reload changes nothing.
    if (final.id === pendingKey || abort.signal.aborted) this.reconcile(sessionId, 800);
    // The server titles a new session after its first message.
    if (this.state.sessions.find((s) => s.id === sessionId)?.title === DEFAULT_SESSION_TITLE) void this.deps.refreshSessions();
    return { ok: true, messageId: final.id, end };
  }

  /**
   * After a reload, or on a second device: if the session's answer is still streaming, shows it
   * live from its start (the server replays it from turn_events, then follows). Stop here stops
   * the turn, as on the page that started it.
   */
  async resume(sessionId: string): Promise<void> {
    if (this.turn || this.state.live) return;
    const abort = new AbortController();
    const opened = await openFollowStream(sessionId, { signal: abort.signal }).catch(() => null);
    const body = opened?.body;
    if (!body) return;
    // A turn that ended between the session's read and this follow is stored, not replayed: read it.
    const stale = (opened.head ?? null) !== (this.state.order.at(-1) ?? null);
    if (this.state.sessionId !== sessionId || this.state.live) return void body.cancel();
    const key = `resumed-${newId().slice(0, 8)}`;
    const fold = new TurnFold({ id: key, model: this.state.model });
    let started = false;
    const active: ActiveTurn = { abort, fold, sessionId, sent: true, messageId: null, stopWanted: false };
    await readChatTurn(body, {
      fold,
      mode: this.state.mode,
      editBus: this.deps.editBus,
      signal: abort.signal,
      onChunk: (chunk) => {
        if (!started) {
          started = true;
          this.turn = active;
          const placeholder: ChatMessage = { id: key, role: "assistant", parts: [], status: "complete", model: this.state.model, createdAt: new Date().toISOString() };
          this.set({
            order: [...this.state.order, key],
            messages: { ...this.state.messages, [key]: placeholder },
            live: { key, phase: "streaming", firstOutputAt: null, outputChars: 0, liveTps: null, toolProgress: {} },
          });
        }
        this.named(active, chunk);
        if (chunk.type === "start" && fold.id !== this.state.live?.key) this.rename(fold.id);
        this.frames.schedule();
      },
    });
    if (!started) {
      if (stale) this.reconcile(sessionId, 0);
      return;
    }
    this.frames.flush();
    this.turn = null;
    clearTimeout(active.stopFallback);
    this.set({ live: null });
    this.reconcile(sessionId, 0);
  }

  /** The server named the answer (`start`): swap the placeholder's key for the real id. */
  private rename(id: string): void {
    const live = this.state.live;
    if (!live) return;
    this.set(renameLive(this.state, live, id));
  }

  private patchLive(patch: Partial<LiveTurn>): void {
    const live = this.state.live;
    if (live) this.set({ live: { ...live, ...patch } });
  }

  /**
   * Publishes the folded turn to React: at most one state change per frame, touching only the live
   * message, and every PROGRESS_INTERVAL_MS while only its progress figures move.
   */
  private publishLive(): void {
    const live = this.state.live;
    const snapshot = this.turn?.fold.snapshot();
    if (!live || !snapshot) return;
    const now = Date.now();
    const changed = this.state.messages[live.key] !== snapshot.message || (snapshot.context !== null && snapshot.context !== this.state.context);
    const wait = progressWait(changed, now, this.lastPublishAt);
    if (wait > 0) {
      // No chunk may follow (a stalled stream): the figures still catch up.
      this.progressTimer ??= setTimeout(() => {
        this.progressTimer = undefined;
        this.frames.schedule();
      }, wait);
      return;
    }
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.lastPublishAt = now;
    const { firstOutputAt, liveTps, tpsAt } = liveProgress(live, snapshot.outputChars, now, this.lastTpsAt);
    this.lastTpsAt = tpsAt;
    this.set({
      messages: { ...this.state.messages, [live.key]: snapshot.message },
      context: snapshot.context ?? this.state.context,
      live: { ...live, firstOutputAt, outputChars: snapshot.outputChars, liveTps, toolProgress: snapshot.toolProgress },
    });
  }

  /** Reads the session back from the server (the source of truth) when the client lost track. */
  private reconcile(sessionId: string | null, delayMs: number): void {
    if (!sessionId) return;
    clearTimeout(this.reconcileTimer);
    this.reconcileTimer = setTimeout(async () => {
      try {
        const detail = await this.deps.loadSession(sessionId);
        if (this.state.sessionId === sessionId && !this.state.live) this.deps.showDetail(detail);
      } catch {
        // Still showing what we have; the next session switch reads it again.
      }
    }, delayMs);
  }
}
