/**
 * Decorations as a delta. The planners hand over a full decoration set per batch; replacing all of
 * a 2,000-line view's decorations every frame made Monaco rebuild its decoration tree and re-render
 * the overview ruler from scratch (tens of milliseconds a frame). Decorations already shown move
 * with the edits, so most of them are already where the new set wants them: only the rest change.
 */
import type { DecorationSet, EditOp, LineRange } from "./merged-view";

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
  /** Shown decorations that stay as they are, with the lines they cover. */
  keep: { id: string; kind: DecorationKind; range: LineRange }[];
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
      keep.push({ id: s.id, kind: s.kind, range: s.range! });
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

/** A decoration the caller set, with the lines it covered when last known (null: unknown). */
export interface HeldDecoration {
  id: string;
  kind: DecorationKind;
  range: LineRange | null;
}

/** The first line a run of edit batches touches (each batch's ranges address the model before it); Infinity for none. */
export function firstEditedLine(batches: readonly (readonly EditOp[])[]): number {
  let first = Infinity;
  for (const edits of batches) for (const edit of edits) first = Math.min(first, edit.range.startLineNumber);
  return first;
}

/**
 * Where the held decorations are now, after edits that touched nothing above `editedFrom`: one that
 * ends above it cannot have moved and keeps its known lines; the rest are asked of the model
 * (`read`). Reading every decoration back each frame was the page's largest allocation of Wafer's
 * own while a rewrite streamed (a range object per decoration per frame).
 */
export function currentDecorations(held: readonly HeldDecoration[], editedFrom: number, read: (id: string) => LineRange | null): ShownDecoration[] {
  return held.map(({ id, kind, range }) => ({ id, kind, range: range !== null && range.endLineNumber < editedFrom ? range : read(id) }));
}
