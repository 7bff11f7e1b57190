import { createStore, type StoreApi } from "zustand/vanilla";

import { noticeView } from "./file-view";
import type { AiEditsState, AiFileView, PendingReview } from "./types";

const NOTICE_MS = 8000;

/**
 * The per-file views React reads (the bar, badges, proposal widgets), and the notices that dismiss
 * themselves. Changes on decisions and turn events, never per frame.
 */
export class AiFilesStore {
  readonly store: StoreApi<AiEditsState> = createStore<AiEditsState>(() => ({ files: {} }));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly noticeMs = NOTICE_MS) {}

  get files(): Record<string, AiFileView> {
    return this.store.getState().files;
  }

  /** Per file under review: what is left to decide (notices are not reviews). */
  pending(): PendingReview[] {
    return Object.values(this.files)
      .filter((f) => f.phase !== "notice")
      .map((f) => ({ path: f.path, messageId: f.messageId, phase: f.phase, pending: f.pending, total: f.total }));
  }

  put(view: AiFileView): void {
    this.store.setState({ files: { ...this.files, [view.path]: view } });
  }

  remove(path: string): void {
    const { [path]: _gone, ...files } = this.files;
    this.store.setState({ files });
  }

  /** Shows `text` on the file's view (or on its own), for a few seconds. */
  notify(path: string, text: string): void {
    const current = this.files[path];
    this.put(current ? { ...current, notice: text } : noticeView(path, text));
    clearTimeout(this.timers.get(path));
    this.timers.set(
      path,
      setTimeout(() => this.dismissNotice(path), this.noticeMs),
    );
  }

  dismissNotice(path: string): void {
    clearTimeout(this.timers.get(path));
    this.timers.delete(path);
    const current = this.files[path];
    if (!current?.notice) return;
    if (current.phase === "notice") this.remove(path);
    else this.put({ ...current, notice: null });
  }

  reset(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.store.setState({ files: {} });
  }
}
