/**
 * How proposal-view work is spread over frames so a keystroke never waits behind it (the budget
 * rules only; ./proposal-models.ts, ./proposal-editor.ts and ./controller.ts apply them).
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

/**
 * A live view no editor shows (the user went to another file) is brought up to date at most this
 * often instead of every frame: nothing on screen reads its text, and a frame's batch costs the same
 * main thread the user types on (a 2,000-line rewrite at 2,000 tok/s: about 330 batches, now 30).
 * Shown again, it catches up in the next frame.
 */
export const HIDDEN_DRAIN_MS = 250;

/** How long a live call's batches wait (0: apply them this frame). */
export function drainWait({ shown, now, drainedAt }: { shown: boolean; now: number; drainedAt: number }): number {
  return shown ? 0 : Math.max(0, drainedAt + HIDDEN_DRAIN_MS - now);
}

/**
 * Per animation frame: the live batches wait while input is pending (a key the page has not
 * handled yet), so the key's handler and its frame come first. At most `maxInRow` frames in a
 * row, so fast typing cannot starve the stream.
 */
export class InputYield {
  private inRow = 0;

  constructor(private readonly maxInRow = 2) {}

  /** Whether to skip this frame's work (and run it next frame). */
  shouldDefer(inputPending: boolean): boolean {
    if (inputPending && this.inRow < this.maxInRow) {
      this.inRow++;
      return true;
    }
    this.inRow = 0;
    return false;
  }
}

/** Chromium's `navigator.scheduling.isInputPending`; false where it does not exist. */
export function inputPending(): boolean {
  const scheduling = (globalThis.navigator as { scheduling?: { isInputPending?: (options?: { includeContinuous?: boolean }) => boolean } } | undefined)?.scheduling;
  return scheduling?.isInputPending?.({ includeContinuous: false }) ?? false;
}
