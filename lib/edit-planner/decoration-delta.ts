/**
 * Decorations as a delta. The planners hand over a full decoration set per batch; replacing all of
 * a 2,000-line view's decorations every frame made Monaco rebuild its decoration tree and re-render
 * the overview ruler from scratch (tens of milliseconds a frame). Decorations already shown move
 * with the edits, so most of them are already where the new set wants them: only the rest change.
 */
import type { DecorationSet, LineRange } from "./merged-view";

export type DecorationKind = "added" | "removed" | "pending";

export interface WantedDecoration {
  kind: DecorationKind;
  range: LineRange;
}

/** A decoration the model holds: its id, kind, and where it is now (null: gone). */
export interface ShownDecoration {
  id: string;
  kind: DecorationKind;
  range: LineRange | null;
}

export interface DecorationDelta {
  /** Shown decorations that stay as they are. */
  keep: { id: string; kind: DecorationKind }[];
  remove: string[];
  add: WantedDecoration[];
}

/** The set as a flat list. */
export function wantedDecorations(set: DecorationSet): WantedDecoration[] {
  const out: WantedDecoration[] = [];
  for (const range of set.added) out.push({ kind: "added", range });
  for (const range of set.removed) out.push({ kind: "removed", range });
  if (set.pending) out.push({ kind: "pending", range: set.pending });
  return out;
}

const keyOf = (kind: DecorationKind, range: LineRange) => `${kind}:${range.startLineNumber}:${range.endLineNumber}`;

/** What to remove and add so the model shows exactly `wanted`, keeping every decoration already in place. */
export function decorationDelta(shown: readonly ShownDecoration[], wanted: readonly WantedDecoration[]): DecorationDelta {
  const want = new Map<string, number>();
  for (const w of wanted) {
    const key = keyOf(w.kind, w.range);
    want.set(key, (want.get(key) ?? 0) + 1);
  }
  const keep: DecorationDelta["keep"] = [];
  const remove: string[] = [];
  for (const s of shown) {
    const key = s.range ? keyOf(s.kind, s.range) : null;
    const left = key === null ? 0 : (want.get(key) ?? 0);
    if (left > 0) {
      want.set(key!, left - 1);
      keep.push({ id: s.id, kind: s.kind });
    } else {
      remove.push(s.id);
    }
  }
  const add: WantedDecoration[] = [];
  for (const w of wanted) {
    const key = keyOf(w.kind, w.range);
    const left = want.get(key) ?? 0;
    if (left > 0) {
      want.set(key, left - 1);
      add.push(w);
    }
  }
  return { keep, remove, add };
}
