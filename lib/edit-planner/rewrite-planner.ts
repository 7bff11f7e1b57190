/** write_file → editor: the new content streams over the file, matched line by line (see planner.ts). */
import { splitText } from "@/lib/edits";

import type { MergedLines } from "./merged-view";
import { clearPending, LiveView, showPending, type EditorBatch, type PendingMark, type ViewState } from "./planner-view";

export interface RewritePlannerOptions {
  path: string;
  /** The file as the editor has it; null for a new file. */
  original: string | null;
  /** How many original lines ahead a new line may match (default 64). */
  window?: number;
}

/** Lines this short ("}", "", "*\/") recur everywhere: they only match where the pointer is. */
const WEAK_LINE = 4;

/**
 * Greedy streaming alignment of a whole-file rewrite against the original: a pointer walks the
 * original lines; each finished new line is context when it equals the line at the pointer,
 * resynchronises when it equals a line a bounded window ahead (the skipped lines become
 * removed), and is added otherwise. Per line: O(log n) lookup plus the insertion. The live
 * alignment is a guess; review's `reconcile` moves to the exact diff in a few edits.
 */
export class RewriteStreamPlanner {
  private readonly live: LiveView;
  private readonly original: string;
  private readonly lines: readonly string[];
  private readonly window: number;
  /** Original line indices by text, ascending: the lookahead is a binary search, not a scan. */
  private readonly positions = new Map<string, number[]>();
  private pointer = 0;
  /** Doc index of the original line at the pointer: new lines go here. */
  private cursor = 0;
  /** Added lines right before the cursor, since the last line that matched. */
  private addedRun = 0;
  private partial = "";
  private pending: PendingMark | null = null;
  private ended = false;

  constructor(options: RewritePlannerOptions) {
    this.original = options.original ?? "";
    this.window = options.window ?? 64;
    this.live = new LiveView(options.path, { initialText: this.original, operation: options.original === null ? "add" : "write" });
    this.lines = splitText(this.original).texts;
    this.lines.forEach((line, index) => {
      const list = this.positions.get(line);
      if (list) list.push(index);
      else this.positions.set(line, [index]);
    });
  }

  /** The merged view as it stands (settled after `end()`). */
  get view(): MergedLines {
    return this.live.doc;
  }

  get state(): ViewState {
    return this.live.state;
  }

  /** More decoded `content` text. */
  push(text: string): void {
    if (this.ended) return;
    this.pending = clearPending(this.pending);
    let from = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
      const piece = text.slice(from, nl);
      const line = this.partial === "" ? piece : this.partial + piece;
      this.partial = "";
      this.consume(line.endsWith("\r") ? line.slice(0, -1) : line);
      from = nl + 1;
    }
    if (from < text.length) this.partial += text.slice(from);
  }

  /** The content is complete: its unterminated last line counts, original lines left over are removed. */
  end(): void {
    if (this.ended) return;
    this.pending = clearPending(this.pending);
    if (this.partial !== "") this.consume(this.partial);
    this.partial = "";
    this.resync(this.lines.length);
    this.ended = true;
    this.live.state = "complete";
  }

  /** The stream stopped or the call failed: nothing of it stays visible. */
  abort(): void {
    this.pending = clearPending(this.pending);
    this.ended = true;
    this.live.fail(this.original);
  }

  drain(): EditorBatch[] {
    if (!this.ended) {
      this.pending = clearPending(this.pending);
      if (this.partial !== "") {
        const atPointer = this.pointer < this.lines.length && this.lines[this.pointer]!.startsWith(this.partial);
        this.pending = showPending(this.live, this.cursor, this.partial, atPointer);
      } else {
        this.live.reveal = Math.min(this.cursor + 1, Math.max(1, this.live.doc.lineCount));
      }
    }
    const batch = this.live.batch();
    return batch ? [batch] : [];
  }

  private consume(line: string): void {
    if (this.pointer < this.lines.length && this.lines[this.pointer] === line) {
      this.matched();
      return;
    }
    const ahead = line.trim().length < WEAK_LINE ? -1 : this.lookahead(line);
    if (ahead !== -1) {
      this.resync(ahead);
      this.matched();
      return;
    }
    this.live.doc.splice(this.cursor, 0, [line], "added");
    this.cursor++;
    this.addedRun++;
  }

  private matched(): void {
    this.pointer++;
    this.cursor++;
    this.addedRun = 0;
  }

  private lookahead(line: string): number {
    const list = this.positions.get(line);
    if (!list) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! <= this.pointer) lo = mid + 1;
      else hi = mid;
    }
    const found = list[lo];
    return found !== undefined && found <= this.pointer + this.window ? found : -1;
  }

  /**
   * Skips the original lines up to `target` (they become removed). Added lines just before the
   * cursor that equal the skipped lines' tail are the same lines written again ("}" and blank
   * lines after a changed block): they are dropped and the original lines stay as context.
   */
  private resync(target: number): void {
    const doc = this.live.doc;
    const skipped = target - this.pointer;
    let same = 0;
    while (same < this.addedRun && same < skipped && doc.text(this.cursor - 1 - same) === this.lines[target - 1 - same]) same++;
    if (same > 0) {
      doc.splice(this.cursor - same, same, [], "context");
      this.cursor -= same;
    }
    doc.setKinds(this.cursor, skipped - same, "removed");
    this.cursor += skipped;
    this.pointer = target;
    this.addedRun = 0;
  }
}

// ── apply_patch ───────────────────────────────────────────────────────────────────────────────
