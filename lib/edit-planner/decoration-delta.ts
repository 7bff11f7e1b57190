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

/** Per wanted decoration, the shown one already in its place (or none), and the shown ones left over. */
function matchByLines(shown: readonly ShownDecoration[], wanted: readonly WantedDecoration[]): { matched: (ShownDecoration | undefined)[]; remove: string[] } {
  // Per key, the indices of the wanted decorations not yet matched, in order.
  const want = new Map<string, number[]>();
  wanted.forEach((w, i) => {
    const key = keyOf(w.kind, w.range);
    const open = want.get(key);
    if (open) open.push(i);
    else want.set(key, [i]);
  });
  const matched: (ShownDecoration | undefined)[] = new Array(wanted.length);
  const remove: string[] = [];
  for (const s of shown) {
    const i = s.range ? want.get(keyOf(s.kind, s.range))?.shift() : undefined;
    if (i === undefined) remove.push(s.id);
    else matched[i] = s;
  }
  return { matched, remove };
}

/** What to remove and add so the model shows exactly `wanted`, keeping every decoration already in place. */
export function decorationDelta(shown: readonly ShownDecoration[], wanted: readonly WantedDecoration[]): DecorationDelta {
  const { matched, remove } = matchByLines(shown, wanted);
  const keep: DecorationDelta["keep"] = [];
  wanted.forEach((w, i) => {
    const s = matched[i];
    if (s) keep.push({ id: s.id, kind: s.kind, range: s.range!, source: w.range });
  });
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
 * The decorations to show, in the set's order (added, removed, pending): a held decoration kept as
 * it is, or a wanted one to add (no `id`); and the held ones to remove.
 */
export interface DecorationPlan {
  next: (HeldDecoration | WantedDecoration)[];
  remove: string[];
}

export const isHeld = (d: HeldDecoration | WantedDecoration): d is HeldDecoration => "id" in d;

/**
 * What to change so the model shows exactly `set`, after edits that touched nothing above
 * `editedFrom`. `held` is what the previous plan's `next` became, so it is in the order of the set
 * it showed; a view keeps the objects of the runs a change did not reach (MergedDoc.decorations),
 * so each kind's leading held decorations that show the very objects the new set starts with, and
 * end above `editedFrom` where they were put, are kept as they are: no key, no read, no lookup
 * table. Only the rest is compared by lines. Keying and reading back every decoration each frame
 * was the page's largest allocation of Wafer's own while a 2,000-line rewrite streamed (about 3 MB
 * a second).
 */
export function planDecorations(held: readonly HeldDecoration[], set: DecorationSet, editedFrom: number, read: (id: string) => LineRange | null): DecorationPlan {
  const next: (HeldDecoration | WantedDecoration)[] = [];
  const restHeld: HeldDecoration[] = [];
  const restWanted: WantedDecoration[] = [];
  const restAt: number[] = [];
  let h = 0;
  const section = (kind: DecorationKind, ranges: readonly LineRange[]) => {
    let j = 0;
    for (; j < ranges.length && h < held.length; j++, h++) {
      const x = held[h]!;
      if (x.kind !== kind || x.source !== ranges[j] || x.range === null || x.range.endLineNumber >= editedFrom || !sameLines(x.range, ranges[j]!)) break;
      next.push(x);
    }
    while (h < held.length && held[h]!.kind === kind) restHeld.push(held[h++]!);
    for (; j < ranges.length; j++) {
      const wanted = { kind, range: ranges[j]! };
      restWanted.push(wanted);
      restAt.push(next.length);
      next.push(wanted);
    }
  };
  section("added", set.added);
  section("removed", set.removed);
  section("pending", set.pending ? [set.pending] : []);
  // Held in another order (none of ours): compared by lines like the rest.
  while (h < held.length) restHeld.push(held[h++]!);
  const { matched, remove } = matchByLines(currentDecorations(restHeld, editedFrom, read), restWanted);
  matched.forEach((s, i) => {
    if (s) next[restAt[i]!] = { id: s.id, kind: s.kind, range: s.range, source: restWanted[i]!.range };
  });
  return { next, remove };
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
