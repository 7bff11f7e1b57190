/**
 * Line splitting that keeps each line's own terminator, so untouched lines can be
 * written back byte for byte (LF, CRLF and mixed files alike).
 */

export type LineEnding = "\n" | "\r\n";
/** A line's terminator; only a file's last line may have none. */
export type LineTerminator = LineEnding | "";

export interface SplitText {
  /** Line contents without terminators. */
  texts: string[];
  /** Terminator of each line, parallel to `texts`. */
  endings: LineTerminator[];
}

/** Splits on `\n`; a preceding `\r` belongs to the terminator. Lone `\r` stays content. */
export function splitText(text: string): SplitText {
  const texts: string[] = [];
  const endings: LineTerminator[] = [];
  let start = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
    if (nl > start && text.charCodeAt(nl - 1) === 13) {
      texts.push(text.slice(start, nl - 1));
      endings.push("\r\n");
    } else {
      texts.push(text.slice(start, nl));
      endings.push("\n");
    }
    start = nl + 1;
  }
  if (start < text.length) {
    texts.push(text.slice(start));
    endings.push("");
  }
  return { texts, endings };
}

/** Lines with their terminators attached; `join("")` gives back the input exactly. */
export function splitLinesKeepEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

export function joinText(texts: readonly string[], endings: readonly LineTerminator[]): string {
  let out = "";
  for (let i = 0; i < texts.length; i++) out += texts[i]! + endings[i]!;
  return out;
}

/**
 * Lines of one text plus their offsets, so unchanged stretches can be copied back as
 * single slices of the original instead of line by line.
 */
export class TextLines {
  readonly text: string;
  /** Line contents without terminators. */
  readonly lines: readonly string[];
  readonly count: number;
  /** Offset where line i starts; `starts[count]` is the text length. */
  private readonly starts: number[];
  private readonly report: LineEndingReport;

  constructor(text: string) {
    this.text = text;
    // Native split is several times faster than an indexOf/slice loop on large files.
    const lines = text.split("\n");
    const terminated = lines.length - 1;
    if (text.endsWith("\n") || text === "") lines.length = terminated;
    const starts: number[] = new Array<number>(lines.length + 1);
    let lf = 0;
    let crlf = 0;
    let first: LineEnding | null = null;
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      starts[i] = offset;
      const line = lines[i]!;
      offset += line.length + 1;
      if (i >= terminated) continue;
      if (line.endsWith("\r")) {
        lines[i] = line.slice(0, -1);
        crlf++;
        first ??= "\r\n";
      } else {
        lf++;
        first ??= "\n";
      }
    }
    starts[lines.length] = text.length;
    this.lines = lines;
    this.count = lines.length;
    this.starts = starts;
    this.report = lineEndingReport(lf, crlf, first);
  }

  ending(i: number): LineTerminator {
    const length = this.starts[i + 1]! - this.starts[i]! - this.lines[i]!.length;
    return length === 0 ? "" : length === 1 ? "\n" : "\r\n";
  }

  /** Lines [from, to) exactly as in the text, terminators included. */
  raw(from: number, to: number): string {
    return this.text.slice(this.starts[from], this.starts[to]);
  }

  lineEndings(): LineEndingReport {
    return this.report;
  }
}

type LineEndingStyle = "lf" | "crlf" | "mixed" | "none";

export interface LineEndingReport {
  style: LineEndingStyle;
  /** Ending for new lines: the most frequent one, ties going to the first seen; LF when there is none. */
  dominant: LineEnding;
  lf: number;
  crlf: number;
}

export function detectLineEndings(endings: readonly LineTerminator[]): LineEndingReport {
  let lf = 0;
  let crlf = 0;
  let first: LineEnding | null = null;
  for (const ending of endings) {
    if (ending === "") continue;
    if (ending === "\n") lf++;
    else crlf++;
    first ??= ending;
  }
  return lineEndingReport(lf, crlf, first);
}

function lineEndingReport(lf: number, crlf: number, first: LineEnding | null): LineEndingReport {
  const style: LineEndingStyle = lf && crlf ? "mixed" : crlf ? "crlf" : lf ? "lf" : "none";
  // Codex picks the first ending seen; the majority is a better guess for mixed files.
  const dominant: LineEnding = crlf > lf ? "\r\n" : lf > crlf ? "\n" : (first ?? "\n");
  return { style, dominant, lf, crlf };
}

export function detectTextLineEndings(text: string): LineEndingReport {
  return new TextLines(text).lineEndings();
}

/** Removes one trailing `\n` or `\r\n` from a line that was split with its terminator. */
export function stripLineEnding(line: string): string {
  if (line.endsWith("\r\n")) return line.slice(0, -2);
  if (line.endsWith("\n")) return line.slice(0, -1);
  return line;
}
