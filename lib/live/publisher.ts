import "server-only";

import { deleteTurnEventsByMessageIds, insertTurnEventBatch } from "@/db/queries/shares";

import { TurnEventBatcher } from "./batcher";
import { TURN_EVENTS_CHANNEL } from "./hub";

/** How long a finished turn's rows stay at least, so a reader a little behind still reads its end. */
export const FINISHED_TURN_GRACE_MS = 10_000;
/**
 * Finished turns' rows go in one statement per sweep, at most one sweep this often, so they stay
 * between the grace period and this much longer. A statement per turn cost PGlite, which runs it on
 * the app's event loop, about 1.2 ms ten seconds after every turn: in the bench it landed inside a
 * quarter of the later turns' time to first token.
 */
export const FINISHED_TURN_SWEEP_MS = 5_000;

export interface TurnSweeperDeps {
  deleteTurns: (messageIds: string[]) => Promise<void>;
  now?: () => number;
  graceMs?: number;
  sweepMs?: number;
}

/** This instance's finished turns whose rows it still has to delete (only this instance needs them). */
export class FinishedTurnSweeper {
  private readonly pending: { messageId: string; finishedAt: number }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;
  private readonly graceMs: number;
  private readonly sweepMs: number;

  constructor(private readonly deps: TurnSweeperDeps) {
    this.now = deps.now ?? Date.now;
    this.graceMs = deps.graceMs ?? FINISHED_TURN_GRACE_MS;
    this.sweepMs = deps.sweepMs ?? FINISHED_TURN_SWEEP_MS;
  }

  finished(messageId: string): void {
    this.pending.push({ messageId, finishedAt: this.now() });
    this.schedule();
  }

  /** Waits for the oldest turn's grace and one sweep interval more, to take the turns after it along. */
  private schedule(): void {
    const oldest = this.pending[0];
    if (this.timer || !oldest) return;
    const wait = Math.max(0, oldest.finishedAt + this.graceMs + this.sweepMs - this.now());
    this.timer = setTimeout(() => void this.sweep(), wait);
    this.timer.unref?.();
  }

  private async sweep(): Promise<void> {
    const due = this.now() - this.graceMs;
    let count = 0;
    while (count < this.pending.length && this.pending[count]!.finishedAt <= due) count += 1;
    const messageIds = this.pending.splice(0, count).map((turn) => turn.messageId);
    try {
      if (messageIds.length) await this.deps.deleteTurns(messageIds);
    } catch (error) {
      console.error("[live] turn events not deleted:", error);
    } finally {
      this.timer = null;
      this.schedule();
    }
  }
}

const sweeper = new FinishedTurnSweeper({ deleteTurns: (messageIds) => deleteTurnEventsByMessageIds({ messageIds }) });

export interface TurnPublisher {
  /** A copy of one chunk the owner's browser was sent; never waits. */
  push(chunk: unknown): void;
  /** Flushes what is left; the rows are deleted after a grace period (the message is stored by then). */
  close(): Promise<void>;
}

let batchesWritten = 0;
/** Batches this process wrote (each one statement), so statement budgets can tell them apart. */
export const liveBatchCount = () => batchesWritten;

/** Copies one turn's chunks into turn_events for followers on any instance (lib/live/follow.ts). */
export function publishTurn({ sessionId, messageId }: { sessionId: string; messageId: string }): TurnPublisher {
  const batcher = new TurnEventBatcher(
    (seq, parts) => {
      batchesWritten += 1;
      return insertTurnEventBatch({ channel: TURN_EVENTS_CHANNEL, sessionId, messageId, seq, parts });
    },
    {
      onError: (error) => console.error("[live] turn event batch not written:", error),
    },
  );
  return {
    push: (chunk) => batcher.push(chunk),
    close: async () => {
      await batcher.close();
      sweeper.finished(messageId);
    },
  };
}
