import type { EditorService } from "@/components/monaco/editor-service";

import { fileView, pendingConflicts } from "./file-view";
import type { ProposalModels } from "./proposal-models";
import type { TurnLedger } from "./turn-ledger";
import { newSlot, type AiEditsHost, type ProposalEditorPort, type Slot } from "./types";
import type { AiFilesStore } from "./view-store";

/**
 * The per-path slots (proposal model, live call, review) and how each is shown: its tab, and its
 * view in the store, published on decisions and turn events, never per frame.
 */
export class Slots {
  private readonly map = new Map<string, Slot>();

  constructor(
    private readonly deps: {
      service: EditorService;
      host: AiEditsHost;
      models: ProposalModels;
      views: AiFilesStore;
      turns: TurnLedger;
      editor: () => ProposalEditorPort | null;
    },
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(path: string): Slot | undefined {
    return this.map.get(path);
  }

  /** A copy, so callers may close slots while iterating. */
  values(): Slot[] {
    return [...this.map.values()];
  }

  /** The slot is still the one shown for its path. */
  isCurrent(slot: Slot): boolean {
    return this.map.get(slot.path) === slot;
  }

  create(path: string): Slot {
    const slot = newSlot(path);
    this.map.set(path, slot);
    return slot;
  }

  close(slot: Slot): void {
    if (!this.isCurrent(slot)) return;
    this.map.delete(slot.path);
    this.deps.models.dispose(slot);
    this.deps.views.remove(slot.path);
  }

  /** The review is done: remembered as finished, closed, and a rejected new file's tab goes too. */
  finish(slot: Slot): void {
    if (slot.review) this.deps.turns.markFinished(slot.review.messageId, slot.path);
    const rejectedNewFile = slot.placeholder && !this.deps.service.getModel(slot.path);
    this.close(slot);
    if (rejectedNewFile) void this.deps.service.closeFile(slot.path, { force: true });
  }

  openTab(slot: Slot, { activate }: { activate: boolean }): void {
    const { service, host } = this.deps;
    if (service.getModel(slot.path) || host.fileExists(slot.path)) {
      void service.openFile(slot.path, { activate, focus: false });
    } else {
      slot.placeholder = true;
      service.openPlaceholderTab(slot.path, { activate });
    }
  }

  publish(slot: Slot): void {
    if (!this.isCurrent(slot)) return;
    const review = slot.live ? null : slot.review;
    const view = fileView(slot, {
      turnOpen: review ? this.deps.turns.isOpen(review.messageId) : false,
      conflicts: pendingConflicts(slot.review, this.deps.service.getModel(slot.path)?.getValue() ?? null),
      notice: this.deps.views.files[slot.path]?.notice ?? null,
    });
    slot.current = view.current;
    this.deps.views.put(view);
    this.deps.editor()?.refresh();
  }
}
