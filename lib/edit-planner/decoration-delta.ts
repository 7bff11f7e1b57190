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
  /** Shown decorations that stay as they are, with the lines they cover and the wanted range they show. */
  keep: { id: string; kind: DecorationKind; range: LineRange; source: LineRange }[];
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
  // Per key, the indices of the wanted decorations not yet matched, in order.
  const want = new Map<string, number[]>();
  wanted.forEach((w, i) => {
    const key = keyOf(w.kind, w.range);
    const open = want.get(key);
    if (open) open.push(i);
    else want.set(key, [i]);
  });
  const matched = new Uint8Array(wanted.length);
  const keep: DecorationDelta["keep"] = [];
  const remove: string[] = [];
  for (const s of shown) {
    const i = s.range ? want.get(keyOf(s.kind, s.range))?.shift() : undefined;
    if (i === undefined) {
      remove.push(s.id);
      continue;
    }
    matched[i] = 1;
    keep.push({ id: s.id, kind: s.kind, range: s.range!, source: wanted[i]!.range });
  }
  return { keep, remove, add: wanted.filter((_, i) => !matched[i]) };
}

/** A decoration the caller set, with the lines it covered when last known (null: unknown). */
export interface HeldDecoration {
  id: string;
  kind: DecorationKind;
  range: LineRange | null;
  /** The wanted range object it was set or kept for: a set that holds the same object wants it unchanged. */
  source?: LineRange;
}

const sameLines = (a: LineRange, b: LineRange) => a.startLineNumber === b.startLineNumber && a.endLineNumber === b.endLineNumber;

/**
 * What to change so the model shows exactly `set`, after edits that touched nothing above
 * `editedFrom`. A held decoration set for one of the set's own range objects (a view keeps the
 * objects of runs a change did not reach: MergedDoc.decorations) is kept by identity, without a
 * key or a read, when it ends above `editedFrom` where it was put; only the rest is compared by
 * lines. Keying and reading back every decoration each frame was the page's largest allocation of
 * Wafer's own while a 2,000-line rewrite streamed (about 3 MB a second).
 */
export function planDecorations(held: readonly HeldDecoration[], set: DecorationSet, editedFrom: number, read: (id: string) => LineRange | null): DecorationDelta {
  const bySource = new Map<LineRange, HeldDecoration>();
  for (const h of held) {
    if (h.source && h.range !== null && h.range.endLineNumber < editedFrom && sameLines(h.range, h.source)) bySource.set(h.source, h);
  }
  const keep: DecorationDelta["keep"] = [];
  const kept = new Set<HeldDecoration>();
  const rest: WantedDecoration[] = [];
  const consider = (kind: DecorationKind, range: LineRange) => {
    const h = bySource.get(range);
    if (h && h.kind === kind) {
      bySource.delete(range);
      kept.add(h);
      // Itself, not a copy: its range and source are known and stay so.
      keep.push(h as DecorationDelta["keep"][number]);
    } else {
      rest.push({ kind, range });
    }
  };
  for (const range of set.added) consider("added", range);
  for (const range of set.removed) consider("removed", range);
  if (set.pending) consider("pending", set.pending);
  const others = kept.size === held.length ? [] : held.filter((h) => !kept.has(h));
  const delta = decorationDelta(currentDecorations(others, editedFrom, read), rest);
  return { keep: keep.concat(delta.keep), remove: delta.remove, add: delta.add };
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
