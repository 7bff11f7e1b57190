import { expect, type Locator, type Page } from "@playwright/test";

import type { AiFilePhase } from "@/components/ai-edits/controller";

import { renderedFontSize } from "./ide-page";

/** Regular expressions (as sources) for the texts of lines a change adds and removes: every other line is context. */
export interface LineKindPatterns {
  added: string;
  removed: string;
}

export interface StreamingRecord {
  phases: string[];
  added: number;
  removed: number;
  /** With LineKindPatterns: the frames whose decorations were checked, and the first line decorated wrong. */
  checkedFrames: number;
  mismatch: { line: number; text: string; expected: string; actual: string; pending: number } | null;
}

/**
 * AI edits in the editor (components/ai-edits): the review bar over the active file, the read-only
 * proposal view (merged inline diff) with Accept/Reject above each hunk, and the tab badge.
 * State comes from `window.__waferAiEdits` where the DOM only shows the visible lines.
 */
export class ReviewPanel {
  readonly bar: Locator;
  readonly progress: Locator;
  readonly acceptAllButton: Locator;
  readonly rejectAllButton: Locator;
  readonly toggleViewButton: Locator;
  readonly notice: Locator;
  readonly proposalView: Locator;
  readonly hunks: Locator;

  constructor(readonly page: Page) {
    this.bar = page.getByTestId("ai-review-bar");
    this.progress = this.bar.getByTestId("review-progress");
    this.acceptAllButton = this.bar.getByTestId("review-accept-all");
    this.rejectAllButton = this.bar.getByTestId("review-reject-all");
    this.toggleViewButton = this.bar.getByTestId("review-toggle-view");
    this.notice = this.bar.getByTestId("ai-notice");
    this.proposalView = page.getByTestId("proposal-view");
    this.hunks = this.proposalView.getByTestId("hunk-controls");
  }

  tabBadge(path: string): Locator {
    return this.page.locator(`[data-testid="editor-tab"][data-path="${cssString(path)}"] [data-testid="ai-tab-badge"]`);
  }

  /** Lines the proposal view renders as added / removed / being written (visible ones only). */
  addedLines(): Locator {
    return this.proposalView.locator(".view-overlays .wafer-ai-added");
  }

  removedLines(): Locator {
    return this.proposalView.locator(".view-overlays .wafer-ai-removed");
  }

  async expectPhase(phase: AiFilePhase): Promise<void> {
    await expect(this.bar).toHaveAttribute("data-phase", phase);
  }

  /** The review is open for the active file and its decisions are enabled (the answer has ended). */
  async waitForReview(hunks: number): Promise<void> {
    await this.expectPhase("review");
    await expect(this.hunks).toHaveCount(hunks);
    await expect(this.hunks.first().getByTestId("hunk-accept")).toBeEnabled();
  }

  async acceptHunk(index: number): Promise<void> {
    await this.decide(index, "accept");
  }

  async rejectHunk(index: number): Promise<void> {
    await this.decide(index, "reject");
  }

  async acceptAll(): Promise<void> {
    await this.acceptAllButton.click();
    await expect(this.bar).toBeHidden();
  }

  async rejectAll(): Promise<void> {
    await this.rejectAllButton.click();
    await expect(this.bar).toBeHidden();
  }

  /**
   * Starts watching `path` in the page, every animation frame: the phases it goes through and the
   * most added/removed lines the proposal view rendered while the edit was still streaming in.
   * Read it with `streamingRecord()`. (Polling from the test could miss a fast stream.)
   */
  async recordStreaming(path: string, kinds?: LineKindPatterns): Promise<void> {
    await this.page.evaluate(({ p, kinds }) => {
      const record: StreamingRecord = { phases: [], added: 0, removed: 0, checkedFrames: 0, mismatch: null };
      (window as unknown as { __reviewRecord: typeof record }).__reviewRecord = record;
      const phaseNow = () => window.__waferAiEdits?.state.files[p]?.phase ?? "none";
      const count = (view: Element) => {
        if (phaseNow() !== "streaming") return;
        record.added = Math.max(record.added, view.querySelectorAll(".view-overlays .wafer-ai-added").length);
        record.removed = Math.max(record.removed, view.querySelectorAll(".view-overlays .wafer-ai-removed").length);
      };
      // Overlays are also counted when Monaco draws them, not only at the next frame: on a loaded
      // machine frames are a second apart, and the next one may already be the review's.
      let observer: MutationObserver | null = null;
      const watch = () => {
        // Looked up each frame: the view may mount after recording starts.
        const view = document.querySelector('[data-testid="proposal-view"]');
        const phase = phaseNow();
        if (record.phases.at(-1) !== phase) record.phases.push(phase);
        if (view && !observer) {
          observer = new MutationObserver(() => count(view));
          observer.observe(view, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
        }
        if (view) count(view);
        if (kinds && phase === "streaming") check();
        if (phase !== "review") requestAnimationFrame(watch);
        else observer?.disconnect();
      };
      // Each frame: every line above the one being written is decorated as its text says it must be.
      const added = kinds ? new RegExp(kinds.added) : null;
      const removed = kinds ? new RegExp(kinds.removed) : null;
      const check = () => {
        const model = window.__waferAiEdits?.shownModel(p);
        if (!model || record.mismatch) return;
        const shown = new Map<number, string>();
        let pending: number | null = null;
        for (const decoration of model.getAllDecorations()) {
          const name = decoration.options.className ?? "";
          if (name === "wafer-ai-pending") pending = decoration.range.startLineNumber;
          else if (name === "wafer-ai-added" || name === "wafer-ai-removed") {
            for (let line = decoration.range.startLineNumber; line <= decoration.range.endLineNumber; line++) shown.set(line, name);
          }
        }
        if (pending === null) return;
        record.checkedFrames++;
        for (let line = 1; line < pending; line++) {
          const text = model.getLineContent(line);
          const expected = added!.test(text) ? "wafer-ai-added" : removed!.test(text) ? "wafer-ai-removed" : "none";
          const actual = shown.get(line) ?? "none";
          if (actual !== expected) {
            record.mismatch = { line, text, expected, actual, pending };
            return;
          }
        }
      };
      requestAnimationFrame(watch);
    }, { p: path, kinds });
  }

  async streamingRecord(): Promise<StreamingRecord> {
    return this.page.evaluate(() => (window as unknown as { __reviewRecord: StreamingRecord }).__reviewRecord);
  }

  /** What is left to review, per file. */
  async pending(): Promise<{ path: string; phase: AiFilePhase; pending: number; total: number }[]> {
    return this.page.evaluate(() => window.__waferAiEdits?.pending() ?? []);
  }

  /** The font size (px) the proposal view renders its lines at. */
  async lineFontSize(): Promise<number> {
    return renderedFontSize(this.proposalView.locator(".view-line").first());
  }

  /** The distinct token colours (Monaco's `mtkN` classes) on the proposal view's rendered lines. */
  async proposalTokenColours(): Promise<string[]> {
    const classes = await this.proposalView.locator(".view-lines .view-line span span").evaluateAll((spans) => spans.flatMap((span) => [...span.classList]));
    return [...new Set(classes.filter((name) => /^mtk\d+$/.test(name)))];
  }

  /**
   * Every animation frame until the last answer stops streaming: how often the proposal model of
   * `path` changed, in how many frames, and over how long from its first change.
   */
  async proposalChangesWhileStreaming(path: string): Promise<{ changes: number; frames: number; ms: number }> {
    return this.page.evaluate(
      (p) =>
        new Promise<{ changes: number; frames: number; ms: number }>((resolve) => {
          const version = () => window.__waferAiEdits?.proposalVersion(p) ?? null;
          const streaming = () => [...document.querySelectorAll('[data-testid="message"][data-role="assistant"]')].at(-1)?.getAttribute("data-status") === "streaming";
          let first: number | null = null;
          let last = version();
          let changes = 0;
          let frames = 0;
          const frame = () => {
            if (!streaming()) return resolve({ changes, frames, ms: first === null ? 0 : performance.now() - first });
            frames++;
            const now = version();
            if (now !== last) {
              changes++;
              first ??= performance.now();
            }
            last = now;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
      path,
    );
  }

  async proposalText(path: string): Promise<string | null> {
    return this.page.evaluate((p) => window.__waferAiEdits?.proposalText(p) ?? null, path);
  }

  async stats(): Promise<{ setValueCalls: number; editBatches: number; maxBatchMs: number }> {
    return this.page.evaluate(() => {
      const stats = window.__waferAiEdits?.stats;
      return { setValueCalls: stats?.setValueCalls ?? -1, editBatches: stats?.editBatches ?? -1, maxBatchMs: stats?.maxBatchMs ?? -1 };
    });
  }

  private async decide(index: number, kind: "accept" | "reject"): Promise<void> {
    const before = await this.hunks.count();
    await this.hunks.nth(index).getByTestId(`hunk-${kind}`).click();
    // The last decision closes the review; any other leaves one hunk fewer.
    if (before > 1) await expect(this.hunks).toHaveCount(before - 1);
    else await expect(this.bar).toBeHidden();
  }
}

function cssString(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}
