import { describe, expect, it } from "vitest";

import { decorationDelta, wantedDecorations, type ShownDecoration, type WantedDecoration } from "./decoration-delta";

const r = (start: number, end: number) => ({ startLineNumber: start, endLineNumber: end });

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
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
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
