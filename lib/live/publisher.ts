import "server-only";

import { deleteTurnEventsByMessageId, insertTurnEventBatch } from "@/db/queries/shares";

import { TurnEventBatcher } from "./batcher";
import { TURN_EVENTS_CHANNEL } from "./hub";

/** How long a finished turn's rows stay, so a reader a little behind still reads its end. */
export const FINISHED_TURN_GRACE_MS = 10_000;

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
      setTimeout(() => {
        deleteTurnEventsByMessageId({ messageId }).catch((error: unknown) => console.error("[live] turn events not deleted:", error));
      }, FINISHED_TURN_GRACE_MS).unref?.();
    },
  };
}
