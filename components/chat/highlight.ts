import { createElement, type ReactNode } from "react";
import rehypeHighlight from "rehype-highlight";

/**
 * Syntax highlighting for chat code blocks. This module (rehype-highlight with highlight.js and ~40
 * grammars, about a third of the chat pane's JS) is loaded on demand by markdown-render, so the IDE's
 * first keystroke never waits for it.
 */
type Highlighter = ReturnType<typeof rehypeHighlight>;
type HastRoot = Parameters<Highlighter>[0];
type HastFile = Parameters<Highlighter>[1];
/** The few hast shapes the highlighter produces inside a code element. */
type HastNode = { type: "text"; value: string } | { type: "element"; tagName: string; properties?: { className?: unknown }; children: HastNode[] } | { type: "comment" };

let highlighter: Highlighter | null = null;
/** Built once: rehype-highlight registers ~40 grammars each time it is set up. */
function sharedHighlighter(): Highlighter {
  highlighter ??= rehypeHighlight({ detect: false });
  return highlighter;
}

// The highlighter reports unknown languages to the file; an unknown language simply stays plain.
const quietFile = { message: () => undefined } as unknown as HastFile;

function toReact(nodes: readonly HastNode[]): ReactNode[] {
  return nodes.map((node, index) => {
    if (node.type === "text") return node.value;
    if (node.type !== "element") return null;
    const className = Array.isArray(node.properties?.className) ? node.properties.className.join(" ") : undefined;
    return createElement(node.tagName, { key: index, className }, toReact(node.children));
  });
}

/** Syntax-highlighted code as React nodes, or null when the language is unknown (render it plain). */
export function highlightCode(code: string, language: string): ReactNode[] | null {
  if (!language) return null;
  const element = { type: "element", tagName: "code", properties: { className: [`language-${language}`] }, children: [{ type: "text", value: code }] };
  const tree = { type: "root", children: [{ type: "element", tagName: "pre", properties: {}, children: [element] }] } as unknown as HastRoot;
  sharedHighlighter()(tree, quietFile);
  const classes = element.properties.className;
  return classes.includes("hljs") ? toReact(element.children as HastNode[]) : null;
}
