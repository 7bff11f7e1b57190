import { describe, expect, it } from "vitest";

import { currentDecorations, decorationDelta, firstEditedLine, wantedDecorations, type ShownDecoration, type WantedDecoration } from "./decoration-delta";

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
