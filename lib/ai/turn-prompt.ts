import "server-only";

import type { TurnHistoryMessage, TurnState } from "@/db/queries/sessions";
import type { ContextReport, EditChannel, ParsedChatRequest } from "@/lib/chat/contract";
import { AppError } from "@/lib/errors";

import type { ModelCapabilities } from "./catalog";
import { MESSAGE_OVERHEAD_TOKENS, packContext, type HistoryTurn, type PackCandidate } from "./context";
import { diagnosticsBlock, fileBlock, selectionBlock, systemPrompt, treeBlock } from "./prompts";
import { countTokens, countTokensCached } from "./tokens";
import type { TurnTarget } from "./turn-target";

/**
 * The answer's output allowance (`max_completion_tokens`). Cerebras holds it against the key's
 * per-minute token bucket and Wafer holds it against the workspace's budget until the call settles,
 * so it is sized to what a step can need rather than to the model's maximum. A step writes, at most,
 * low-effort reasoning (~1–2k tokens with reasoning_effort "low"), prose, and one edit; the largest
 * edit is a whole-file rewrite of a file it was shown (write_file on the tool channel, a rewrite block
 * on the content channel). So: a floor of 8,192 tokens (reasoning + a ~600-line new file at ~10
 * tokens a line), raised to 1.25 × the largest file in the prompt + 2,048 when that is bigger, and
 * never above 16,384 (what the chat sent for every turn before) or the model's own limit. A step
 * that reaches it ends "cut off" with what arrived saved, and says so.
 */
const MIN_OUTPUT_TOKENS = 8_192;
const MAX_OUTPUT_TOKENS = 16_384;
/** Tool schemas and descriptions ride along with every request; measured once from their JSON. */
const TOOL_DEFINITION_TOKENS = 900;
const TREE_LIMIT = 2000;

/** What one step may write, given the largest file in its prompt (see MIN_OUTPUT_TOKENS). */
export function outputTokenLimit(model: ModelCapabilities, largestFileTokens = 0): number {
  const wanted = Math.max(MIN_OUTPUT_TOKENS, Math.ceil(largestFileTokens * 1.25) + 2_048);
  return Math.min(model.maxOutputTokens, MAX_OUTPUT_TOKENS, wanted);
}

function sliceLines(text: string, startLine: number, endLine: number): string {
  return text
    .split("\n")
    .slice(startLine - 1, endLine)
    .join("\n");
}

/**
 * File blocks, reused while the file's content is the same string (the turn cache hands out the same
 * content turn after turn). The request body finds a block's JSON by the block itself
 * (./request-body): a block built anew each turn was hashed and compared in full there, 30 open files
 * about 270 KB a turn.
 */
const fileBlocks = new Map<string, { content: string; block: string }>();
const MAX_FILE_BLOCK_CHARS = 32 * 1024 * 1024;
let fileBlockChars = 0;

function heldFileBlock(projectId: string, path: string, content: string, active: boolean): string {
  const key = `${projectId}\u0000${path}\u0000${active ? 1 : 0}`;
  const hit = fileBlocks.get(key);
  if (hit) {
    fileBlocks.delete(key);
    if (hit.content === content) {
      fileBlocks.set(key, hit);
      return hit.block;
    }
    fileBlockChars -= hit.block.length;
  }
  const block = fileBlock(path, content, active);
  fileBlocks.set(key, { content, block });
  fileBlockChars += block.length;
  for (const [oldest, entry] of fileBlocks) {
    if (fileBlockChars <= MAX_FILE_BLOCK_CHARS) break;
    fileBlocks.delete(oldest);
    fileBlockChars -= entry.block.length;
  }
  return block;
}

/** The tree block and its token count per project and tree fingerprint: rebuilt only when the tree changes. */
const trees = new Map<string, { text: string; tokens: number; files: number } | null>();
const MAX_TREES = 200;

function projectTree(state: TurnState): { text: string; tokens: number; files: number } | null {
  const key = `${state.projectId}:${state.tree.fingerprint}`;
  const hit = trees.get(key);
  if (hit !== undefined) return hit;
  const paths = state.files.filter((f) => f.kind === "file").map((f) => f.path);
  let tree: { text: string; tokens: number; files: number } | null = null;
  if (paths.length) {
    const text = treeBlock(paths.slice(0, TREE_LIMIT));
    tree = { text, tokens: countTokens(text), files: paths.length };
  }
  trees.set(key, tree);
  if (trees.size > MAX_TREES) trees.delete(trees.keys().next().value as string);
  return tree;
}

/** History grouped into turns (a user message and its answers), so packing never keeps half a turn. */
function historyTurns(history: TurnHistoryMessage[]): HistoryTurn<TurnHistoryMessage[]>[] {
  const turns: HistoryTurn<TurnHistoryMessage[]>[] = [];
  for (const message of history) {
    const last = turns.at(-1);
    if (message.role === "assistant" && last) {
      last.payload.push(message);
      last.tokens += message.tokenCount + MESSAGE_OVERHEAD_TOKENS;
    } else {
      turns.push({
        label: message.label || "(message)",
        tokens: message.tokenCount + MESSAGE_OVERHEAD_TOKENS,
        payload: [message],
      });
    }
  }
  return turns;
}

export interface PackedPrompt {
  system: string;
  userContent: string;
  /** What `userContent` joins: its context blocks, their separators and the user's words (./request-body). */
  userContentPieces: string[];
  history: TurnHistoryMessage[];
  report: ContextReport;
  activeFileContent: string | null;
  /** The output allowance each model call of the turn asks for (and reserves). */
  maxOutputTokens: number;
}

/** The prompt for one turn: context blocks and history packed into the model's window, or a clear refusal. */
export function packPrompt(
  request: ParsedChatRequest,
  state: TurnState,
  model: ModelCapabilities,
  target: TurnTarget,
  editChannel: EditChannel,
  /** The plan's cap (entitlements.maxContextTokens) on top of the model's window. */
  maxContextTokens = Infinity,
): PackedPrompt {
  const ctx = request.context;
  const files = new Map(state.files.filter((f) => f.content !== null).map((f) => [f.path, f]));
  const fileText = (path: string) => files.get(path)?.content ?? null;
  const fileTokens = (path: string, block: string) => countTokensCached(`${state.projectId}:${path}:${files.get(path)?.version}:${block.length}`, block);

  const system = systemPrompt({ projectName: state.projectName, mode: request.mode, inlineEdit: request.intent === "inline-edit", editChannel });
  const candidates: PackCandidate<string>[] = [
    { kind: "system", label: "Instructions and tools", tokens: countTokensCached(`system:${system}`, system) + TOOL_DEFINITION_TOKENS, required: true, payload: "" },
    { kind: "message", label: "Your message", tokens: countTokens(target.text) + MESSAGE_OVERHEAD_TOKENS, required: true, payload: "" },
  ];
  const active = ctx.activeFile && fileText(ctx.activeFile) !== null ? ctx.activeFile : undefined;
  if (ctx.selection) {
    const text = fileText(ctx.selection.path);
    if (text !== null) {
      const block = selectionBlock(ctx.selection.path, ctx.selection.startLine, ctx.selection.endLine, sliceLines(text, ctx.selection.startLine, ctx.selection.endLine));
      candidates.push({ kind: "selection", label: `Selection ${ctx.selection.path}:${ctx.selection.startLine}-${ctx.selection.endLine}`, tokens: countTokens(block), payload: block });
    }
  }
  if (active) {
    const block = heldFileBlock(state.projectId, active, fileText(active) as string, true);
    candidates.push({ kind: "active-file", label: active, tokens: fileTokens(active, block), payload: block });
  }
  for (const path of new Set(ctx.mentions)) {
    if (path === active) continue;
    const text = fileText(path);
    if (text === null) continue;
    const block = heldFileBlock(state.projectId, path, text, false);
    candidates.push({ kind: "mention", label: path, tokens: fileTokens(path, block), payload: block });
  }
  if (ctx.diagnostics.length) {
    const block = diagnosticsBlock(ctx.diagnostics);
    candidates.push({ kind: "diagnostics", label: `${ctx.diagnostics.length} problems`, tokens: countTokens(block), payload: block });
  }
  const tree = projectTree(state);
  if (tree) candidates.push({ kind: "tree", label: `Project tree (${tree.files} files)`, tokens: tree.tokens, payload: tree.text });
  const historyAfter = candidates.length - 2;
  for (const path of new Set(ctx.openFiles)) {
    if (path === active || ctx.mentions.includes(path)) continue;
    const text = fileText(path);
    if (text === null) continue;
    const block = heldFileBlock(state.projectId, path, text, false);
    candidates.push({ kind: "open-file", label: path, tokens: fileTokens(path, block), payload: block });
  }

  const fileKinds = new Set(["active-file", "mention", "open-file", "selection"]);
  const reservedForOutput = outputTokenLimit(model, Math.max(0, ...candidates.filter((c) => fileKinds.has(c.kind)).map((c) => c.tokens)));
  const window = Math.min(model.contextWindow, maxContextTokens);
  const packed = packContext({
    limit: window,
    reservedForOutput,
    candidates,
    history: historyTurns(target.history),
    historyAfter,
  });
  if (packed.report.used > window - reservedForOutput) {
    const cap = window < model.contextWindow ? `this workspace's plan packs ${window - reservedForOutput}` : `${model.label} takes ${window - reservedForOutput}`;
    throw new AppError("payload_too_large:chat", {
      message: `Your message alone needs ${packed.report.used} tokens; ${cap} before its answer. Shorten it.`,
    });
  }
  // Most general context first, the user's focus last, right before their words.
  const order = ["tree", "open-file", "mention", "active-file", "selection", "diagnostics"];
  const blocks = packed.included
    .filter((c) => c.payload)
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .map((c) => c.payload);
  const userContentPieces = [...blocks.flatMap((block) => [block, "\n\n"]), target.text];
  return {
    system,
    // Concatenated, not joined: the text stays a rope of the pieces and is never copied, since the
    // request body is spliced from the pieces' JSON (./request-body).
    userContent: userContentPieces.reduce((text, piece) => text + piece, ""),
    userContentPieces,
    history: packed.history.flatMap((t) => t.payload),
    report: packed.report,
    activeFileContent: active ? fileText(active) : null,
    maxOutputTokens: reservedForOutput,
  };
}
