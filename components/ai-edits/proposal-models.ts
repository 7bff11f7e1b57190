import type { EditorService } from "@/components/monaco/editor-service";
import type { TextModel } from "@/components/monaco/editor-types";
import { resolveLanguage, viewLanguageId } from "@/components/monaco/languages";
import { firstEditedLine, isHeld, MergedDoc, planDecorations, reconcile, type DecorationSet, type EditorBatch, type HeldDecoration, type WantedDecoration } from "@/lib/edit-planner";

import { toDecoration, viewOfModel } from "./decorations";
import { shouldDetachView } from "./frame-budget";
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
      if (edits.length > 0) {
        slot.model.applyEdits(edits);
        // Its decorations may have moved anywhere: the next delta reads them all.
        slot.decorations = slot.decorations.map((d) => ({ ...d, range: null }));
      }
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
    // Its bracket pairs are never coloured (the proposal editor turns that off), but a model that
    // allows it builds Monaco's bracket tree on first render and then folds every later edit into
    // it, shown or not: a quarter of what the page allocated while a hidden rewrite streamed.
    model.updateOptions({ bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false } });
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
    const editor = this.editor();
    if (editor && slot.model && shouldDetachView(batch.edits.length)) editor.applyDetached(slot.model, () => this.applyBatch(slot, batch));
    else this.applyBatch(slot, batch);
  }

  applyBatch(slot: Slot, batch: Pick<EditorBatch, "edits" | "decorations">): void {
    const model = slot.model;
    if (!model || model.isDisposed()) return;
    if (batch.edits.length > 0) model.applyEdits(batch.edits);
    this.decorate(slot, batch.decorations, firstEditedLine([batch.edits]));
  }

  /**
   * Batches in order (a decision per hunk: accept-all of a rewrite is a hundred). Each carries the
   * full decoration set, so only the last one's is applied; many edits run with the view detached.
   */
  applyBatches(slot: Slot, batches: readonly EditorBatch[]): void {
    const model = slot.model;
    const last = batches.at(-1);
    if (!model || model.isDisposed() || !last) return;
    const run = () => {
      for (const batch of batches) if (batch.edits.length > 0) model.applyEdits(batch.edits);
      this.decorate(slot, last.decorations, firstEditedLine(batches.map((batch) => batch.edits)));
    };
    const editor = this.editor();
    if (editor && shouldDetachView(batches.reduce((n, batch) => n + batch.edits.length, 0))) editor.applyDetached(model, run);
    else run();
  }

  dispose(slot: Slot): void {
    const model = slot.model;
    if (!model) return;
    slot.model = null;
    slot.decorations = [];
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

  /**
   * Only the decorations that differ from what the model shows change; those the view kept (by
   * identity) are not compared, and only those at or below `editedFrom` (the first line the batch's
   * edits touched) are read back from the model (lib/edit-planner/decoration-delta.ts).
   */
  private decorate(slot: Slot, set: DecorationSet, editedFrom: number): void {
    const model = slot.model;
    if (!model || model.isDisposed()) return;
    const { next, remove } = planDecorations(slot.decorations, set, editedFrom, (id) => model.getDecorationRange(id));
    const add = next.filter((d): d is WantedDecoration => !isHeld(d));
    const ids = remove.length === 0 && add.length === 0 ? [] : model.deltaDecorations(remove, add.map((d) => toDecoration(d.kind, d.range)));
    // New ones as the model holds them (it clamps to its lines), as a read would give them; in the
    // set's order, which the next plan relies on.
    let added = 0;
    for (let i = 0; i < next.length; i++) {
      const d = next[i]!;
      if (isHeld(d)) continue;
      const id = ids[added++]!;
      next[i] = { id, kind: d.kind, range: model.getDecorationRange(id), source: d.range };
    }
    slot.decorations = next as HeldDecoration[];
  }
}
