/**
 * How proposal-view work is spread over frames so a keystroke never waits behind it (the budget
 * rules only; ./proposal-models.ts, ./proposal-editor.ts and ./controller.ts apply them; the
 * per-frame yield to pending keys is `InputYield` in components/frame-scheduler.ts).
 */

/**
 * Applying many edits to a model an editor shows costs per edit (every view part handles every
 * change): review open's reconcile of a 2,000-line rewrite (~200 edits) took 110–150 ms. Detached,
 * the same edits take a few ms and re-attaching is one render (~20–30 ms) in the next frame.
 */
export const DETACH_VIEW_AT_EDITS = 24;

export function shouldDetachView(editCount: number): boolean {
  return editCount >= DETACH_VIEW_AT_EDITS;
}
