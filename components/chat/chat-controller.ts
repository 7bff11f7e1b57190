import { createStore, type StoreApi } from "zustand/vanilla";

import { toast } from "@/components/ui/toast";
import { openChatStream, readChatTurn, type TurnEnd } from "@/lib/chat/client";
import {
  DEFAULT_SESSION_TITLE,
  type ChatContext,
  type ChatRequest,
  type ContextReport,
  type EditMode,
  type SessionDetail,
  type SessionSummary,
  type UpstreamTiming,
} from "@/lib/chat/contract";
import { TurnFold, type ToolProgress } from "@/lib/chat/fold";
import type { ChatMessage, MessageContextChips } from "@/lib/chat/messages";
import type { TurnEditBus } from "@/lib/chat/turn-events";
import { AppError } from "@/lib/errors";

import { chatApi, newId, type ModelsListing } from "./chat-api";
import { ChatPrefs } from "./prefs";

/** What the editor contributes to a turn's context; read at send time. */
export interface EditorContextSnapshot {
  activeFile?: string;
  selection?: { path: string; startLine: number; endLine: number };
  openFiles: string[];
  diagnostics: ChatContext["diagnostics"];
}

/** The workbench's side of a turn: what is open, flushing buffers first, and reloading restored files. */
export interface ChatHost {
  editorContext: () => EditorContextSnapshot;
  beforeSend: () => Promise<void>;
  onFilesRestored: (paths: string[]) => void;
  /** A session was opened (e.g. so the review UI can bring back its pending proposals). */
  onSessionLoaded?: (detail: SessionDetail) => void;
}

/** A request refused before streaming, shown above the composer (the text is back in it). */
export interface ChatNotice {
  code: string;
  message: string;
  /** Epoch ms when sending makes sense again (429). */
  retryAt: number | null;
}

/** The turn being streamed. Changes at most once per animation frame. */
export interface LiveTurn {
  /** The assistant message's key in `order`: a placeholder until the server names it. */
  key: string;
  phase: "connecting" | "streaming";
  firstOutputAt: number | null;
  outputChars: number;
  /** Estimated from characters received (≈4 per token) until the server's figures arrive. */
  liveTps: number | null;
  toolProgress: Readonly<Record<string, ToolProgress>>;
}

export interface ChatState {
  phase: "loading" | "ready" | "error";
  loadError: string | null;
  models: ModelsListing | null;
  model: string | null;
  mode: EditMode;
  sessions: SessionSummary[];
  /** null: a new session, created on the first send. */
  sessionId: string | null;
  sessionStatus: "idle" | "loading" | "error";
  sessionError: string | null;
  order: string[];
  messages: Record<string, ChatMessage>;
  checkpoints: SessionDetail["checkpoints"];
  live: LiveTurn | null;
  /** The last turn's context report (the meter). Not stored with messages, so it starts empty. */
  context: ContextReport | null;
  /** The last turn's upstream byte stamps (server clock), for benchmarks lining up visible text. */
  timing: UpstreamTiming | null;
  notice: ChatNotice | null;
  /** Rate-limited answers: message id → epoch ms when Retry may go. */
  retryAt: Record<string, number>;
  draft: string;
  mentions: string[];
  /** Auto-attached chips the user removed, for the next send only. */
  excluded: { activeFile: string | null; selection: string | null };
  editingId: string | null;
  /** The text in the open edit-and-resend box. */
  editDraft: string;
}

export interface SendInput {
  text: string;
  intent?: "chat" | "inline-edit";
  /** Files mentioned with @ (the composer passes them); merged with the editor's context. */
  mentions?: string[];
  /** Replaces the editor's context entirely (e.g. the inline edit's file and selection). */
  context?: Partial<ChatContext>;
  /** Edit and resend: drop this user message and everything after it. */
  replaceFromMessageId?: string;
  /** Where the text came from: on a refusal before streaming it goes back there. */
  origin?: "composer" | "edit";
}

export type TurnResult =
  | { ok: true; messageId: string; end: TurnEnd }
  | { ok: false; error: AppError };

export interface ChatControllerOptions {
  projectId: string;
  canWrite: boolean;
  editBus: TurnEditBus;
  /** Namespaces remembered choices (mode, model) per user; optional. */
  userId?: string;
}

type TurnOrigin =
  | { kind: "composer"; draft: string; mentions: string[]; excluded: ChatState["excluded"] }
  | { kind: "edit"; messageId: string; draft: string }
  | null;

const MAX_CONTEXT_PATHS = 30;
const MAX_DIAGNOSTICS = 100;
const LIVE_TPS_INTERVAL_MS = 250;
const CHARS_PER_TOKEN = 4;

export const selectionKey = (s: { path: string; startLine: number; endLine: number }) => `${s.path}:${s.startLine}-${s.endLine}`;

const noHost: ChatHost = {
  editorContext: () => ({ openFiles: [], diagnostics: [] }),
  beforeSend: async () => {},
  onFilesRestored: () => {},
};

function errorOf(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError("internal:chat", { message: error instanceof Error ? error.message : "Something went wrong.", cause: error });
}

function unique(paths: readonly (string | undefined)[]): string[] {
  return [...new Set(paths.filter((p): p is string => Boolean(p)))];
}

/**
 * The chat pane's client-side state and actions: sessions, models, and the streaming turn. A turn's
 * chunks are folded as they arrive (O(1) each) and its edit events go straight to the edit bus, but
 * React hears about it at most once per animation frame, and only the streaming message changes.
 * Shared by the pane and the editor's inline edit, so both go through one pipeline.
 */
export class ChatController {
  readonly store: StoreApi<ChatState>;
  private host: ChatHost = noHost;
  private readonly prefs: ChatPrefs;
  private initialized = false;
  private turn: { abort: AbortController; fold: TurnFold } | null = null;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastTpsAt = 0;
  private reconcileTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly options: ChatControllerOptions) {
    this.prefs = new ChatPrefs(options.userId ?? "");
    this.store = createStore<ChatState>(() => ({
      phase: "loading",
      loadError: null,
      models: null,
      model: null,
      mode: "review",
      sessions: [],
      sessionId: null,
      sessionStatus: "idle",
      sessionError: null,
      order: [],
      messages: {},
      checkpoints: [],
      live: null,
      context: null,
      timing: null,
      notice: null,
      retryAt: {},
      draft: "",
      mentions: [],
      excluded: { activeFile: null, selection: null },
      editingId: null,
      editDraft: "",
    }));
  }

  get state(): ChatState {
    return this.store.getState();
  }

  private set(patch: Partial<ChatState>): void {
    this.store.setState(patch);
  }

  /** The pane registers the workbench's callbacks; the latest ones are used. */
  setHost(host: Partial<ChatHost>): void {
    this.host = { ...this.host, ...host };
  }

  // ── Loading ──────────────────────────────────────────────────────────────────────────────────

  /** Loads models and sessions and opens the last used session. Safe to call more than once. */
  async init(): Promise<void> {
    if (this.initialized) return;
    this.initialized = true;
    this.set({ mode: this.prefs.mode, phase: "loading", loadError: null });
    const [models, sessions] = await Promise.allSettled([chatApi.models(), chatApi.sessions(this.options.projectId)]);
    if (models.status === "fulfilled") {
      const listing = models.value;
      const remembered = this.prefs.model;
      const model = remembered && listing.models.some((m) => m.id === remembered) ? remembered : listing.defaultModel;
      this.set({ models: listing, model });
    }
    if (sessions.status === "rejected") {
      this.initialized = false;
      this.set({ phase: "error", loadError: errorOf(sessions.reason).message });
      return;
    }
    const list = sessions.value;
    this.set({ sessions: list, phase: "ready", loadError: models.status === "rejected" ? `Models: ${errorOf(models.reason).message}` : null });
    const last = this.prefs.lastSession(this.options.projectId);
    const pick = list.find((s) => s.id === last) ?? list[0];
    if (pick) await this.selectSession(pick.id);
  }

  async refreshSessions(): Promise<void> {
    try {
      this.set({ sessions: await chatApi.sessions(this.options.projectId) });
    } catch {
      // The list is a convenience; the open session keeps working.
    }
  }

  // ── Sessions ─────────────────────────────────────────────────────────────────────────────────

  /** Opens a session (null: start a new one, created when the first message is sent). */
  async selectSession(sessionId: string | null): Promise<void> {
    if (this.state.live) return;
    this.prefs.setLastSession(this.options.projectId, sessionId);
    this.set({ sessionId, order: [], messages: {}, checkpoints: [], context: null, timing: null, notice: null, retryAt: {}, editingId: null, sessionError: null, sessionStatus: sessionId ? "loading" : "idle" });
    if (!sessionId) return;
    try {
      const detail = await chatApi.session(sessionId);
      if (this.state.sessionId !== sessionId) return;
      this.showDetail(detail);
      this.host.onSessionLoaded?.(detail);
    } catch (error) {
      if (this.state.sessionId !== sessionId) return;
      const appError = errorOf(error);
      if (appError.type === "not_found") {
        // Deleted elsewhere: drop it and start fresh rather than showing a dead session.
        this.set({ sessions: this.state.sessions.filter((s) => s.id !== sessionId), sessionId: null, sessionStatus: "idle" });
        this.prefs.setLastSession(this.options.projectId, null);
        return;
      }
      this.set({ sessionStatus: "error", sessionError: appError.message });
    }
  }

  private showDetail(detail: SessionDetail): void {
    const messages: Record<string, ChatMessage> = {};
    for (const message of detail.messages) messages[message.id] = message;
    const retryAt: Record<string, number> = {};
    for (const message of detail.messages) {
      const seconds = message.error?.retryAfterSeconds;
      if (seconds !== undefined) retryAt[message.id] = Date.parse(message.createdAt) + seconds * 1000;
    }
    this.set({ order: detail.messages.map((m) => m.id), messages, checkpoints: detail.checkpoints, retryAt, sessionStatus: "idle", sessionError: null });
  }

  async renameSession(sessionId: string, title: string): Promise<boolean> {
    const trimmed = title.trim();
    if (!trimmed) return false;
    try {
      await chatApi.renameSession(sessionId, trimmed);
      this.set({ sessions: this.state.sessions.map((s) => (s.id === sessionId ? { ...s, title: trimmed } : s)) });
      return true;
    } catch (error) {
      toast.error(`Could not rename the session: ${errorOf(error).message}`);
      return false;
    }
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    if (this.state.live && this.state.sessionId === sessionId) return false;
    try {
      await chatApi.deleteSession(sessionId);
    } catch (error) {
      toast.error(`Could not delete the session: ${errorOf(error).message}`);
      return false;
    }
    const sessions = this.state.sessions.filter((s) => s.id !== sessionId);
    this.set({ sessions });
    if (this.state.sessionId === sessionId) await this.selectSession(sessions[0]?.id ?? null);
    return true;
  }

  private async ensureSession(): Promise<string> {
    const existing = this.state.sessionId;
    if (existing) return existing;
    const created = await chatApi.createSession(this.options.projectId);
    this.prefs.setLastSession(this.options.projectId, created.id);
    this.set({ sessionId: created.id, sessions: [created, ...this.state.sessions.filter((s) => s.id !== created.id)] });
    return created.id;
  }

  // ── Preferences and composer state ───────────────────────────────────────────────────────────

  setModel(model: string): void {
    this.prefs.model = model;
    this.set({ model, notice: null });
  }

  setMode(mode: EditMode): void {
    this.prefs.mode = mode;
    this.set({ mode });
  }

  setDraft(draft: string): void {
    this.set({ draft });
  }

  addMention(path: string): void {
    const { mentions } = this.state;
    if (!mentions.includes(path)) this.set({ mentions: [...mentions, path] });
  }

  removeMention(path: string): void {
    this.set({ mentions: this.state.mentions.filter((p) => p !== path) });
  }

  /** Leaves an auto-attached chip out of the next message. */
  exclude(kind: "activeFile" | "selection", value: string): void {
    this.set({ excluded: { ...this.state.excluded, [kind]: value } });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** Opens (or with null closes) the edit-and-resend box of a user message. */
  startEditing(messageId: string | null): void {
    const message = messageId ? this.state.messages[messageId] : undefined;
    const text = message ? message.parts.map((p) => (p.type === "text" ? p.text : "")).join("") : "";
    this.set({ editingId: messageId, editDraft: text });
  }

  setEditDraft(editDraft: string): void {
    this.set({ editDraft });
  }

  /** The review UI accepted edits of a turn: its "Restore to before this turn" becomes available. */
  markEditsAccepted(messageId: string, paths: string[]): void {
    const checkpoints = this.state.checkpoints;
    const existing = checkpoints.find((c) => c.messageId === messageId);
    const next = existing
      ? checkpoints.map((c) => (c.messageId === messageId ? { ...c, restoredAt: null, paths: unique([...c.paths, ...paths]) } : c))
      : [...checkpoints, { messageId, createdAt: new Date().toISOString(), restoredAt: null, paths: unique(paths) }];
    this.set({ checkpoints: next });
  }

  // ── Turns ────────────────────────────────────────────────────────────────────────────────────

  private buildContext(input: SendInput): ChatContext {
    const mentions = unique([...(input.mentions ?? []), ...(input.context?.mentions ?? [])]).slice(0, MAX_CONTEXT_PATHS);
    if (input.context) {
      return {
        ...input.context,
        openFiles: unique(input.context.openFiles ?? []).slice(0, MAX_CONTEXT_PATHS),
        mentions,
        diagnostics: (input.context.diagnostics ?? []).slice(0, MAX_DIAGNOSTICS),
      };
    }
    const editor = this.host.editorContext();
    const { excluded } = this.state;
    const activeFile = editor.activeFile && editor.activeFile !== excluded.activeFile ? editor.activeFile : undefined;
    const selection = editor.selection && selectionKey(editor.selection) !== excluded.selection ? editor.selection : undefined;
    return {
      ...(activeFile ? { activeFile } : {}),
      ...(selection ? { selection } : {}),
      openFiles: unique(editor.openFiles).slice(0, MAX_CONTEXT_PATHS),
      mentions,
      diagnostics: editor.diagnostics.slice(0, MAX_DIAGNOSTICS),
    };
  }

  /**
   * Sends a message (from the composer, an edit-and-resend, or the editor's inline edit) and resolves
   * when the turn has ended, or with the error that refused it before streaming. The message shows at
   * once; a refusal takes it back and, for the composer, returns its text there.
   */
  async send(input: SendInput): Promise<TurnResult> {
    const text = input.text.trim();
    if (!text) return { ok: false, error: new AppError("bad_request:chat", { message: "Write a message first." }) };
    if (text.length > 32_000) return { ok: false, error: new AppError("payload_too_large:chat", { message: "Messages are limited to 32,000 characters." }) };
    const refused = this.refusal();
    if (refused) return { ok: false, error: refused };

    const context = this.buildContext(input);
    const userMessageId = newId();
    const chips: MessageContextChips = {
      ...(context.activeFile ? { activeFile: context.activeFile } : {}),
      ...(context.selection ? { selection: context.selection } : {}),
      mentions: context.mentions ?? [],
    };
    const user: ChatMessage = { id: userMessageId, role: "user", parts: [{ type: "text", text }], status: "complete", context: chips, createdAt: new Date().toISOString() };
    const { order } = this.state;
    const cut = input.replaceFromMessageId ? order.indexOf(input.replaceFromMessageId) : -1;
    const kept = cut >= 0 ? order.slice(0, cut) : order;
    const origin: TurnOrigin =
      input.origin === "composer"
        ? { kind: "composer", draft: input.text, mentions: this.state.mentions, excluded: this.state.excluded }
        : input.origin === "edit" && input.replaceFromMessageId
          ? { kind: "edit", messageId: input.replaceFromMessageId, draft: input.text }
          : null;

    return this.runTurn({
      keptOrder: [...kept, userMessageId],
      added: [user],
      userMessageId,
      origin,
      replacing: cut >= 0,
      request: (sessionId) => ({
        sessionId,
        ...(this.state.model ? { model: this.state.model } : {}),
        mode: this.state.mode,
        intent: input.intent ?? "chat",
        message: { id: userMessageId, text },
        ...(cut >= 0 ? { replaceFromMessageId: input.replaceFromMessageId } : {}),
        context,
      }),
    });
  }

  /** Answers the question before `assistantId` again (also Retry for a failed answer). */
  async regenerate(assistantId: string): Promise<TurnResult> {
    const refused = this.refusal();
    if (refused) return { ok: false, error: refused };
    const { order, messages } = this.state;
    const index = order.indexOf(assistantId);
    const userMessageId = order
      .slice(0, index)
      .reverse()
      .find((id) => messages[id]?.role === "user");
    if (index < 0 || !userMessageId) return { ok: false, error: new AppError("not_found:chat", { message: "There is no question to answer again." }) };
    const context = this.buildContext({ text: "" });
    return this.runTurn({
      keptOrder: order.slice(0, index),
      added: [],
      userMessageId,
      origin: null,
      replacing: true,
      request: (sessionId) => ({
        sessionId,
        ...(this.state.model ? { model: this.state.model } : {}),
        mode: this.state.mode,
        regenerateMessageId: assistantId,
        context,
      }),
    });
  }

  /** Stops the streaming answer: the fetch is aborted, so the server aborts the model and saves it as stopped. */
  stop(): void {
    this.turn?.abort.abort();
  }

  private refusal(): AppError | null {
    if (!this.options.canWrite) return new AppError("forbidden:chat", { message: "You have view-only access: you can read sessions but not chat." });
    if (this.state.live) return new AppError("conflict:chat", { message: "Wait for the current answer, or stop it first." });
    // The thread is about to be replaced by the server's; a turn started now would be lost from view.
    if (this.state.sessionStatus === "loading") return new AppError("conflict:chat", { message: "The session is still loading." });
    const retryAt = this.state.notice?.retryAt;
    if (retryAt && retryAt > Date.now()) return new AppError("rate_limit:chat", { message: "Rate limited; wait for the countdown." });
    return null;
  }

  private async runTurn(turn: {
    keptOrder: string[];
    added: ChatMessage[];
    userMessageId: string;
    origin: TurnOrigin;
    replacing: boolean;
    request: (sessionId: string) => ChatRequest;
  }): Promise<TurnResult> {
    const before = { order: this.state.order, messages: this.state.messages };
    const pendingKey = `pending-${turn.userMessageId}-${newId().slice(0, 8)}`;
    const placeholder: ChatMessage = { id: pendingKey, role: "assistant", parts: [], status: "complete", model: this.state.model, createdAt: new Date().toISOString() };
    const messages: Record<string, ChatMessage> = {};
    const order = [...turn.keptOrder, pendingKey];
    for (const id of turn.keptOrder) {
      const message = before.messages[id];
      if (message) messages[id] = message;
    }
    for (const message of turn.added) messages[message.id] = message;
    messages[pendingKey] = placeholder;
    const fold = new TurnFold({ id: pendingKey, model: this.state.model, createdAt: placeholder.createdAt });
    const abort = new AbortController();
    this.turn = { abort, fold };
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
      sessionId = await this.ensureSession();
      await this.host.beforeSend().catch(() => {
        toast.warning("Some open files could not be saved; the model sees their last saved version.");
      });
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
        ...this.giveBack(turn.origin),
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
      editBus: this.options.editBus,
      signal: abort.signal,
      onChunk: (chunk) => {
        if (chunk.type === "start" && fold.id !== this.state.live?.key) this.rename(fold.id);
        this.scheduleFlush();
      },
    });
    this.flush();
    this.turn = null;
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
    if (this.state.sessions.find((s) => s.id === sessionId)?.title === DEFAULT_SESSION_TITLE) void this.refreshSessions();
    return { ok: true, messageId: final.id, end };
  }

  private giveBack(origin: TurnOrigin): Partial<ChatState> {
    if (origin?.kind === "composer") {
      // Anything typed while the request was out stays, after the returned text.
      const typedSince = this.state.draft.trim();
      return {
        draft: typedSince ? `${origin.draft}\n\n${typedSince}` : origin.draft,
        mentions: unique([...origin.mentions, ...this.state.mentions]),
        excluded: origin.excluded,
      };
    }
    if (origin?.kind === "edit") return { editingId: origin.messageId, editDraft: origin.draft };
    return {};
  }

  /** The server named the answer (`start`): swap the placeholder's key for the real id. */
  private rename(id: string): void {
    const live = this.state.live;
    if (!live) return;
    const { [live.key]: placeholder, ...rest } = this.state.messages;
    this.set({
      order: this.state.order.map((key) => (key === live.key ? id : key)),
      messages: { ...rest, [id]: { ...(placeholder as ChatMessage), id } },
      live: { ...live, key: id },
    });
  }

  private patchLive(patch: Partial<LiveTurn>): void {
    const live = this.state.live;
    if (live) this.set({ live: { ...live, ...patch } });
  }

  private scheduleFlush(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.flush());
    // Background tabs get no animation frames; keep the message current there at a slow pace.
    this.timer ??= setTimeout(() => this.flush(), 250);
  }

  /** Publishes the folded turn to React: one state change per frame, touching only the live message. */
  private flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
    const live = this.state.live;
    const snapshot = this.turn?.fold.snapshot();
    if (!live || !snapshot) return;
    const now = Date.now();
    const firstOutputAt = live.firstOutputAt ?? (snapshot.outputChars > 0 ? now : null);
    let liveTps = live.liveTps;
    if (firstOutputAt !== null && now - this.lastTpsAt >= LIVE_TPS_INTERVAL_MS && now - firstOutputAt >= 200) {
      liveTps = Math.round(snapshot.outputChars / CHARS_PER_TOKEN / ((now - firstOutputAt) / 1000));
      this.lastTpsAt = now;
    }
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
        const detail = await chatApi.session(sessionId);
        if (this.state.sessionId === sessionId && !this.state.live) this.showDetail(detail);
      } catch {
        // Still showing what we have; the next session switch reads it again.
      }
    }, delayMs);
  }

  // ── Checkpoints and export ───────────────────────────────────────────────────────────────────

  /** Paths a restore to before `messageId` would put back: this turn's and every later turn's. */
  restorablePaths(messageId: string): string[] {
    const { checkpoints, order } = this.state;
    const from = order.indexOf(messageId);
    return unique(checkpoints.filter((c) => c.messageId === messageId || order.indexOf(c.messageId) > from).flatMap((c) => c.paths));
  }

  async restore(messageId: string): Promise<boolean> {
    const sessionId = this.state.sessionId;
    if (!sessionId) return false;
    try {
      const result = await chatApi.restore(sessionId, messageId);
      const restoredAt = new Date().toISOString();
      const restored = new Set(result.restoredMessageIds);
      this.set({ checkpoints: this.state.checkpoints.map((c) => (restored.has(c.messageId) ? { ...c, restoredAt } : c)) });
      const paths = result.files.map((f) => f.path);
      this.host.onFilesRestored(paths);
      toast.success(paths.length ? `Restored ${paths.length === 1 ? paths[0] : `${paths.length} files`} to before this turn.` : "Nothing to restore: the files already match.");
      return true;
    } catch (error) {
      toast.error(`Could not restore: ${errorOf(error).message}`);
      return false;
    }
  }

  async downloadPatch(): Promise<void> {
    const sessionId = this.state.sessionId;
    if (!sessionId) return;
    try {
      const patch = await chatApi.patch(sessionId);
      if (!patch) {
        toast.info("No accepted edits in this session yet.");
        return;
      }
      const url = URL.createObjectURL(new Blob([patch.text], { type: "text/x-diff" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = patch.filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      toast.error(`Could not download the patch: ${errorOf(error).message}`);
    }
  }

  /** Stops a running turn and timers (the pane unmounted). The controller can be used again. */
  dispose(): void {
    this.stop();
    if (this.frame) cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    clearTimeout(this.reconcileTimer);
    this.frame = 0;
    this.timer = undefined;
  }
}

export function createChatController(options: ChatControllerOptions): ChatController {
  return new ChatController(options);
}
