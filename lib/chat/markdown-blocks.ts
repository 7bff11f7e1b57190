import { Lexer, type Token } from "marked";

interface CodeInfo {
  lang: string;
  text: string;
  /** Fenced and its closing fence has arrived (or indented code that something followed). */
  closed: boolean;
}

export interface MarkdownBlock {
  /** The block's offset in the text: stable while the block grows and once it is complete. */
  key: string;
  /** The block's markdown source. */
  raw: string;
  /** Set for code blocks, which render without a markdown parser while they stream. */
  code: CodeInfo | null;
  /** Nothing that arrives later can change this block. */
  complete: boolean;
}

export interface MarkdownSplit {
  /** The (newline-normalised) text this split was made from. */
  source: string;
  blocks: MarkdownBlock[];
  /** Blocks [0, stableCount) are complete and end at `stableEnd`; later text is re-split. */
  stableCount: number;
  stableEnd: number;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/**
 * The closing fence counts once its line has ended (`lineEnded`: more text follows the block), since
 * "```js" on that line would reopen the block.
 */
function fenceClosed(raw: string, lineEnded: boolean): boolean {
  const open = FENCE_OPEN.exec(raw);
  if (!open || !lineEnded) return false;
  const body = raw.replace(/\n+$/, "");
  const lastNewline = body.lastIndexOf("\n");
  if (lastNewline < 0) return false;
  const close = FENCE_CLOSE.exec(body.slice(lastNewline + 1));
  const marker = open[1]!;
  return close !== null && close[1]![0] === marker[0] && close[1]!.length >= marker.length;
}

function toBlock(token: Token, start: number, settled: boolean, lineEnded: boolean): MarkdownBlock {
  if (token.type === "code") {
    // A fenced block is done at its closing fence; indented code can always take another line.
    const closed = settled || (token.codeBlockStyle !== "indented" && fenceClosed(token.raw, lineEnded));
    return { key: String(start), raw: token.raw, code: { lang: (token.lang as string | undefined) ?? "", text: token.text as string, closed }, complete: closed };
  }
  return { key: String(start), raw: token.raw, code: null, complete: settled };
}

/**
 * Splits markdown into top-level blocks for rendering while it streams. Markdown only extends its
 * open blocks, and a blank line closes everything before it, so with the previous split the work
 * per call is proportional to the tail since the last blank line: earlier blocks keep their objects
 * and keys and are not lexed again. Only block-level lexing happens here; each block renders alone.
 */
export function splitMarkdownBlocks(input: string, previous: MarkdownSplit | null = null, { final = false }: { final?: boolean } = {}): MarkdownSplit {
  // The lexer turns CR/CRLF into LF; offsets must count what it counts.
  const text = input.includes("\r") ? input.replace(/\r\n?/g, "\n") : input;
  const reuse = previous !== null && text.length >= previous.stableEnd && text.startsWith(previous.source.slice(0, previous.stableEnd));
  const kept = reuse ? previous.blocks.slice(0, previous.stableCount) : [];
  const offset = reuse ? previous.stableEnd : 0;

  const segment = text.slice(offset);
  const tokens = new Lexer({ gfm: true }).blockTokens(segment, []);
  const spans: { token: Token; start: number }[] = [];
  let position = offset;
  // Where the open tail begins: after the last blank line that has a block after it, unless a list
  // ends there (a later "1." or "-" line, or an indented one, still continues a list across blanks).
  let tailFrom = 0;
  let blankBefore: number | null = null;
  for (const token of tokens) {
    if (token.type === "space") blankBefore = spans.length;
    else if (token.type !== "def") {
      if (blankBefore !== null && spans[blankBefore - 1]?.token.type !== "list") tailFrom = blankBefore;
      blankBefore = null;
      spans.push({ token, start: position });
    }
    position += token.raw.length;
  }
  if (position !== text.length) {
    // The lexer dropped or rewrote something: fall back to the tail as one block, still correct.
    const tail: MarkdownBlock = { key: String(offset), raw: segment, code: null, complete: final };
    const blocks = segment.trim() ? [...kept, tail] : kept;
    return { source: text, blocks, stableCount: kept.length, stableEnd: offset };
  }
  // Blocks with no blank line after them may still change: a setext underline or a list marker can
  // re-read the lines above it, so the whole run since the last blank line stays open.
  // `final` renders every block as complete, but what is reused stays the same: a finished text can
  // still grow (a stopped answer replaced by the longer one the server stored).
  const settledCount = Math.min(tailFrom, spans.length);
  const blocks = kept.slice();
  spans.forEach(({ token, start }, index) => blocks.push(toBlock(token, start, final || index < settledCount, token.raw.endsWith("\n") || start + token.raw.length < text.length)));
  const open = spans[settledCount];
  return { source: text, blocks, stableCount: kept.length + settledCount, stableEnd: open ? open.start : offset };
}

/** Keeps the previous split between calls, so each call re-lexes only the tail. */
export class MarkdownSplitter {
  private previous: MarkdownSplit | null = null;

  split(text: string, { final = false }: { final?: boolean } = {}): MarkdownSplit {
    this.previous = splitMarkdownBlocks(text, this.previous, { final });
    return this.previous;
  }
}
