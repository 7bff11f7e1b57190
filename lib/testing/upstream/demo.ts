import { z } from "zod";

import type { ChatMessage, ChatRequest, Script } from "./schema";
import { messageText } from "./tokens";

/** Model id of the product's "Demo model (offline)". */
export const DEMO_MODEL_ID = "wafer-demo";
/** Fast enough to show off streaming, in the range a real Cerebras model reaches. */
export const DEMO_RATE = 1500;
const DEMO_TTFT_MS = 80;

export interface ContextFile {
  path: string;
  content: string;
}

const FILE_BLOCK = /<file\b([^>]*)>\n([\s\S]*?)\n?<\/file>/g;
const ATTRIBUTE = /([\w-]+)="([^"]*)"/g;

function unescapeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * The file marked active in Wafer's context block: `<file path="PATH" active="true">\n…\n</file>`
 * in a system or user message (the newest wins). The one place that knows this format.
 */
export function findActiveFile(messages: readonly ChatMessage[]): ContextFile | null {
  for (let m = messages.length - 1; m >= 0; m--) {
    const message = messages[m]!;
    if (message.role !== "system" && message.role !== "user") continue;
    let found: ContextFile | null = null;
    for (const block of messageText(message).matchAll(FILE_BLOCK)) {
      const attributes = new Map([...block[1]!.matchAll(ATTRIBUTE)].map((a) => [a[1]!, unescapeAttribute(a[2]!)]));
      const path = attributes.get("path");
      if (path && attributes.get("active") === "true") found = { path, content: block[2]! };
    }
    if (found) return found;
  }
  return null;
}

type CommentStyle = readonly [open: string, close: string];

const COMMENT_STYLES: readonly (readonly [CommentStyle, readonly string[]])[] = [
  [["// ", ""], ["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts", "jsonc", "java", "kt", "kts", "scala", "swift", "go", "rs", "c", "h", "cc", "cpp", "hpp", "cs", "dart", "php", "groovy", "zig"]],
  [["# ", ""], ["py", "rb", "sh", "bash", "zsh", "fish", "yaml", "yml", "toml", "r", "pl", "ps1", "ex", "exs", "nim", "cr", "jl", "dockerfile", "makefile", "mk", "cmake", "conf", "env", "gitignore"]],
  [["-- ", ""], ["sql", "lua", "hs", "elm", "ada"]],
  [["; ", ""], ["ini", "clj", "cljs", "edn", "lisp", "el", "scm", "asm"]],
  [["% ", ""], ["tex", "erl", "m"]],
  [["<!-- ", " -->"], ["html", "htm", "xml", "svg", "md", "mdx", "vue", "svelte", "astro"]],
  [["/* ", " */"], ["css", "scss", "sass", "less"]],
  [["", ""], ["txt", "text"]],
];

/** How to write a one-line comment in this file, or null when the format has none (JSON) or is unknown. */
export function commentStyleFor(path: string): CommentStyle | null {
  const name = path.split("/").pop()!.toLowerCase();
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1) : name;
  for (const [style, extensions] of COMMENT_STYLES) if (extensions.includes(ext)) return style;
  return null;
}

/** A Codex-format patch that inserts one comment line at the top (after a shebang, which must stay first). */
export function demoPatch(file: ContextFile, request: string): string | null {
  const style = commentStyleFor(file.path);
  if (!style || file.content.length === 0) return null;
  const [open, close] = style;
  // The request must not close the comment early.
  const safe = close ? request.replaceAll(close.trim(), "") : request;
  const comment = `${open}Wafer demo: ${safe}${close}`;
  const first = file.content.slice(0, (file.content + "\n").indexOf("\n")).replace(/\r$/, "");
  const lines = first.startsWith("#!") ? [`-${first}`, `+${first}`, `+${comment}`] : [`-${first}`, `+${comment}`, `+${first}`];
  return `*** Begin Patch\n*** Update File: ${file.path}\n@@\n${lines.join("\n")}\n*** End Patch\n`;
}

function lastUserRequest(messages: readonly ChatMessage[]): string {
  const user = [...messages].reverse().find((message) => message.role === "user");
  const text = user ? messageText(user).replace(FILE_BLOCK, " ").replace(/\s+/g, " ").trim() : "";
  if (text.length === 0) return "hello";
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const PatchArgumentsSchema = z.looseObject({ patch: z.string() });

function patchedPath(messages: readonly ChatMessage[]): string | null {
  for (let m = messages.length - 1; m >= 0; m--) {
    for (const call of messages[m]!.tool_calls ?? []) {
      if (call.function.name !== "apply_patch") continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(call.function.arguments);
      } catch {
        continue;
      }
      const args = PatchArgumentsSchema.safeParse(parsed);
      const path = args.success ? /^\*\*\* Update File: (.+)$/m.exec(args.data.patch)?.[1] : undefined;
      if (path) return path;
    }
  }
  return null;
}

const CONNECT_HINT =
  "To connect a real model, set `CEREBRAS_API_KEY` (Cerebras), or `AI_BASE_URL` and `AI_API_KEY` for any OpenAI-compatible server, and restart Wafer.";

/** The offline demo model: honest scripted replies plus, when it can, one real edit to show live streaming into the editor. */
export function demoScript(body: ChatRequest): Script {
  const pace = { rate: DEMO_RATE, ttftMs: DEMO_TTFT_MS };
  const last = body.messages.at(-1);
  if (last?.role === "tool") {
    const path = patchedPath(body.messages);
    const summary = path
      ? `Offline demo: proposed one comment line at the top of \`${path}\`. This edit was scripted, not written by AI.`
      : "Offline demo: the scripted step is done. This reply was scripted, not written by AI.";
    return { ...pace, steps: [{ type: "text", text: summary }] };
  }

  const intro = "**Demo model (offline).** This reply is scripted: no AI model is connected, so I can't answer questions or write real code.";
  const reasoning = { type: "reasoning", text: "Offline demo: no model is connected, so this reply is canned." } as const;
  const canPatch = body.tools?.some((tool) => tool.function.name === "apply_patch") ?? false;
  const file = canPatch ? findActiveFile(body.messages) : null;
  const patch = file ? demoPatch(file, lastUserRequest(body.messages)) : null;
  if (!file || !patch) {
    const openFileHint = canPatch && !file ? "\n\nOpen a file and ask again to watch a demo edit stream into the editor." : "";
    const cannotEditHint = file && !patch ? `\n\nThe demo edit adds one comment line, which \`${file.path}\` can't take (empty, or no comment syntax).` : "";
    return { ...pace, steps: [reasoning, { type: "text", text: `${intro}${openFileHint}${cannotEditHint}\n\n${CONNECT_HINT}` }] };
  }
  const plan =
    `To show how edits stream into the editor, I'll add one comment line to the top of \`${file.path}\`. ` +
    "Review it like any AI edit: accept or reject the hunk.";
  const text = `${intro}\n\n${plan}\n\n${CONNECT_HINT}`;
  return {
    ...pace,
    steps: [reasoning, { type: "text", text }, { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch }) }],
  };
}
