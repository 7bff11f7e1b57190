/**
 * The content-channel edit protocol: edits written in the model's answer text as delimited blocks,
 * for servers that do not stream tool-call arguments (they arrive whole at the end). Two blocks,
 * each opened and closed by an exact line of its own:
 *
 *   *** Begin Patch            a Codex apply_patch patch, verbatim (same text as apply_patch's `patch`)
 *   …
 *   *** End Patch
 *
 *   *** Begin File: src/a.ts   the whole new content of one file (same as write_file's `content`)
 *   …                          every line ends with its newline; a file without a final newline
 *   \ No newline at end of file  puts this line right before the end line
 *   *** End File
 *
 * Everything else is prose: code in a Markdown fence is never an edit. An unterminated block (the
 * answer ended or was cut inside it) is reported incomplete and must not be applied.
 */

export const PATCH_BEGIN = "*** Begin Patch";
export const PATCH_END = "*** End Patch";
export const FILE_BEGIN = "*** Begin File: ";
export const FILE_END = "*** End File";
export const NO_FINAL_NEWLINE = "\\ No newline at end of file";

/** Tool call ids of edits that came as blocks in the answer text, not as tool calls. */
export const CONTENT_CALL_PREFIX = "wafer-content-";

/** A content-channel call's input as the block the model wrote (for replaying history in its own words). */
export function blockForCall(toolName: string, input: unknown): string | null {
  const args = (input ?? {}) as { patch?: unknown; path?: unknown; content?: unknown };
  try {
    if (toolName === "apply_patch" && typeof args.patch === "string") return encodePatchBlock(args.patch);
    if (toolName === "write_file" && typeof args.path === "string" && typeof args.content === "string") return encodeFileBlock(args.path, args.content);
  } catch {
    // Not expressible as a block: the caller falls back to the tool call.
  }
  return null;
}

export type ContentBlockKind = "patch" | "file";

export type ContentBlockEvent =
  | { type: "text"; text: string }
  | { type: "block-start"; kind: "patch" }
  | { type: "block-start"; kind: "file"; path: string }
  /** Patch blocks: the patch text from `*** Begin Patch` through `*** End Patch`. File blocks: the content. */
  | { type: "block-delta"; text: string }
  | { type: "block-end"; complete: boolean };

/** A patch as a content block (the patch's own Begin/End lines are its delimiters). */
export function encodePatchBlock(patch: string): string {
  const body = patch.replace(/\n+$/, "");
  if (!body.startsWith(`${PATCH_BEGIN}\n`) || !body.endsWith(`\n${PATCH_END}`)) {
    throw new Error("A patch block runs from *** Begin Patch to *** End Patch.");
  }
  return `${body}\n`;
}

/** A whole-file rewrite as a content block. A content line equal to `*** End File` cannot be expressed. */
export function encodeFileBlock(path: string, content: string): string {
  if (/[\n\r]/.test(path) || path === "") throw new Error("A file block's path is one non-empty line.");
  const tail = content === "" || content.endsWith("\n") ? "" : `\n${NO_FINAL_NEWLINE}\n`;
  return `${FILE_BEGIN}${path}\n${content}${tail}${FILE_END}\n`;
}

/**
 * Splits streamed answer text into prose and edit blocks, incrementally: each push returns what is
 * known so far. Only a line that may still turn out to be a delimiter is held back (at most one
 * line), so block content streams as it arrives.
 */
export class ContentBlockSplitter {
  private state: "prose" | "patch" | "file" = "prose";
  /** The current line so far. */
  private line = "";
  /** The current line is held back: it may still be a delimiter. */
  private held = true;
  /** File blocks: the previous content line's newline, held until we know the block goes on. */
  private newlinePending = false;
  /** File blocks: a `\ No newline at end of file` line, held until the next line says what it was. */
  private noEolPending = false;
  private out: ContentBlockEvent[] = [];

  push(text: string): ContentBlockEvent[] {
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      const piece = nl < 0 ? text.slice(start) : text.slice(start, nl);
      if (piece) this.addToLine(piece);
      if (nl < 0) break;
      this.endLine();
      start = nl + 1;
    }
    return this.take();
  }

  /** End of the answer: flushes a held line; an open block ends incomplete. */
  finish(): ContentBlockEvent[] {
    if (this.state === "prose") {
      if (this.held && this.line) this.emit("text", this.line);
    } else if (this.state === "patch") {
      this.closeBlock(this.line === PATCH_END);
    } else {
      const complete = this.held && this.line === FILE_END;
      if (complete && this.newlinePending && !this.noEolPending) this.emit("block-delta", "\n");
      this.closeBlock(complete);
    }
    this.line = "";
    this.held = true;
    return this.take();
  }

  private take(): ContentBlockEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  private emit(type: "text" | "block-delta", text: string): void {
    if (!text) return;
    const last = this.out.at(-1);
    if (last?.type === type) last.text += text;
    else this.out.push({ type, text });
  }

  private mayBeDelimiter(line: string): boolean {
    if (this.state === "prose") return PATCH_BEGIN.startsWith(line) || FILE_BEGIN.startsWith(line) || line.startsWith(FILE_BEGIN);
    if (this.state === "file") return FILE_END.startsWith(line) || NO_FINAL_NEWLINE.startsWith(line);
    // Patch text is streamed as is, its end line included.
    return false;
  }

  /** File blocks: what was held before this line turned out to be content. */
  private releaseFilePending(): void {
    if (this.newlinePending) this.emit("block-delta", "\n");
    if (this.noEolPending) {
      this.emit("block-delta", `${NO_FINAL_NEWLINE}\n`);
      this.noEolPending = false;
    }
    this.newlinePending = false;
  }

  private release(text: string): void {
    if (this.state === "prose") this.emit("text", text);
    else {
      if (this.state === "file") this.releaseFilePending();
      this.emit("block-delta", text);
    }
  }

  private addToLine(piece: string): void {
    this.line += piece;
    if (!this.held) {
      this.release(piece);
    } else if (!this.mayBeDelimiter(this.line)) {
      this.held = false;
      this.release(this.line);
    }
  }

  private endLine(): void {
    const line = this.line;
    const wasHeld = this.held;
    this.line = "";
    this.held = true;
    if (this.state === "prose") {
      if (wasHeld && line === PATCH_BEGIN) {
        this.state = "patch";
        this.out.push({ type: "block-start", kind: "patch" });
        this.emit("block-delta", `${PATCH_BEGIN}\n`);
      } else if (wasHeld && line.startsWith(FILE_BEGIN) && line.length > FILE_BEGIN.length) {
        this.state = "file";
        this.newlinePending = false;
        this.noEolPending = false;
        this.out.push({ type: "block-start", kind: "file", path: line.slice(FILE_BEGIN.length) });
      } else {
        this.emit("text", `${wasHeld ? line : ""}\n`);
      }
      return;
    }
    if (this.state === "patch") {
      if (line === PATCH_END) this.closeBlock(true);
      else this.emit("block-delta", "\n");
      return;
    }
    // File block.
    if (wasHeld && line === FILE_END) {
      if (this.newlinePending && !this.noEolPending) this.emit("block-delta", "\n");
      this.closeBlock(true);
      return;
    }
    if (wasHeld && line === NO_FINAL_NEWLINE && !this.noEolPending) {
      this.noEolPending = true;
      return;
    }
    // A held line (an empty one too) is content after all: what was held before it goes out first.
    if (wasHeld) this.release(line);
    this.newlinePending = true;
  }

  private closeBlock(complete: boolean): void {
    this.out.push({ type: "block-end", complete });
    this.state = "prose";
    this.newlinePending = false;
    this.noEolPending = false;
  }
}
