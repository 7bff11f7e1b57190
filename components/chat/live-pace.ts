import { InputYield } from "@/components/frame-scheduler";
import type { FoldedTurn } from "@/lib/chat/fold";

/**
 * While only counters move (a tool call's input streaming: its card's "120 lines · 4.1 kB" and the
 * HUD's ≈ tokens), the live message reaches React this often instead of every frame: a 2,000-line
 * rewrite otherwise re-renders, lays out and paints the chat pane 60 times a second, CPU that keys
 * typed meanwhile wait for on a 2-core machine.
 */
export const COUNTERS_INTERVAL_MS = 100;

/** Whether `next` differs from `shown` only in counters (tool input progress, output characters). */
export function onlyCountersChanged(shown: FoldedTurn, next: FoldedTurn): boolean {
  const a = shown.message;
  const b = next.message;
  if (a.parts.length !== b.parts.length || a.parts.some((part, i) => part !== b.parts[i])) return false;
  return (
    a.id === b.id &&
    a.status === b.status &&
    a.model === b.model &&
    a.metrics === b.metrics &&
    a.error === b.error &&
    a.proposals === b.proposals &&
    shown.context === next.context &&
    shown.ended === next.ended &&
    Object.keys(shown.toolProgress).length === Object.keys(next.toolProgress).length &&
    Object.entries(next.toolProgress).every(([id, progress]) => shown.toolProgress[id]?.target === progress.target)
  );
}

/**
 * When the live message is published to React (per animation frame, see ./turn-runner.ts): text,
 * parts and status at once; counter-only changes at most every {@link COUNTERS_INTERVAL_MS}; and
 * nothing while a key is pending (at most two frames in a row), so the key's frame comes first.
 */
export class LivePace {
  private shown: FoldedTurn | null = null;
  private shownAt = -Infinity;
  private readonly input = new InputYield();

  /** Whether to publish `next` now; otherwise look again next frame. */
  shouldPublish(next: FoldedTurn, now: number, inputPending: boolean): boolean {
    if (next === this.shown) return false;
    if (this.shown && onlyCountersChanged(this.shown, next) && now - this.shownAt < COUNTERS_INTERVAL_MS) return false;
    if (this.input.shouldDefer(inputPending)) return false;
    this.published(next, now);
    return true;
  }

  /** Records a publish made without asking (the turn's end publishes whatever it holds). */
  published(next: FoldedTurn, now: number): void {
    this.shown = next;
    this.shownAt = now;
  }

  /** Whether `next` has not been published yet. */
  behind(next: FoldedTurn): boolean {
    return next !== this.shown;
  }

  reset(): void {
    this.shown = null;
    this.shownAt = -Infinity;
  }
}
