import { describe, expect, it } from "vitest";

import { TurnLedger } from "./turn-ledger";

describe("TurnLedger", () => {
  it("keeps a turn open until it ends, and resolves its waiters then", async () => {
    const ledger = new TurnLedger();
    const turn = ledger.ensure("m1", "s1", "review");
    expect(ledger.ensure("m1", "other", "auto")).toBe(turn);
    expect(ledger.isOpen("m1")).toBe(true);
    let ended = false;
    const waiting = ledger.whenEnds("m1").then(() => (ended = true));
    await Promise.resolve();
    expect(ended).toBe(false);
    turn.end();
    await waiting;
    expect(ledger.isOpen("m1")).toBe(false);
    expect(ledger.isOpen("unknown")).toBe(false);
    await ledger.whenEnds("unknown");
  });

  it("stays bounded over a page's life: ended turns and finished reviews beyond the limits are dropped, oldest first", () => {
    const ledger = new TurnLedger({ ended: 4, finished: 8 });
    for (let i = 0; i < 1000; i++) {
      ledger.ensure(`m${i}`, "s", "review").end();
      ledger.markFinished(`m${i}`, "a.ts");
    }
    expect(ledger.sizes()).toEqual({ turns: 4, finished: 8 });
    // The newest are the ones remembered; a dropped turn reads as ended, as it was.
    expect(ledger.get("m999")?.ended).toBe(true);
    expect(ledger.get("m0")).toBeUndefined();
    expect(ledger.isOpen("m0")).toBe(false);
    expect(ledger.isFinished("m999", "a.ts")).toBe(true);
    expect(ledger.isFinished("m0", "a.ts")).toBe(false);
  });

  it("never drops an open turn, however many end around it", () => {
    const ledger = new TurnLedger({ ended: 2, finished: 2 });
    ledger.ensure("long", "s", "review");
    for (let i = 0; i < 100; i++) ledger.ensure(`m${i}`, "s", "review").end();
    expect(ledger.isOpen("long")).toBe(true);
    expect(ledger.sizes().turns).toBe(3);
  });

  it("forgets a finished review when its turn proposes the file again, and keeps finished reviews across a reconnect", () => {
    const ledger = new TurnLedger();
    ledger.markFinished("m", "a.ts");
    ledger.unmarkFinished("m", "a.ts");
    expect(ledger.isFinished("m", "a.ts")).toBe(false);
    ledger.markFinished("m", "b.ts");
    ledger.ensure("m", null, "review");
    ledger.clearTurns();
    expect(ledger.sizes()).toEqual({ turns: 0, finished: 1 });
  });
});
