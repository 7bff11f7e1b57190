import type { InferUIMessageChunk } from "ai";

import type { ChatDataParts, ContextReport, UpstreamTiming, WaferUIMessage } from "./contract";
import type { ChatMessage, MessageError, MessageStatus } from "./messages";
import { MessageParts } from "./parts";

/** One chunk of the chat route's UI-message stream, typed once for server and client. */
export type ChatChunk = InferUIMessageChunk<WaferUIMessage>;

/**
 * How far a tool call's input has streamed. The input itself stays raw text that nobody here
 * parses (the editor decodes it); this is only what a card needs to say "write_file → a.ts, 120 lines".
 */
export interface ToolProgress {
  chars: number;
  /** `\n` escapes seen inside the JSON input: the lines written so far. */
  lines: number;
  /** The file the call targets, once its first few hundred characters reveal it. */
  target: string | null;
}

export type SavedTurn = ChatDataParts["saved"];

/** Everything one turn's stream said, as an immutable snapshot for rendering. */
export interface FoldedTurn {
  message: ChatMessage;
  userMessageId: string | null;
  context: ContextReport | null;
  timing: UpstreamTiming | null;
  saved: SavedTurn | null;
  /** Text of the stream's `error` chunk, before the saved message explains it. */
  errorText: string | null;
  /** Characters of model output received (text, reasoning and tool input), for the live tok/s estimate. */
  outputChars: number;
  toolProgress: Readonly<Record<string, ToolProgress>>;
  /** The stream reached its `finish` (or `abort`) chunk. */
  ended: boolean;
}

/**
 * Chunks that change no part of the message, only the turn's figures: a snapshot after them keeps
 * the message object, so a renderer can tell a turn that only made progress (a 2,000-line
 * write_file is thousands of input deltas) from one whose message changed.
 */
const MESSAGE_NEUTRAL: ReadonlySet<ChatChunk["type"]> = new Set(["tool-input-delta", "data-context", "data-timing"]);

const TARGET_SCAN_LIMIT = 400;
const PATH_FIELD = /"path"\s*:\s*"((?:[^"\\]|\\.)+)"/;
// In the raw JSON a newline is the escape `\n`, so the path ends where a backslash begins.
const PATCH_FILE = /\*\*\* (?:Add|Update|Delete) File: ([^\\\n"]+)\\/;

interface ToolScan {
  progress: ToolProgress;
  escape: boolean;
  /** The first characters of the raw input, kept only until the target is known. */
  head: string;
}

/**
 * Folds a chat turn's stream into the message it becomes, with O(1) work per chunk beyond the
 * chunk's own length: text deltas are appended, tool input is counted but never parsed, and parts
 * are replaced (never mutated) so renderers can skip the ones whose identity did not change. The
 * parts come from the same {@link MessageParts} the server stores them with (lib/ai/recorder.ts),
 * so a reload shows what streaming showed.
 */
export class TurnFold {
  private readonly parts = new MessageParts();
  private readonly scans = new Map<string, ToolScan>();
  private message: ChatMessage;
  private userMessageId: string | null = null;
  private context: ContextReport | null = null;
  private timing: UpstreamTiming | null = null;
  private saved: SavedTurn | null = null;
  private errorText: string | null = null;
  private outputChars = 0;
  private ended = false;
  private cached: FoldedTurn | null = null;
  /** The message as snapshots show it; kept while only progress figures change (see MESSAGE_NEUTRAL). */
  private messageView: ChatMessage | null = null;

  constructor(init: { id: string; createdAt?: string; model?: string | null }) {
    this.message = {
      id: init.id,
      role: "assistant",
      parts: [],
      status: "complete",
      model: init.model ?? null,
      metrics: null,
      error: null,
      proposals: null,
      createdAt: init.createdAt ?? new Date().toISOString(),
    };
  }

  get id(): string {
    return this.message.id;
  }

  apply(chunk: ChatChunk): void {
    this.cached = null;
    if (!MESSAGE_NEUTRAL.has(chunk.type)) this.messageView = null;
    switch (chunk.type) {
      case "start":
        if (chunk.messageId) this.message = { ...this.message, id: chunk.messageId };
        if (chunk.messageMetadata) {
          this.message = { ...this.message, model: chunk.messageMetadata.model };
          this.userMessageId = chunk.messageMetadata.userMessageId;
        }
        return;
      case "message-metadata":
        this.message = { ...this.message, model: chunk.messageMetadata.model };
        this.userMessageId = chunk.messageMetadata.userMessageId;
        return;
      case "text-delta":
        this.appendText("text", chunk.delta);
        return;
      case "reasoning-delta":
        this.appendText("reasoning", chunk.delta);
        return;
      case "finish-step":
        // The server marks each finished step the same way; trailing markers go at the end.
        this.parts.stepFinished();
        return;
      case "tool-input-start":
        this.parts.startTool(chunk.toolCallId, chunk.toolName);
        this.scans.set(chunk.toolCallId, { progress: { chars: 0, lines: 0, target: null }, escape: false, head: "" });
        return;
      case "tool-input-delta":
        this.scanInput(chunk.toolCallId, chunk.inputTextDelta);
        return;
      case "tool-input-available":
        this.parts.updateTool(chunk.toolCallId, chunk.toolName, { input: chunk.input, state: "input-available" });
        return;
      case "tool-input-error":
        this.parts.updateTool(chunk.toolCallId, chunk.toolName, { input: chunk.input, state: "output-error", errorText: chunk.errorText });
        return;
      case "tool-output-available":
        this.parts.updateTool(chunk.toolCallId, null, { output: chunk.output, state: "output-available" });
        return;
      case "tool-output-error":
        this.parts.updateTool(chunk.toolCallId, null, { state: "output-error", errorText: chunk.errorText });
        return;
      case "tool-output-denied":
        this.parts.updateTool(chunk.toolCallId, null, { state: "output-error", errorText: "The tool call was denied." });
        return;
      case "data-context":
        this.context = chunk.data;
        return;
      case "data-proposal":
        this.message = { ...this.message, proposals: [...(this.message.proposals ?? []), chunk.data] };
        return;
      case "data-metrics":
        this.message = { ...this.message, metrics: chunk.data };
        return;
      case "data-timing":
        this.timing = chunk.data;
        return;
      case "data-saved":
        this.saved = chunk.data;
        this.message = { ...this.message, id: chunk.data.messageId, status: chunk.data.status, error: chunk.data.error };
        return;
      case "error":
        this.errorText = chunk.errorText;
        // Provisional: the saved message (which follows) carries the error's code and retry time.
        if (!this.saved) this.message = { ...this.message, status: "failed", error: { code: "upstream:model", message: chunk.errorText } };
        return;
      case "abort":
        this.ended = true;
        if (!this.saved) this.message = { ...this.message, status: "stopped" };
        return;
      case "finish":
        this.ended = true;
        return;
      default:
        // text-start/-end, reasoning-start/-end, start-step, sources, files: nothing to show.
        return;
    }
  }

  /**
   * Ends the turn as the client saw it end: what the server saved wins; otherwise `status` (stopped
   * by the user, or failed when the connection broke). Unfinished tool calls become interrupted,
   * as they are stored.
   */
  finalize(status: MessageStatus, error: MessageError | null = null): void {
    this.cached = null;
    this.messageView = null;
    if (!this.saved) this.message = { ...this.message, status, error: error ?? this.message.error ?? null };
    this.parts.finish();
    this.ended = true;
  }

  /** The current state; the same object until the next chunk changes something. */
  snapshot(): FoldedTurn {
    if (this.cached) return this.cached;
    const toolProgress: Record<string, ToolProgress> = {};
    for (const [id, scan] of this.scans) toolProgress[id] = scan.progress;
    this.cached = {
      message: (this.messageView ??= { ...this.message, parts: this.parts.list() }),
      userMessageId: this.userMessageId,
      context: this.context,
      timing: this.timing,
      saved: this.saved,
      errorText: this.errorText,
      outputChars: this.outputChars,
      toolProgress,
      ended: this.ended,
    };
    return this.cached;
  }

  private appendText(kind: "text" | "reasoning", delta: string): void {
    this.outputChars += delta.length;
    this.parts.appendText(kind, delta);
  }

  private scanInput(toolCallId: string, delta: string): void {
    const scan = this.scans.get(toolCallId);
    this.outputChars += delta.length;
    if (!scan) return;
    let { lines } = scan.progress;
    let { escape } = scan;
    for (let i = 0; i < delta.length; i++) {
      const char = delta.charCodeAt(i);
      if (escape) {
        if (char === 110 /* n */) lines++;
        escape = false;
      } else if (char === 92 /* \ */) escape = true;
    }
    let target = scan.progress.target;
    if (target === null && scan.head.length < TARGET_SCAN_LIMIT) {
      scan.head += delta.slice(0, TARGET_SCAN_LIMIT - scan.head.length);
      const found = PATH_FIELD.exec(scan.head) ?? PATCH_FILE.exec(scan.head);
      if (found) {
        target = found[1]!.trim();
        scan.head = "";
      }
    }
    scan.escape = escape;
    scan.progress = { chars: scan.progress.chars + delta.length, lines, target };
  }
}
