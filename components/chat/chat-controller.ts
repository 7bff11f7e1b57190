import { createStore, type StoreApi } from "zustand/vanilla";

import { toast } from "@/components/ui/toast";
import type { EditChannelPreference, EditMode, SessionDetail } from "@/lib/chat/contract";
import type { ChatMessage } from "@/lib/chat/messages";
import { AppError } from "@/lib/errors";

import { chatApi, newId } from "./chat-api";
import { initialChatState, type ChatControllerOptions, type ChatHost, type ChatState, type SendInput, type TurnResult } from "./chat-state";
import { ChatPrefs } from "./prefs";
import { restorablePaths, threadOf, withAcceptedEdits } from "./thread";
import { buildContext, contextChips, turnOrigin } from "./turn-input";
import { errorOf, TurnRunner } from "./turn-runner";

export type { ChatState, EditorContextSnapshot, LiveTurn } from "./chat-state";

const noHost: ChatHost = {
  editorContext: () => ({ openFiles: [], diagnostics: [] }),
  beforeSend: async () => {},
  onFilesRestored: () => {},
};

/**
 * The chat pane's client-side state and actions: models, sessions, the composer, checkpoints. A
 * turn's transport (request, stream fold, per-frame publishing) is ./turn-runner.ts; the pure parts
 * are ./turn-input.ts (context, giving refused text back) and ./thread.ts (the thread's shape).
 * Shared by the pane and the editor's inline edit, so both go through one pipeline.
 */
export class ChatController {
  readonly store: StoreApi<ChatState>;
  private host: ChatHost = noHost;
  private readonly prefs: ChatPrefs;
  private initialized = false;
  private readonly turns: TurnRunner;

  constructor(readonly options: ChatControllerOptions) {
    this.prefs = new ChatPrefs(options.userId ?? "", options.defaultMode);
    this.store = createStore<ChatState>(() => initialChatState());
    this.turns = new TurnRunner({
      store: this.store,
      editBus: options.editBus,
      ensureSession: () => this.ensureSession(),
      beforeSend: () => this.host.beforeSend(),
      refreshSessions: () => this.refreshSessions(),
      loadSession: (sessionId) => chatApi.session(sessionId),
      showDetail: (detail) => this.showDetail(detail),
    });
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
    this.set({ mode: this.prefs.mode, editChannel: this.prefs.editChannel, phase: "loading", loadError: null });
    const [models, sessions] = await Promise.allSettled([chatApi.models(this.options.projectId), chatApi.sessions(this.options.projectId)]);
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
      // An answer still streaming (a reload mid-answer, another device) continues live here.
      void this.turns.resume(sessionId);
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
    this.set({ ...threadOf(detail), sessionStatus: "idle", sessionError: null });
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

  setEditChannel(editChannel: EditChannelPreference): void {
    this.prefs.editChannel = editChannel;
    this.set({ editChannel });
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
    this.set({ checkpoints: withAcceptedEdits(this.state.checkpoints, messageId, paths, new Date().toISOString()) });
  }

  // ── Turns ────────────────────────────────────────────────────────────────────────────────────

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

    const context = buildContext(input, this.host.editorContext, this.state.excluded);
    const userMessageId = newId();
    const user: ChatMessage = { id: userMessageId, role: "user", parts: [{ type: "text", text }], status: "complete", context: contextChips(context), createdAt: new Date().toISOString() };
    const { order } = this.state;
    const cut = input.replaceFromMessageId ? order.indexOf(input.replaceFromMessageId) : -1;
    const kept = cut >= 0 ? order.slice(0, cut) : order;
    const origin = turnOrigin(input, this.state);

    return this.turns.run({
      keptOrder: [...kept, userMessageId],
      added: [user],
      userMessageId,
      origin,
      replacing: cut >= 0,
      request: (sessionId) => ({
        sessionId,
        ...(this.state.model ? { model: this.state.model } : {}),
        mode: this.state.mode,
        editChannel: this.state.editChannel,
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
    const context = buildContext({ text: "" }, this.host.editorContext, this.state.excluded);
    return this.turns.run({
      keptOrder: order.slice(0, index),
      added: [],
      userMessageId,
      origin: null,
      replacing: true,
      request: (sessionId) => ({
        sessionId,
        ...(this.state.model ? { model: this.state.model } : {}),
        mode: this.state.mode,
        editChannel: this.state.editChannel,
        regenerateMessageId: assistantId,
        context,
      }),
    });
  }

  /** Stops the streaming answer: the fetch is aborted, so the server aborts the model and saves it as stopped. */
  stop(): void {
    this.turns.stop();
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

  // ── Checkpoints and export ───────────────────────────────────────────────────────────────────

  /** Paths a restore to before `messageId` would put back: this turn's and every later turn's. */
  restorablePaths(messageId: string): string[] {
    return restorablePaths(this.state.checkpoints, this.state.order, messageId);
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
    this.turns.dispose();
  }
}

export function createChatController(options: ChatControllerOptions): ChatController {
  return new ChatController(options);
}
