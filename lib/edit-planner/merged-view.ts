/**
 * The text model of an inline diff: the file's lines with removed lines kept in place and
 * added lines inserted between them (a "merged view"), each line tagged with a kind for
 * decorations. The editor shows it as a read-only proposal document while a change streams
 * and while it is reviewed.
 *
 * {@link MergedDoc} records what changed since it was last asked and answers with the
 * fewest edit operations that turn the document as it was then into the document now, so
 * thousands of planner steps per animation frame reach Monaco as a handful of edits.
 *
 * Display rules (those of a Monaco model holding the text): lines are joined with line
 * breaks, and the document ends with one more break iff `terminated` (the original file
 * ended with one). Line texts never contain `\n`; Monaco applies its own EOL.
 */
import { splitText, stripLineEnding, type Hunk } from "@/lib/edits";
import { diffLineRegions } from "@/lib/edits/line-diff";

export type LineKind = "context" | "removed" | "added" | "pending";

/** 1-based inclusive line range, as Monaco numbers lines. */
export interface LineRange {
  startLineNumber: number;
  endLineNumber: number;
}

/** Monaco's IRange: 1-based lines and columns; the end is exclusive. */
export interface EditRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/**
 * An edit in Monaco's IIdentifiedSingleEditOperation shape. The operations of one batch all
 * address the document as it was before the batch and never overlap (pushEditOperations semantics).
 */
export interface EditOp {
  range: EditRange;
  text: string;
}

/** Decorations for a whole document: a full replacement set, never a delta. */
export interface DecorationSet {
  added: LineRange[];
  removed: LineRange[];
  /** The line being typed, when it is shown. */
  pending?: LineRange;
}

/** A merged view as plain data. */
export interface MergedLines {
  readonly texts: readonly string[];
  readonly kinds: readonly LineKind[];
  /** The display ends with a line break after the last line. */
  readonly terminated: boolean;
}

/** A merged view for review, with where each hunk starts in it. */
export interface HunkMergedLines extends MergedLines {
  /** 0-based index of each hunk's first line (removed lines, then added), parallel to the hunks. */
  hunkStarts: number[];
}

/** Lines `[start, start + count)` now stand where the lines `old` stood at the last take. */
interface Change {
  start: number;
  count: number;
  old: string[];
}

const SPREAD_LIMIT = 8192;

/** `Array.prototype.splice` without the argument-count limit of spreading huge arrays. */
function spliceArray<T>(target: T[], at: number, deleteCount: number, items: readonly T[]): void {
  if (items.length <= SPREAD_LIMIT) {
    target.splice(at, deleteCount, ...items);
    return;
  }
  const tail = target.slice(at + deleteCount);
  target.length = at;
  for (const item of items) target.push(item);
  for (const item of tail) target.push(item);
}

function pushRange(target: string[], source: readonly string[], from: number, to: number): void {
  for (let i = from; i < to; i++) target.push(source[i]!);
}

export class MergedDoc implements MergedLines {
  private readonly lineTexts: string[];
  private readonly lineKinds: LineKind[];
  private term: boolean;
  private termAtTake: boolean;
  /** Sorted, and never touching, so their edits never touch either. */
  private changes: Change[] = [];
  private kindsChanged = false;
  /** The set last computed, and the first line index whose kind or position changed since (Infinity: none). */
  private decorationSet: DecorationSet | null = null;
  private decorationsFrom = 0;

  constructor(texts: readonly string[], kinds: readonly LineKind[], terminated: boolean) {
    if (texts.length !== kinds.length) throw new Error("texts and kinds differ in length");
    this.lineTexts = [...texts];
    this.lineKinds = [...kinds];
    this.term = terminated;
    this.termAtTake = terminated;
  }

  /** The document a Monaco model holding `text` shows, every line context. */
  static fromText(text: string): MergedDoc {
    const { texts } = splitText(text);
    return new MergedDoc(
      texts,
      texts.map(() => "context"),
      text.endsWith("\n"),
    );
  }

  static from(view: MergedLines): MergedDoc {
    return new MergedDoc(view.texts, view.kinds, view.terminated);
  }

  get texts(): readonly string[] {
    return this.lineTexts;
  }

  get kinds(): readonly LineKind[] {
    return this.lineKinds;
  }

  get terminated(): boolean {
    return this.term;
  }

  get lineCount(): number {
    return this.lineTexts.length;
  }

  /** Text or kinds changed since the last {@link takeEdits}. */
  get dirty(): boolean {
    return this.changes.length > 0 || this.kindsChanged || this.term !== this.termAtTake;
  }

  text(index: number): string {
    return this.lineTexts[index]!;
  }

  kind(index: number): LineKind {
    return this.lineKinds[index]!;
  }

  /** Replaces `deleteCount` lines at `at` with `texts`, all of one kind. */
  splice(at: number, deleteCount: number, texts: readonly string[], kind: LineKind): void {
    if (deleteCount === 0 && texts.length === 0) return;
    this.track(at, deleteCount, texts.length);
    spliceArray(this.lineTexts, at, deleteCount, texts);
    spliceArray(
      this.lineKinds,
      at,
      deleteCount,
      texts.map(() => kind),
    );
    this.decorationsFrom = Math.min(this.decorationsFrom, at);
  }

  setKinds(from: number, count: number, kind: LineKind): void {
    for (let i = from; i < from + count; i++) {
      if (this.lineKinds[i] === kind) continue;
      this.lineKinds[i] = kind;
      this.kindsChanged = true;
      this.decorationsFrom = Math.min(this.decorationsFrom, i);
    }
  }

  /** Becomes `target` through the line diff of the texts, so unchanged lines are not touched. */
  reconcileTo(target: MergedLines): void {
    const regions = diffLineRegions(this.lineTexts, target.texts);
    // Bottom-up, so each region's indices are still those of the diff.
    for (let r = regions.length - 1; r >= 0; r--) {
      const { aStart, aCount, bStart, bCount } = regions[r]!;
      this.splice(aStart, aCount, target.texts.slice(bStart, bStart + bCount), "context");
    }
    for (let i = 0; i < target.kinds.length; i++) this.setKinds(i, 1, target.kinds[i]!);
    this.term = target.terminated;
  }

  /**
   * The edits that turn the document as it was at the previous take (or construction) into
   * the document now: one per changed region, trimmed to the characters that differ.
   */
  takeEdits(): EditOp[] {
    const texts = this.lineTexts;
    const count = texts.length;
    const changes = this.changes;
    const last = changes[changes.length - 1];
    if (this.term !== this.termAtTake && (!last || last.start + last.count < count)) {
      changes.push({ start: count, count: 0, old: [] });
    }
    const ops: EditOp[] = [];
    let shift = 0;
    for (const change of changes) {
      const oldStart = change.start - shift;
      shift += change.count - change.old.length;
      const atEnd = change.start + change.count === count;
      const oldTerm = atEnd ? this.termAtTake : true;
      const newTerm = atEnd ? this.term : true;
      // Without a final break, deleting or appending at the end moves the previous line's break;
      // including that (unchanged) line in both chunks keeps the edit expressible.
      const lead = atEnd && (!oldTerm || !newTerm) && change.start > 0 ? texts[change.start - 1]! : null;
      const oldChunk = chunk(lead, change.old, 0, change.old.length, oldTerm);
      const newChunk = chunk(lead, texts, change.start, change.start + change.count, newTerm);
      const op = chunkEdit(oldChunk, newChunk, (lead === null ? oldStart : oldStart - 1) + 1);
      if (op) ops.push(op);
    }
    this.changes = [];
    this.termAtTake = this.term;
    this.kindsChanged = false;
    return ops;
  }

  /**
   * The view's decorations. Runs that end above the first line changed since the last call are the
   * same objects as in that call's set, so a consumer can tell unchanged decorations by identity.
   */
  decorations(): DecorationSet {
    if (this.decorationSet === null || this.decorationsFrom !== Infinity) {
      this.decorationSet = decorationsOf(this.lineKinds, this.decorationSet, this.decorationsFrom);
      this.decorationsFrom = Infinity;
    }
    return this.decorationSet;
  }

  /** Folds the splice of `deleteCount` lines at `at` by `inserted` lines into the change list. */
  private track(at: number, deleteCount: number, inserted: number): void {
    const changes = this.changes;
    const end = at + deleteCount;
    let lo = 0;
    let hi = changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = changes[mid]!;
      if (c.start + c.count < at) lo = mid + 1;
      else hi = mid;
    }
    let j = lo;
    while (j < changes.length && changes[j]!.start <= end) j++;
    const delta = inserted - deleteCount;
    if (j === lo) {
      changes.splice(lo, 0, { start: at, count: inserted, old: this.lineTexts.slice(at, end) });
    } else {
      // Merge every change the splice touches; lines between them are unchanged, so their
      // current text is their old text. Extending at the end (the common case) is amortised O(1).
      const first = changes[lo]!;
      if (at < first.start) first.old = this.lineTexts.slice(at, first.start).concat(first.old);
      let cursor = first.start + first.count;
      for (let k = lo + 1; k < j; k++) {
        const c = changes[k]!;
        pushRange(first.old, this.lineTexts, cursor, c.start);
        pushRange(first.old, c.old, 0, c.old.length);
        cursor = c.start + c.count;
      }
      if (end > cursor) pushRange(first.old, this.lineTexts, cursor, end);
      const start = Math.min(at, first.start);
      first.count = Math.max(end, cursor) - start + delta;
      first.start = start;
      if (j - lo > 1) changes.splice(lo + 1, j - lo - 1);
    }
    for (let k = lo + 1; k < changes.length; k++) changes[k]!.start += delta;
  }
}

/** Display text of lines `[from, to)` of `lines`, after an optional lead line. */
function chunk(lead: string | null, lines: readonly string[], from: number, to: number, terminated: boolean): string {
  const parts = lead === null ? [] : [lead];
  for (let i = from; i < to; i++) parts.push(lines[i]!);
  if (parts.length === 0) return "";
  const text = parts.join("\n");
  return terminated ? `${text}\n` : text;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The edit replacing `before` (starting at column 1 of `line`) by `after`, trimmed to what differs. */
function chunkEdit(before: string, after: string, line: number): EditOp | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Never cut a surrogate pair: Monaco columns count UTF-16 units, but a half character is no edit.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  const endOffset = before.length - suffix;
  let lineNumber = line;
  let lineStart = 0;
  let start: { lineNumber: number; column: number } | null = null;
  for (let i = 0; i <= endOffset; i++) {
    if (i === prefix) start = { lineNumber, column: i - lineStart + 1 };
    if (i < endOffset && before.charCodeAt(i) === 10) {
      lineNumber++;
      lineStart = i + 1;
    }
  }
  return {
    range: {
      startLineNumber: start!.lineNumber,
      startColumn: start!.column,
      endLineNumber: lineNumber,
      endColumn: endOffset - lineStart + 1,
    },
    text: after.slice(prefix, after.length - suffix),
  };
}

/**
 * Runs of added and removed lines, and the first pending run. With `previous`, the set of these
 * kinds before a change at line index `from` and beyond: its runs that end above `from` are kept
 * (the same objects) and only the rest is scanned again. A streaming rewrite changes the view at
 * its frontier, so most runs are kept each frame.
 */
function decorationsOf(kinds: readonly LineKind[], previous: DecorationSet | null = null, from = 0): DecorationSet {
  const added: LineRange[] = [];
  const removed: LineRange[] = [];
  let pending: LineRange | undefined;
  // Where scanning resumes: the end of the last kept run. The line there is unchanged and starts a
  // run, since it is below `from` and its kind differed from the kept run's last line.
  let i = 0;
  const keep = (runs: readonly LineRange[], into: LineRange[]) => {
    for (const run of runs) {
      if (run.endLineNumber >= from) break;
      into.push(run);
      i = Math.max(i, run.endLineNumber);
    }
  };
  if (previous && from > 0) {
    keep(previous.added, added);
    keep(previous.removed, removed);
    if (previous.pending && previous.pending.endLineNumber < from) {
      pending = previous.pending;
      i = Math.max(i, pending.endLineNumber);
    }
  }
  while (i < kinds.length) {
    const kind = kinds[i]!;
    let j = i + 1;
    while (j < kinds.length && kinds[j] === kind) j++;
    const range = { startLineNumber: i + 1, endLineNumber: j };
    if (kind === "added") added.push(range);
    else if (kind === "removed") removed.push(range);
    else if (kind === "pending") pending ??= range;
    i = j;
  }
  return pending ? { added, removed, pending } : { added, removed };
}

/** The text a Monaco model shows for a view: create the proposal model from it. */
export function displayText(view: MergedLines): string {
  if (view.texts.length === 0) return "";
  const text = view.texts.join("\n");
  return view.terminated ? `${text}\n` : text;
}

/**
 * One side of a settled view (no pending line): "before" drops added lines, "after" drops
 * removed ones. Accepting every hunk must give the after side, rejecting every hunk the before side.
 */
export function sideTexts(view: MergedLines, side: "before" | "after"): string[] {
  const drop: LineKind = side === "before" ? "added" : "removed";
  const out: string[] = [];
  for (let i = 0; i < view.texts.length; i++) if (view.kinds[i] !== drop) out.push(view.texts[i]!);
  return out;
}

/** The merged view of `hunks` (computed against `base`): each hunk's removed lines, then its added lines. */
export function mergeHunks(base: string, hunks: readonly Hunk[]): HunkMergedLines {
  const baseTexts = splitText(base).texts;
  const texts: string[] = [];
  const kinds: LineKind[] = [];
  const hunkStarts: number[] = [];
  let next = 0;
  const copy = (to: number) => {
    for (; next < to; next++) {
      texts.push(baseTexts[next]!);
      kinds.push("context");
    }
  };
  for (const hunk of hunks) {
    copy(hunk.original.start - 1);
    hunkStarts.push(texts.length);
    for (const line of hunk.removed) {
      texts.push(stripLineEnding(line));
      kinds.push("removed");
    }
    for (const line of hunk.added) {
      texts.push(stripLineEnding(line));
      kinds.push("added");
    }
    next += hunk.original.count;
  }
  copy(baseTexts.length);
  return { texts, kinds, terminated: base.endsWith("\n"), hunkStarts };
}

/** The edits that turn the display of `current` into that of `target`; unchanged lines are not touched. */
export function reconcile(current: MergedLines, target: MergedLines): EditOp[] {
  const doc = MergedDoc.from(current);
  doc.reconcileTo(target);
  return doc.takeEdits();
}

/**
 * A string-backed stand-in for a Monaco text model, for tests and the benchmark: it breaks
 * lines and normalises line endings as Monaco does, and applies a batch of edits with
 * pushEditOperations semantics (ranges address the text before the batch; overlaps throw).
 */
export class TextBuffer {
  readonly eol: "\n" | "\r\n";
  private readonly lines: string[];

  constructor(text: string) {
    let lf = 0;
    let cr = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 13) cr++;
      else if (code === 10 && text.charCodeAt(i - 1) !== 13) lf++;
    }
    // Monaco: CRLF when more than half of the breaks involve CR; every break becomes that EOL.
    this.eol = cr > (cr + lf) / 2 ? "\r\n" : "\n";
    this.lines = text.split(/\r\n|\r|\n/);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  getLines(): readonly string[] {
    return this.lines;
  }

  getValue(): string {
    return this.lines.join(this.eol);
  }

  applyEdits(ops: readonly EditOp[]): void {
    for (const op of ops) this.check(op.range);
    const sorted = ops
      .map((op, order) => ({ op, order }))
      .sort((a, b) => comparePosition(a.op.range.startLineNumber, a.op.range.startColumn, b.op.range.startLineNumber, b.op.range.startColumn) || a.order - b.order);
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!.op.range;
      const next = sorted[k]!.op.range;
      if (comparePosition(prev.endLineNumber, prev.endColumn, next.startLineNumber, next.startColumn) > 0) {
        throw new Error(`overlapping edits: ${JSON.stringify(prev)} and ${JSON.stringify(next)}`);
      }
    }
    // Last first, so the ranges still ahead keep addressing unchanged text.
    for (let k = sorted.length - 1; k >= 0; k--) {
      const { range, text } = sorted[k]!.op;
      const head = this.lines[range.startLineNumber - 1]!.slice(0, range.startColumn - 1);
      const tail = this.lines[range.endLineNumber - 1]!.slice(range.endColumn - 1);
      spliceArray(this.lines, range.startLineNumber - 1, range.endLineNumber - range.startLineNumber + 1, (head + text + tail).split(/\r\n|\r|\n/));
    }
  }

  private check(range: EditRange): void {
    const valid = (line: number, column: number) =>
      Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= this.lines.length && column >= 1 && column <= this.lines[line - 1]!.length + 1;
    const ordered = comparePosition(range.startLineNumber, range.startColumn, range.endLineNumber, range.endColumn) <= 0;
    if (!valid(range.startLineNumber, range.startColumn) || !valid(range.endLineNumber, range.endColumn) || !ordered) {
      throw new Error(`invalid range ${JSON.stringify(range)} in a ${this.lines.length}-line buffer`);
    }
  }
}

function comparePosition(lineA: number, columnA: number, lineB: number, columnB: number): number {
  return lineA - lineB || columnA - columnB;
}
