import { z } from "zod";

/**
 * What the offline demo model says: honest scripted replies plus, when it can, one real edit to
 * show live streaming into the editor. Production code (./stream.ts serves it as an OpenAI-style
 * stream); the scripted upstream for tests plays the same reply (lib/testing/upstream/demo.ts).
 */

/** Fast enough to show off streaming, in the range a real Cerebras model reaches. */
export const DEMO_RATE = 1500;
export const DEMO_TTFT_MS = 80;

/** The fields of an OpenAI chat message the demo reads. */
export interface DemoMessage {
  role: string;
  content?: string | readonly { type: string; text?: string }[] | null;
  tool_calls?: readonly { function: { name: string; arguments: string } }[] | null;
}

export type DemoStep = { type: "text" | "reasoning"; text: string } | { type: "tool_call"; name: string; arguments: string };

function textOf(message: DemoMessage): string {
  const { content } = message;
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text ?? "").join("");
}

export interface ContextFile {
  path: string;
  content: string;
}

const FILE_BLOCK = /<file\b([^>]*)>\n([\s\S]*?)\n?<\/file>/g;
/** Every context block the chat packs before the user's words (lib/ai/prompts.ts writes them). */
const CONTEXT_BLOCK = /<(file|selection|project_tree|diagnostics)\b[^>]*>\n[\s\S]*?\n?<\/\1>/g;
const ATTRIBUTE = /([\w-]+)="([^"]*)"/g;

function unescapeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/**
 * The file marked active in Wafer's context block: `<file path="PATH" active="true">\n…\n</file>`
 * in a system or user message (the newest wins). The one place that knows this format.
 */
export function findActiveFile(messages: readonly DemoMessage[]): ContextFile | null {
  for (let m = messages.length - 1; m >= 0; m--) {
    const message = messages[m]!;
    if (message.role !== "system" && message.role !== "user") continue;
    let found: ContextFile | null = null;
    for (const block of textOf(message).matchAll(FILE_BLOCK)) {
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
  const comment = `${open}TODO (Wafer offline demo, scripted): ${safe}${close}`;
  const first = file.content.slice(0, (file.content + "\n").indexOf("\n")).replace(/\r$/, "");
  const lines = first.startsWith("#!") ? [`-${first}`, `+${first}`, `+${comment}`] : [`-${first}`, `+${comment}`, `+${first}`];
  return `*** Begin Patch\n*** Update File: ${file.path}\n@@\n${lines.join("\n")}\n*** End Patch\n`;
}

function lastUserRequest(messages: readonly DemoMessage[]): string {
  const user = [...messages].reverse().find((message) => message.role === "user");
  const text = user ? textOf(user).replace(CONTEXT_BLOCK, " ").replace(/\s+/g, " ").trim() : "";
  if (text.length === 0) return "hello";
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const PatchArgumentsSchema = z.looseObject({ patch: z.string() });

function patchedPath(messages: readonly DemoMessage[]): string | null {
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

/** The demo's reply to a conversation, given the names of the tools it may call. */
export function demoReply(messages: readonly DemoMessage[], toolNames: readonly string[]): DemoStep[] {
  const last = messages.at(-1);
  if (last?.role === "tool") {
    const path = patchedPath(messages);
    const summary = path
      ? `Offline demo: proposed one comment line at the top of \`${path}\`. This edit was scripted, not written by AI.`
      : "Offline demo: the scripted step is done. This reply was scripted, not written by AI.";
    return [{ type: "text", text: summary }];
  }

  const intro = "**Demo model (offline).** This reply is scripted: no AI model is connected, so I can't answer questions or write real code.";
  const reasoning: DemoStep = { type: "reasoning", text: "Offline demo: no model is connected, so this reply is canned." };
  const canPatch = toolNames.includes("apply_patch");
  const file = canPatch ? findActiveFile(messages) : null;
  const patch = file ? demoPatch(file, lastUserRequest(messages)) : null;
  if (!file || !patch) {
    const openFileHint = canPatch && !file ? "\n\nOpen a file and ask again to watch a demo edit stream into the editor." : "";
    const cannotEditHint = file && !patch ? `\n\nThe demo edit adds one comment line, which \`${file.path}\` can't take (empty, or no comment syntax).` : "";
    return [reasoning, { type: "text", text: `${intro}${openFileHint}${cannotEditHint}\n\n${CONNECT_HINT}` }];
  }
  const plan =
    `To show how edits stream into the editor, I'll add one comment line to the top of \`${file.path}\`. ` +
    "Review it like any AI edit: accept or reject the hunk.";
  const text = `${intro}\n\n${plan}\n\n${CONNECT_HINT}`;
  return [reasoning, { type: "text", text }, { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch }) }];
}
