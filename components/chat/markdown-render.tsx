"use client";

import { Check, Copy } from "lucide-react";
import { Lexer, type Token, type Tokens } from "marked";
import { createElement, Fragment, useEffect, useRef, useState, type ReactNode } from "react";

import { IconButton } from "@/components/ui/button";

type HighlightModule = typeof import("./highlight");
let highlightModule: Promise<HighlightModule> | null = null;
/** The highlighter's own chunk, fetched the first time a code block (or the idle warm-up) needs it. */
export function loadHighlighter(): Promise<HighlightModule> {
  highlightModule ??= import("./highlight");
  return highlightModule;
}

const ENTITY = /&(?:#(\d{1,7})|#x([\da-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Character references in prose (`&amp;`, `&#39;`); code spans keep theirs, as markdown says. */
function decode(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    const point = dec ? Number(dec) : hex ? parseInt(hex, 16) : null;
    if (point !== null) return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : match;
    return NAMED[(name ?? "").toLowerCase()] ?? match;
  });
}

/** Model output may link anywhere it likes, but only to the web or mail: no javascript:, data: and friends. */
function safeHref(href: string): string | undefined {
  const trimmed = href.trim();
  if (/^[a-z][a-z\d+.-]*:/i.test(trimmed)) return /^(https?|mailto):/i.test(trimmed) ? trimmed : undefined;
  return trimmed || undefined;
}

function inline(tokens: readonly Token[] | undefined): ReactNode[] {
  return tokens ? tokens.map(inlineToken) : [];
}

function inlineToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case "text":
      return token.tokens?.length ? <Fragment key={key}>{inline(token.tokens)}</Fragment> : decode(token.text);
    case "escape":
      return token.text;
    case "strong":
      return <strong key={key}>{inline(token.tokens)}</strong>;
    case "em":
      return <em key={key}>{inline(token.tokens)}</em>;
    case "del":
      return <del key={key}>{inline(token.tokens)}</del>;
    case "codespan":
      return <code key={key}>{token.text}</code>;
    case "br":
      return <br key={key} />;
    case "link": {
      const href = safeHref(token.href);
      return href ? (
        <a key={key} href={href} title={token.title ?? undefined} target="_blank" rel="noreferrer noopener">
          {inline(token.tokens)}
        </a>
      ) : (
        <Fragment key={key}>{inline(token.tokens)}</Fragment>
      );
    }
    case "image": {
      // Never fetch images the model names (privacy, no third-party loads): link to them instead.
      const href = safeHref(token.href);
      return href ? (
        <a key={key} href={href} title={token.title ?? undefined} target="_blank" rel="noreferrer noopener">
          {token.text || href}
        </a>
      ) : (
        token.text
      );
    }
    case "checkbox":
      return <input key={key} type="checkbox" checked={token.checked} readOnly disabled className="mr-1 align-middle" />;
    case "html":
      // Shown as written, never interpreted as markup.
      return token.text;
    default:
      return "raw" in token ? token.raw : null;
  }
}

function blocks(tokens: readonly Token[], highlight: boolean): ReactNode[] {
  return tokens.map((token, index) => blockToken(token, index, highlight));
}

export function codeLanguage(info: string | undefined): string {
  return (info ?? "").trim().split(/\s+/)[0] ?? "";
}

function blockToken(token: Token, key: number, highlight: boolean): ReactNode {
  switch (token.type) {
    case "space":
    case "def":
      return null;
    case "paragraph":
      return <p key={key}>{inline(token.tokens)}</p>;
    case "heading":
      return createElement(`h${Math.min(Math.max(token.depth as number, 1), 6)}`, { key }, inline(token.tokens));
    case "code":
      return <CodeBlock key={key} lang={codeLanguage(token.lang as string | undefined)} code={token.text as string} highlight={highlight} />;
    case "blockquote":
      return <blockquote key={key}>{blocks(token.tokens ?? [], highlight)}</blockquote>;
    case "list": {
      const list = token as Tokens.List;
      const items = list.items.map((item, index) => <li key={index}>{blocks(item.tokens, highlight)}</li>);
      return list.ordered ? (
        <ol key={key} start={typeof list.start === "number" && list.start !== 1 ? list.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case "table": {
      const table = token as Tokens.Table;
      const align = (index: number) => table.align[index] ?? undefined;
      return (
        <table key={key}>
          <thead>
            <tr>
              {table.header.map((cell, index) => (
                <th key={index} style={{ textAlign: align(index) }}>
                  {inline(cell.tokens)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {row.map((cell, index) => (
                  <td key={index} style={{ textAlign: align(index) }}>
                    {inline(cell.tokens)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case "hr":
      return <hr key={key} />;
    case "checkbox":
      return inlineToken(token, key);
    case "html":
      return (
        <p key={key} className="whitespace-pre-wrap">
          {token.text}
        </p>
      );
    case "text":
      return token.tokens?.length ? <Fragment key={key}>{inline(token.tokens)}</Fragment> : decode(token.text as string);
    default:
      return "raw" in token ? <p key={key}>{token.raw}</p> : null;
  }
}

/** Highlighting a huge block would stall the page for a while; it stays plain text. */
const MAX_HIGHLIGHT_CHARS = 20_000;

/** Runs `work` when the browser is idle (soon, at the latest); returns a cancel function. */
export function whenIdle(work: () => void, timeoutMs = 1000): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const handle = window.requestIdleCallback(work, { timeout: timeoutMs });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(work, 50);
  return () => window.clearTimeout(handle);
}

/**
 * A code block with its language and a copy button. It is highlighted once complete, in idle time:
 * the text shows at once and the colours follow, so a burst of finished blocks never costs a frame.
 */
export function CodeBlock({ lang, code, highlight }: { lang: string; code: string; highlight: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const [highlighted, setHighlighted] = useState<{ code: string; nodes: ReactNode[] | null } | null>(null);
  const wanted = highlight && lang !== "" && code.length <= MAX_HIGHLIGHT_CHARS;
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    const cancelIdle = whenIdle(
      () =>
        void loadHighlighter().then(({ highlightCode }) => {
          if (live) setHighlighted({ code, nodes: highlightCode(code, lang) });
        }),
    );
    return () => {
      live = false;
      cancelIdle();
    };
  }, [wanted, code, lang]);
  const nodes = wanted && highlighted?.code === code ? highlighted.nodes : null;
  const copy = () => {
    void navigator.clipboard?.writeText(ref.current?.textContent ?? code).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    });
  };
  return (
    <div className="chat-code">
      <div className="chat-code-bar">
        <span>{lang || "code"}</span>
        <IconButton label={copied ? "Copied" : "Copy code"} size="xs" className="size-5" onClick={copy}>
          {copied ? <Check className="size-3" /> : <Copy className="size-3" />}
        </IconButton>
      </div>
      <pre ref={ref}>{nodes ? <code className={`hljs language-${lang}`}>{nodes}</code> : <code>{code}</code>}</pre>
    </div>
  );
}

/**
 * Renders one markdown block (GFM: tables, task lists, strikethrough, autolinks) straight from
 * marked's tokens: about ten times cheaper than a unified pipeline per block, which matters when a
 * burst of streamed text completes several blocks in one frame. Raw HTML is shown as text.
 */
export function renderMarkdown(source: string, { highlight }: { highlight: boolean }): ReactNode[] {
  return blocks(new Lexer({ gfm: true }).lex(source), highlight);
}
