import { expect, type Download, type Locator, type Page } from "@playwright/test";

export type MessageStatus = "pending" | "streaming" | "complete" | "stopped" | "failed";

/**
 * The AI chat pane (components/chat). Locators go by data-testid and role; messages carry
 * `data-role` (user | assistant), `data-status` (pending | streaming | complete | stopped | failed)
 * and `data-message-id`. The controller is also on `window.__waferChat` for state assertions.
 */
export class ChatPane {
  readonly root: Locator;
  readonly input: Locator;
  readonly sendButton: Locator;
  readonly stopButton: Locator;
  readonly messages: Locator;
  readonly contextMeter: Locator;
  readonly modelPicker: Locator;
  readonly modeToggle: Locator;
  readonly sessionSwitcher: Locator;
  readonly notice: Locator;
  readonly demoNotice: Locator;
  readonly emptyState: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("chat-pane");
    this.input = this.root.getByTestId("chat-input");
    this.sendButton = this.root.getByTestId("send-button");
    this.stopButton = this.root.getByTestId("stop-button");
    this.messages = this.root.getByTestId("message");
    this.contextMeter = this.root.getByTestId("context-meter");
    this.modelPicker = this.root.getByTestId("model-picker");
    this.modeToggle = this.root.getByTestId("mode-toggle");
    this.sessionSwitcher = this.root.getByTestId("session-switcher");
    this.notice = this.root.getByTestId("chat-notice");
    this.demoNotice = this.root.getByTestId("demo-notice");
    this.emptyState = this.root.getByTestId("chat-empty");
  }

  /** The pane is hydrated and its sessions and models have loaded. */
  async waitForReady(): Promise<void> {
    await expect(this.root).toBeVisible();
    await this.page.waitForFunction(() => window.__waferChat?.state.phase === "ready");
    await expect(this.modelPicker).toBeEnabled();
  }

  // ── Sending ──────────────────────────────────────────────────────────────────────────────────

  /** Types `text` and presses Enter; resolves once the answer has started (its placeholder shows). */
  async send(text: string): Promise<void> {
    const before = await this.assistantMessages().count();
    await this.input.fill(text);
    await this.input.press("Enter");
    await expect(this.assistantMessages()).toHaveCount(before + 1);
  }

  /** Sends and waits for the answer to end; returns its final status. */
  async ask(text: string): Promise<MessageStatus> {
    await this.send(text);
    return this.waitForAssistantDone();
  }

  async stop(): Promise<void> {
    await this.stopButton.click();
    await expect(this.sendButton).toBeVisible();
  }

  /** Waits until the last answer is neither pending nor streaming; returns how it ended. */
  async waitForAssistantDone({ timeout = 30_000 }: { timeout?: number } = {}): Promise<MessageStatus> {
    // A plain DOM poll: expect()'s retries snapshot the page's accessibility tree on every miss,
    // which is heavy enough to distort streaming measurements.
    const status = await this.page.waitForFunction(
      () => {
        const answers = document.querySelectorAll('[data-testid="chat-pane"] [data-testid="message"][data-role="assistant"]');
        const status = answers[answers.length - 1]?.getAttribute("data-status");
        return status === "complete" || status === "stopped" || status === "failed" ? status : null;
      },
      undefined,
      { timeout, polling: 100 },
    );
    await expect(this.stopButton).toBeHidden();
    return (await status.jsonValue()) as MessageStatus;
  }

  /** Waits until the last answer is streaming visible text. */
  async waitForStreaming(): Promise<void> {
    await expect(this.lastAssistant()).toHaveAttribute("data-status", "streaming");
  }

  // ── Reading the thread ───────────────────────────────────────────────────────────────────────

  userMessages(): Locator {
    return this.root.locator('[data-testid="message"][data-role="user"]');
  }

  assistantMessages(): Locator {
    return this.root.locator('[data-testid="message"][data-role="assistant"]');
  }

  lastAssistant(): Locator {
    return this.assistantMessages().last();
  }

  lastUser(): Locator {
    return this.userMessages().last();
  }

  async lastAssistantText(): Promise<string> {
    return textOf(this.lastAssistant());
  }

  /** The last assistant message as the server stored it (`GET /api/sessions/:id`), once it is stored. */
  async storedLastAssistant(): Promise<{ status: MessageStatus; text: string }> {
    const sessionId = await this.page.evaluate(() => window.__waferChat?.state.sessionId ?? null);
    expect(sessionId).not.toBeNull();
    let stored: { status: MessageStatus; text: string } | null = null;
    await expect
      .poll(async () => {
        const response = await this.page.request.get(`/api/sessions/${sessionId}`);
        const detail = (await response.json()) as { messages: { role: string; status: MessageStatus; parts: { type: string; text?: string }[] }[] };
        const last = detail.messages.at(-1);
        stored = last?.role === "assistant" && last.status !== "streaming" ? { status: last.status, text: last.parts.flatMap((p) => (p.type === "text" ? [p.text ?? ""] : [])).join("\n").trim() } : null;
        return stored !== null;
      })
      .toBe(true);
    return stored!;
  }

  async lastAssistantStatus(): Promise<MessageStatus> {
    return (await this.lastAssistant().getAttribute("data-status")) as MessageStatus;
  }

  async lastAssistantId(): Promise<string> {
    return (await this.lastAssistant().getAttribute("data-message-id")) ?? "";
  }

  /** Tool cards of the last answer, e.g. to read "apply_patch → src/a.ts +1 −1". */
  toolCards(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("tool-card");
  }

  /** The error box of a failed answer ("Failed before the first token." / "Interrupted…"). */
  messageError(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("message-error");
  }

  statusBadge(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("status-badge");
  }

  /** The per-answer speed HUD; `liveTps()` while it streams. */
  speedHud(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("speed-hud");
  }

  liveTps(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("live-tps");
  }

  /** The countdown of a rate-limited answer (`data-remaining` holds the seconds left). */
  rateLimitCountdown(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("rate-limit-countdown");
  }

  async rateLimitRemaining(message: Locator = this.lastAssistant()): Promise<number> {
    return Number(await this.rateLimitCountdown(message).getAttribute("data-remaining"));
  }

  // ── Per-message actions ──────────────────────────────────────────────────────────────────────

  /** Retry a failed last answer (the server answers its question again). */
  async retry(): Promise<void> {
    await this.lastAssistant().getByTestId("retry-button").click();
  }

  async regenerate(): Promise<void> {
    await this.lastAssistant().getByTestId("regenerate-button").click();
  }

  /** Edit a user message (0 = first) and send it again, replacing it and everything after. */
  async editAndResend(index: number, text: string): Promise<void> {
    const message = this.userMessages().nth(index);
    await message.hover();
    await message.getByTestId("edit-button").click();
    const box = this.root.getByTestId("edit-input");
    await box.fill(text);
    await box.press("Enter");
  }

  /** "Restore to before this turn" on an answer (the last by default), confirming the dialog. */
  async restoreTurn(message: Locator = this.lastAssistant()): Promise<void> {
    await message.hover();
    await message.getByTestId("restore-button").click();
    await this.page.getByTestId("choice-dialog").getByRole("button", { name: "Restore" }).click();
  }

  restoreButton(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("restore-button");
  }

  // ── Composer context ─────────────────────────────────────────────────────────────────────────

  /** Chips above the composer: kind is active-file, selection or mention. */
  composerChips(kind?: "active-file" | "selection" | "mention"): Locator {
    const chips = this.root.locator('[aria-label="Context for the next message"] [data-testid="context-chip"]');
    return kind ? chips.and(this.root.locator(`[data-kind="${kind}"]`)) : chips;
  }

  async removeChip(kind: "active-file" | "selection" | "mention", path?: string): Promise<void> {
    const chip = path ? this.composerChips(kind).and(this.root.locator(`[data-path="${cssString(path)}"]`)) : this.composerChips(kind).first();
    await chip.getByRole("button").click();
  }

  /** Types `@query` into the composer and picks `path` from the suggestions. */
  async mention(query: string, path: string): Promise<void> {
    await this.input.click();
    await this.input.press("End");
    await this.input.pressSequentially(`@${query}`);
    await this.root.locator(`[data-testid="mention-option"][data-path="${cssString(path)}"]`).click();
    await expect(this.composerChips("mention").and(this.root.locator(`[data-path="${cssString(path)}"]`))).toBeVisible();
  }

  // ── Context meter ────────────────────────────────────────────────────────────────────────────

  /** e.g. "12.4k / 131k tokens". */
  async contextUsage(): Promise<string> {
    return (await this.contextMeter.getByTestId("context-usage").textContent())?.trim() ?? "";
  }

  /** The "Some context was left out to fit: …" notice. */
  contextTrimmedNotice(): Locator {
    return this.contextMeter.getByTestId("context-trimmed");
  }

  async openContextDetails(): Promise<Locator> {
    await this.contextMeter.getByRole("button").first().click();
    const details = this.contextMeter.getByRole("region", { name: "Context details" });
    await expect(details).toBeVisible();
    return details;
  }

  // ── Header: model, mode, sessions, export ────────────────────────────────────────────────────

  async selectModel(modelId: string): Promise<void> {
    await this.modelPicker.selectOption(modelId);
  }

  /** The chat setting that overrides how the model sends edits. */
  async setEditChannel(channel: "auto" | "tools" | "content"): Promise<void> {
    const select = this.root.getByTestId("edit-channel");
    await select.selectOption(channel);
    await expect(select).toHaveValue(channel);
  }

  /** The model picker's option for `id`, as the user reads it. */
  modelOption(id: string): Locator {
    return this.modelPicker.locator(`option[value="${id}"]`);
  }

  /** The speed HUD's note on which channel carried the turn's edits, when it was chosen for prediction. */
  editChannelNote(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("hud-edit-channel");
  }

  /** The speed HUD's Predicted Outputs figures (accepted tokens, time saved). */
  predictionNote(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("hud-prediction");
  }

  /** The speed HUD's note that the model's server sends tool calls whole. */
  toolStreamNote(message: Locator = this.lastAssistant()): Locator {
    return message.getByTestId("hud-tool-stream");
  }

  async setMode(mode: "review" | "auto"): Promise<void> {
    await this.modeToggle.getByRole("radio", { name: mode === "review" ? "Review" : "Auto-apply" }).click();
    await expect(this.modeToggle).toHaveAttribute("data-mode", mode);
  }

  async sessionTitle(): Promise<string> {
    return (await this.root.getByTestId("session-title").textContent())?.trim() ?? "";
  }

  async openSessions(): Promise<Locator> {
    await this.sessionSwitcher.click();
    const list = this.root.getByTestId("session-list");
    await expect(list).toBeVisible();
    return list;
  }

  sessionItem(title: string): Locator {
    return this.root.getByTestId("session-item").filter({ hasText: title });
  }

  async newSession(): Promise<void> {
    await this.root.getByTestId("new-session").click();
    await expect(this.emptyState).toBeVisible();
  }

  async switchSession(title: string): Promise<void> {
    await this.openSessions();
    await this.sessionItem(title).getByRole("button").first().click();
    await expect(this.root.getByTestId("session-title")).toHaveText(title);
  }

  async renameSession(title: string, newTitle: string): Promise<void> {
    await this.openSessions();
    await this.sessionItem(title).getByTestId("session-rename").click();
    const dialog = this.page.getByTestId("rename-dialog");
    await dialog.getByLabel("Session title").fill(newTitle);
    await dialog.getByRole("button", { name: "Rename" }).click();
    await expect(dialog).toBeHidden();
  }

  async deleteSession(title: string): Promise<void> {
    await this.openSessions();
    await this.sessionItem(title).getByTestId("session-delete").click();
    await this.page.getByTestId("choice-dialog").getByRole("button", { name: "Delete" }).click();
  }

  /** Clicks "Download session as patch" and returns the download. */
  async downloadPatch(): Promise<Download> {
    const download = this.page.waitForEvent("download");
    await this.root.getByTestId("download-patch").click();
    return download;
  }
}

async function textOf(message: Locator): Promise<string> {
  const parts = await message.getByTestId("message-text").allInnerTexts();
  return parts.join("\n").trim();
}

function cssString(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}
