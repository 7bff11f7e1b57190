import { describe, expect, it } from "vitest";

import { currentDecorations, decorationDelta, firstEditedLine, isHeld, planDecorations, wantedDecorations, type DecorationPlan, type HeldDecoration, type ShownDecoration, type WantedDecoration } from "./decoration-delta";
import type { DecorationSet, LineRange } from "./merged-view";

const r = (start: number, end: number) => ({ startLineNumber: start, endLineNumber: end });

/** A repeatable random integer below `n`. */
function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
}

/** Applies a delta to a shown list the way Monaco's deltaDecorations would, ids made up. */
function apply(shown: ShownDecoration[], wanted: WantedDecoration[]): { next: ShownDecoration[]; removed: number; added: number } {
  const delta = decorationDelta(shown, wanted);
  const byId = new Map(shown.map((s) => [s.id, s]));
  const next = [...delta.keep.map((k) => byId.get(k.id)!), ...delta.add.map((a, i) => ({ id: `n${i}`, kind: a.kind, range: a.range }))];
  return { next, removed: delta.remove.length, added: delta.add.length };
}

const asKeys = (list: { kind: string; range: { startLineNumber: number; endLineNumber: number } | null }[]) =>
  list.map((d) => `${d.kind}:${d.range?.startLineNumber}-${d.range?.endLineNumber}`).sort();

describe("decorationDelta", () => {
  it("keeps decorations already where the set wants them and touches only the rest", () => {
    const shown: ShownDecoration[] = [
      { id: "a", kind: "added", range: r(3, 4) },
      { id: "b", kind: "removed", range: r(5, 5) },
      { id: "p", kind: "pending", range: r(9, 9) },
    ];
    const wanted = wantedDecorations({ added: [r(3, 4), r(10, 10)], removed: [r(5, 5)], pending: r(11, 11) });
    const delta = decorationDelta(shown, wanted);
    expect(delta.keep.map((k) => k.id)).toEqual(["a", "b"]);
    expect(delta.remove).toEqual(["p"]);
    expect(delta.add).toEqual([
      { kind: "added", range: r(10, 10) },
      { kind: "pending", range: r(11, 11) },
    ]);
  });

  it("replaces a decoration whose range moved or grew, or whose kind differs", () => {
    const shown: ShownDecoration[] = [
      { id: "a", kind: "added", range: r(3, 5) },
      { id: "b", kind: "added", range: r(7, 7) },
      { id: "c", kind: "removed", range: null },
    ];
    const delta = decorationDelta(shown, wantedDecorations({ added: [r(3, 4)], removed: [r(7, 7)] }));
    expect(delta.keep).toEqual([]);
    expect(delta.remove.sort()).toEqual(["a", "b", "c"]);
    expect(delta.add).toHaveLength(2);
  });

  it("always ends with exactly the wanted set, duplicates included", () => {
    const rand = seeded(7);
    const kinds = ["added", "removed", "pending"] as const;
    const randomList = (): WantedDecoration[] =>
      Array.from({ length: rand(8) }, () => {
        const start = 1 + rand(6);
        return { kind: kinds[rand(3)]!, range: r(start, start + rand(2)) };
      });
    let shown: ShownDecoration[] = [];
    for (let step = 0; step < 300; step++) {
      const wanted = randomList();
      const { next, removed, added } = apply(shown, wanted);
      expect(asKeys(next)).toEqual(asKeys(wanted));
      expect(shown.length - removed + added).toBe(wanted.length);
      shown = next;
    }
  });
});

describe("currentDecorations", () => {
  const edit = (line: number, column = 1) => ({ range: { startLineNumber: line, startColumn: column, endLineNumber: line, endColumn: column }, text: "x\n" });

  it("asks the model only for decorations that reach the first edited line, or whose lines are unknown", () => {
    const held = [
      { id: "above", kind: "added" as const, range: r(1, 4) },
      { id: "touching", kind: "removed" as const, range: r(5, 9) },
      { id: "below", kind: "added" as const, range: r(20, 22) },
      { id: "unknown", kind: "pending" as const, range: null },
    ];
    const asked: string[] = [];
    const moved = r(30, 31);
    const shown = currentDecorations(held, 9, (id) => {
      asked.push(id);
      return moved;
    });
    expect(asked).toEqual(["touching", "below", "unknown"]);
    expect(shown).toEqual([
      { id: "above", kind: "added", range: r(1, 4) },
      { id: "touching", kind: "removed", range: moved },
      { id: "below", kind: "added", range: moved },
      { id: "unknown", kind: "pending", range: moved },
    ]);
  });

  it("reads nothing after a batch without edits, and everything after one at line 1", () => {
    const held = [{ id: "a", kind: "added" as const, range: r(3, 3) }];
    const read = (id: string) => {
      throw new Error(`read ${id}`);
    };
    expect(currentDecorations(held, firstEditedLine([[]]), read)).toEqual([{ id: "a", kind: "added", range: r(3, 3) }]);
    expect(() => currentDecorations(held, firstEditedLine([[edit(1)]]), read)).toThrow("read a");
  });

  it("a run of batches is first edited at its lowest start line, in any batch", () => {
    expect(firstEditedLine([[edit(12), edit(40)], [edit(7, 5)], []])).toBe(7);
    expect(firstEditedLine([])).toBe(Infinity);
  });
});

describe("planDecorations", () => {
  const noRead = (id: string): LineRange | null => {
    throw new Error(`read ${id}`);
  };
  const a = r(1, 2);
  const b = r(5, 5);
  const ids = (plan: DecorationPlan) => plan.next.map((d) => (isHeld(d) ? d.id : `+${d.kind}:${d.range.startLineNumber}-${d.range.endLineNumber}`));

  it("keeps each kind's leading decorations that show the set's own range objects, without keying or reading them", () => {
    const held: HeldDecoration[] = [
      { id: "a", kind: "added", range: r(1, 2), source: a },
      { id: "b", kind: "removed", range: r(5, 5), source: b },
      { id: "p", kind: "pending", range: r(9, 9), source: r(9, 9) },
    ];
    const asked: string[] = [];
    const plan = planDecorations(held, { added: [a, r(7, 7)], removed: [b], pending: r(10, 10) }, 8, (id) => {
      asked.push(id);
      return held.find((h) => h.id === id)!.range;
    });
    // "p" reaches the edited line, so it is read; "a" and "b" are the set's own objects, above it.
    expect(asked).toEqual(["p"]);
    expect(ids(plan)).toEqual(["a", "+added:7-7", "b", "+pending:10-10"]);
    expect(plan.next[0]).toBe(held[0]);
    expect(plan.remove).toEqual(["p"]);
    expect(planDecorations(held.slice(0, 2), { added: [a], removed: [b] }, Infinity, noRead)).toEqual({ next: held.slice(0, 2), remove: [] });
    // A kind's held decorations past its kept ones do not stop the next kind's from being kept as they are.
    const stale: HeldDecoration = { id: "stale", kind: "added", range: r(3, 3), source: r(3, 3) };
    const past = planDecorations([held[0]!, stale, held[1]!], { added: [a], removed: [b] }, Infinity, noRead);
    expect(past.next).toEqual([held[0], held[1]]);
    expect(past.next[1]).toBe(held[1]);
    expect(past.remove).toEqual(["stale"]);
  });

  it("compares by lines a decoration that moved, reaches the edited line, or shows another kind, though its object is in the set", () => {
    const held: HeldDecoration[] = [
      { id: "moved", kind: "added", range: r(2, 3), source: a },
      { id: "kind", kind: "added", range: r(5, 5), source: b },
    ];
    const plan = planDecorations(held, { added: [a], removed: [b] }, Infinity, noRead);
    expect(ids(plan)).toEqual(["+added:1-2", "+removed:5-5"]);
    expect(plan.remove.sort()).toEqual(["kind", "moved"]);
    // Reaching the edited line: read back, then kept by its lines, with the set's object as its source.
    const reaching: HeldDecoration[] = [{ id: "x", kind: "added", range: r(1, 2), source: a }];
    const kept = planDecorations(reaching, { added: [a], removed: [] }, 2, () => r(1, 2));
    expect(kept).toEqual({ next: [{ id: "x", kind: "added", range: r(1, 2), source: a }], remove: [] });
    expect(() => planDecorations(reaching, { added: [a], removed: [] }, 2, noRead)).toThrow("read x");
  });

  it("always ends with exactly the wanted set in its order, whatever the held decorations' sources and order", () => {
    const rand = seeded(11);
    const range = () => {
      const start = 1 + rand(6);
      return r(start, start + rand(2));
    };
    let set: DecorationSet = { added: [], removed: [] };
    let shown: HeldDecoration[] = [];
    let nextId = 0;
    for (let step = 0; step < 500; step++) {
      // Leading runs kept as the same objects, as a view keeps those a change did not reach.
      const next: DecorationSet = {
        added: [...set.added.slice(0, rand(set.added.length + 1)), ...Array.from({ length: rand(4) }, range)],
        removed: [...set.removed.slice(0, rand(set.removed.length + 1)), ...Array.from({ length: rand(3) }, range)],
        ...(rand(2) ? { pending: set.pending && rand(2) ? set.pending : range() } : {}),
      };
      // Now and then a decoration moved without an edit the caller saw above it, or the list is shuffled.
      let held = shown.map((h) => (rand(10) === 0 ? { ...h, range: range() } : h));
      if (rand(8) === 0) held = [...held].reverse();
      const editedFrom = rand(3) === 0 ? Infinity : 1 + rand(8);
      const plan = planDecorations(held, next, editedFrom, (id) => held.find((h) => h.id === id)!.range);
      const after = plan.next.map((d) => (isHeld(d) ? d : { id: `n${nextId++}`, kind: d.kind, range: d.range, source: d.range }));
      expect(after.map((d) => `${d.kind}:${d.range?.startLineNumber}-${d.range?.endLineNumber}`)).toEqual(
        wantedDecorations(next).map((d) => `${d.kind}:${d.range.startLineNumber}-${d.range.endLineNumber}`),
      );
      const keptIds = plan.next.filter(isHeld).map((d) => d.id);
      expect(new Set(keptIds).size).toBe(keptIds.length);
      expect(new Set([...keptIds, ...plan.remove])).toEqual(new Set(held.map((h) => h.id)));
      expect(keptIds.length + plan.remove.length).toBe(held.length);
      shown = after;
      set = next;
    }
  });
});
