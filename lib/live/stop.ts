import "server-only";

import { insertTurnStop, turnStopExists } from "@/db/queries/shares";

import { liveHub, TURN_EVENTS_CHANNEL, type LiveHub } from "./hub";

/**
 * Stop is its own request, so a closed tab or a reload no longer stops a turn: the stop is recorded
 * in Postgres and announced, and whichever instance runs the turn aborts it.
 */
export function requestTurnStop({ sessionId, messageId }: { sessionId: string; messageId: string }): Promise<void> {
  return insertTurnStop({ channel: TURN_EVENTS_CHANNEL, sessionId, messageId });
}

/** How often a running turn looks for a stop row, in case its notification was lost. */
export const STOP_POLL_MS = 1000;

export interface StopWatchDeps {
  hub: Pick<LiveHub, "start" | "onStop">;
  stopExists: (turn: { sessionId: string; messageId: string }) => Promise<boolean>;
  pollMs?: number;
}

const defaultDeps = (): StopWatchDeps => ({ hub: liveHub(), stopExists: turnStopExists });

/**
 * Calls `onStop` once when Stop is recorded for the turn: at its notification, or at the next poll
 * (a notification can be lost). Nothing is read before the first poll interval has passed, so the
 * turn's first token never waits on it, and a short turn costs no statement. Returns the function
 * that ends the watch.
 */
export function watchTurnStop(
  turn: { sessionId: string; messageId: string },
  onStop: () => void,
  deps: StopWatchDeps = defaultDeps(),
): () => void {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    if (done) return;
    end();
    onStop();
  };
  const unsubscribe = deps.hub.onStop(turn, fire);
  const poll = () => {
    timer = setTimeout(async () => {
      // The instance starts its listener at boot (instrumentation.ts); scripts start it here.
      deps.hub.start().catch((error: unknown) => console.error("[live] hub did not start:", error));
      try {
        if (await deps.stopExists(turn)) return fire();
      } catch (error) {
        console.error("[live] checking for a stop failed:", error);
      }
      if (!done) poll();
    }, deps.pollMs ?? STOP_POLL_MS);
    timer.unref?.();
  };
  const end = () => {
    done = true;
    clearTimeout(timer);
    unsubscribe();
  };
  poll();
  return end;
}
