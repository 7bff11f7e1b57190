import type { EditMode } from "@/lib/chat/contract";

export interface Turn {
  sessionId: string | null;
  mode: EditMode;
  ended: boolean;
  /** Resolves when the turn ends: decisions wait for it, since the server stores the answer only then. */
  done: Promise<void>;
  end: () => void;
}

export interface TurnLedgerLimits {
  /** Ended turns remembered, oldest dropped first. A dropped turn reads as ended, which it is. */
  ended: number;
  /** Finished reviews remembered, oldest dropped first. */
  finished: number;
}

const DEFAULT_LIMITS: TurnLedgerLimits = { ended: 32, finished: 256 };

const reviewKey = (messageId: string, path: string) => `${messageId}\u0000${path}`;

/**
 * The AI turns the editor has seen and the reviews it finished, bounded so a long-lived page does not
 * grow with every turn: open turns stay until their `turn-end`; ended ones are kept only for late
 * lookups (a proposal applied once Monaco loaded, a session read back) and then dropped, since a
 * turn nobody remembers reads as ended. Finished reviews guard against a stored session read before
 * our writes landed reviving them; a bounded window of recent ones covers that race.
 */
export class TurnLedger {
  private readonly turns = new Map<string, Turn>();
  private readonly endedOrder: string[] = [];
  private readonly finished = new Set<string>();

  constructor(private readonly limits: TurnLedgerLimits = DEFAULT_LIMITS) {}

  get(messageId: string): Turn | undefined {
    return this.turns.get(messageId);
  }

  /** The turn, created (open) if unknown. */
  ensure(messageId: string, sessionId: string | null, mode: EditMode): Turn {
    const existing = this.turns.get(messageId);
    if (existing) return existing;
    let resolve = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const turn: Turn = {
      sessionId,
      mode,
      ended: false,
      done,
      end: () => {
        if (turn.ended) return;
        turn.ended = true;
        resolve();
        this.retire(messageId, turn);
      },
    };
    this.turns.set(messageId, turn);
    return turn;
  }

  /** The turn is still streaming (an unknown or forgotten turn is not). */
  isOpen(messageId: string): boolean {
    const turn = this.turns.get(messageId);
    return turn !== undefined && !turn.ended;
  }

  whenEnds(messageId: string): Promise<void> {
    return this.turns.get(messageId)?.done ?? Promise.resolve();
  }

  markFinished(messageId: string, path: string): void {
    const key = reviewKey(messageId, path);
    this.finished.delete(key);
    this.finished.add(key);
    while (this.finished.size > this.limits.finished) this.finished.delete(this.finished.values().next().value!);
  }

  unmarkFinished(messageId: string, path: string): void {
    this.finished.delete(reviewKey(messageId, path));
  }

  isFinished(messageId: string, path: string): boolean {
    return this.finished.has(reviewKey(messageId, path));
  }

  /** Forgets every turn (the editor disconnected); finished reviews stay. */
  clearTurns(): void {
    this.turns.clear();
    this.endedOrder.length = 0;
  }

  /** How much is remembered (tests). */
  sizes(): { turns: number; finished: number } {
    return { turns: this.turns.size, finished: this.finished.size };
  }

  private retire(messageId: string, turn: Turn): void {
    if (this.turns.get(messageId) !== turn) return;
    this.endedOrder.push(messageId);
    while (this.endedOrder.length > this.limits.ended) {
      const oldest = this.endedOrder.shift()!;
      if (this.turns.get(oldest)?.ended) this.turns.delete(oldest);
    }
  }
}
