"use client";

import { memo, useMemo, useState } from "react";

import { MarkdownSplitter, type MarkdownBlock } from "@/lib/chat/markdown-blocks";

import { CodeBlock, codeLanguage, loadHighlighter, renderMarkdown, whenIdle } from "./markdown-render";

import "./markdown.css";

function sameBlock(a: MarkdownBlock, b: MarkdownBlock): boolean {
  if (a === b) return true;
  if (a.complete !== b.complete) return false;
  // A closed fence may still gain its trailing newline; what it shows is the same.
  if (a.code && b.code) return a.code.text === b.code.text && a.code.closed === b.code.closed && a.code.lang === b.code.lang;
  return a.raw === b.raw;
}

/**
 * One top-level block, memoized: a complete block renders once (with highlighting); the open tail
 * re-renders as it grows, and an open code block is plain text until its fence closes.
 */
const Block = memo(
  function Block({ block }: { block: MarkdownBlock }) {
    if (block.code) return <CodeBlock lang={codeLanguage(block.code.lang)} code={block.code.text} highlight={block.code.closed} />;
    return <>{renderMarkdown(block.raw, { highlight: block.complete })}</>;
  },
  (previous, next) => sameBlock(previous.block, next.block),
);

/**
 * Markdown that may still be streaming: split into top-level blocks where only the open tail is
 * lexed and rendered again as text arrives; everything before it keeps its elements.
 */
export const StreamingMarkdown = memo(function StreamingMarkdown({ text, streaming }: { text: string; streaming: boolean }) {
  const [splitter] = useState(() => new MarkdownSplitter());
  const { blocks } = useMemo(() => splitter.split(text, { final: !streaming }), [splitter, text, streaming]);
  return (
    <div className="chat-md" data-testid="message-text">
      {blocks.map((block) => (
        <Block key={block.key} block={block} />
      ))}
    </div>
  );
});

/** Grammars compile on first use; these are the usual ones, compiled ahead of the first answer. */
const WARM_LANGUAGES = ["typescript", "javascript", "python", "json", "bash", "css", "xml", "diff", "yaml", "go", "rust", "sql"];

/**
 * Loads the highlighter's chunk and compiles the common grammars while the browser is idle, one step
 * per idle period, so neither the first code block nor the warm-up itself stalls the page. It starts
 * after the window's load event: before it, "idle" is the page waiting on Monaco's chunks, and
 * parsing the highlighter then delays the editor. Returns a cancel function.
 */
export function warmHighlighter(): () => void {
  let cancelled = false;
  let cancel = () => {};
  const steps = WARM_LANGUAGES.map((language) => () => void loadHighlighter().then(({ highlightCode }) => void highlightCode("x", language)));
  const next = () => {
    steps.shift()?.();
    if (steps.length && !cancelled) cancel = whenIdle(next, 5000);
  };
  const start = () => {
    if (!cancelled) cancel = whenIdle(next, 5000);
  };
  if (document.readyState === "complete") start();
  else {
    window.addEventListener("load", start, { once: true });
    cancel = () => window.removeEventListener("load", start);
  }
  return () => {
    cancelled = true;
    cancel();
  };
}
