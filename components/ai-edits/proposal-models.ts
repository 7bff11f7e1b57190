import type { EditorService } from "@/components/monaco/editor-service";
import type { TextModel } from "@/components/monaco/editor-types";
import { resolveLanguage, viewLanguageId } from "@/components/monaco/languages";
import { MergedDoc, reconcile, type DecorationSet, type EditorBatch } from "@/lib/edit-planner";

import { toDecorations, viewOfModel } from "./decorations";
import type { AiEditsStats, ProposalEditorPort, Slot } from "./types";

const PROPOSAL_SCHEME = "wafer-proposal";

/**
 * The Monaco side of proposal views: one read-only model per slot (URI scheme `wafer-proposal`),
 * created once and afterwards only edited, so the editor never sees its model replaced.
 */
export class ProposalModels {
  private modelSeq = 0;
  private readonly instrumented = new WeakSet<TextModel>();

  constructor(
    private readonly service: EditorService,
    private readonly editor: () => ProposalEditorPort | null,
    private readonly stats: AiEditsStats,
    /** Edits are streaming: a `setValue` now is counted. */
    private readonly streaming: () => boolean,
  ) {}

  /** Makes the slot's model show `text`: created from it the first time, afterwards reconciled with minimal edits. */
  showText(slot: Slot, text: string): void {
    if (slot.model && !slot.model.isDisposed()) {
      const edits = reconcile(viewOfModel(slot.model), MergedDoc.fromText(text));
      if (edits.length > 0) slot.model.applyEdits(edits);
      return;
    }
    const monaco = this.service.getMonaco();
    if (!monaco) return;
    const uri = monaco.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${slot.path}`, query: String(++this.modelSeq) });
    // Coloured like the file, but under a view language no worker syncs or type-checks: the merged
    // view is never valid code, and a 2,000-line one kept the TypeScript worker busy as it streamed.
    const language = viewLanguageId(resolveLanguage(slot.path, monaco.languages.getLanguages()).id);
    const model = monaco.editor.createModel(text, language, uri);
    if (!text.includes("\r\n")) model.setEOL(monaco.editor.EndOfLineSequence.LF);
    this.instrument(model);
    slot.model = model;
    // Creating a 2,000-line model and attaching it to the editor (layout, first render) are each tens
    // of milliseconds: attached in the next frame, they are two tasks instead of one long one.
    // Edits meanwhile go to the model, which the editor shows as it is when it attaches.
    requestAnimationFrame(() => this.editor()?.refresh());
  }

  /** Turns the slot's model into its review's view with minimal edits (or creates it). */
  showReview(slot: Slot): void {
    const review = slot.review!;
    if (review.wholeFileOnly) {
      this.dispose(slot);
      return;
    }
    const batch = review.session.open(slot.model ? viewOfModel(slot.model) : null);
    if (batch.start) this.showText(slot, batch.start.initialText);
    this.applyBatch(slot, batch);
  }

  applyBatch(slot: Slot, batch: Pick<EditorBatch, "edits" | "decorations">): void {
    const model = slot.model;
    if (!model || model.isDisposed()) return;
    if (batch.edits.length > 0) model.applyEdits(batch.edits);
    this.decorate(slot, batch.decorations);
  }

  applyBatches(slot: Slot, batches: readonly EditorBatch[]): void {
    for (const batch of batches) this.applyBatch(slot, batch);
  }

  dispose(slot: Slot): void {
    const model = slot.model;
    if (!model) return;
    slot.model = null;
    slot.decorationIds = [];
    this.editor()?.refresh();
    model.dispose();
  }

  /** Counts `setValue` on a model while edits stream: the benchmark asserts it never happens. */
  instrument(model: TextModel | null): void {
    if (!model || this.instrumented.has(model)) return;
    this.instrumented.add(model);
    const setValue = model.setValue.bind(model);
    model.setValue = (value) => {
      if (this.streaming()) this.stats.setValueCalls++;
      setValue(value);
    };
  }

  private decorate(slot: Slot, set: DecorationSet): void {
    if (slot.model && !slot.model.isDisposed()) slot.decorationIds = slot.model.deltaDecorations(slot.decorationIds, toDecorations(set));
  }
}
