import type { MessagePart } from "@/lib/chat/messages";

type ToolPart = Extract<MessagePart, { type: "tool" }>;

export type RecordedChunk =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "tool-input-start"; id: string; toolName: string }
  | { type: "tool-input-delta"; id: string }
  | { type: "tool-call"; toolCallId: string; toolName: string; input: unknown }
  | { type: "tool-result"; toolCallId: string; output: unknown }
  | { type: "tool-error"; toolCallId: string; error: unknown };

/**
 * Folds the model's stream into the parts stored with the assistant message, in O(1) per chunk:
 * deltas are appended, tool inputs are taken whole from the final tool call, never re-parsed from
 * partial JSON. It also clocks first and last token for the speed HUD.
 */
export class TurnRecorder {
  readonly parts: MessagePart[] = [];
  firstTokenAt: number | null = null;
  lastTokenAt: number | null = null;
  private textChunks: string[] = [];
  private textKind: "text" | "reasoning" | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  private tick(): void {
    const now = this.now();
    this.firstTokenAt ??= now;
    this.lastTokenAt = now;
  }

  private flushText(): void {
    if (this.textKind && this.textChunks.length) this.parts.push({ type: this.textKind, text: this.textChunks.join("") });
    this.textChunks = [];
    this.textKind = null;
  }

  private appendText(kind: "text" | "reasoning", text: string): void {
    if (this.textKind !== kind) this.flushText();
    this.textKind = kind;
    this.textChunks.push(text);
  }

  private tool(id: string): ToolPart | undefined {
    return this.parts.find((p): p is ToolPart => p.type === "tool" && p.toolCallId === id);
  }

  record(chunk: RecordedChunk): void {
    switch (chunk.type) {
      case "text-delta":
        if (chunk.text) {
          this.tick();
          this.appendText("text", chunk.text);
        }
        return;
      case "reasoning-delta":
        if (chunk.text) {
          this.tick();
          this.appendText("reasoning", chunk.text);
        }
        return;
      case "tool-input-start":
        this.tick();
        this.flushText();
        this.parts.push({ type: "tool", toolCallId: chunk.id, toolName: chunk.toolName, input: undefined, state: "input-streaming" });
        return;
      case "tool-input-delta":
        this.tick();
        return;
      case "tool-call": {
        this.flushText();
        const part = this.tool(chunk.toolCallId);
        if (part) {
          part.input = chunk.input;
          part.state = "input-available";
        } else {
          this.parts.push({ type: "tool", toolCallId: chunk.toolCallId, toolName: chunk.toolName, input: chunk.input, state: "input-available" });
        }
        return;
      }
      case "tool-result": {
        const part = this.tool(chunk.toolCallId);
        if (part) {
          part.state = "output-available";
          part.output = chunk.output;
        }
        return;
      }
      case "tool-error": {
        const part = this.tool(chunk.toolCallId);
        if (part) {
          part.state = "output-error";
          part.errorText = chunk.error instanceof Error ? chunk.error.message : String(chunk.error);
        }
        return;
      }
    }
  }

  stepFinished(): void {
    this.flushText();
    this.parts.push({ type: "step-start" });
  }

  /** The parts to store: text flushed, tool calls that never finished marked interrupted. */
  finish(): MessagePart[] {
    this.flushText();
    while (this.parts.at(-1)?.type === "step-start") this.parts.pop();
    for (const part of this.parts) {
      if (part.type === "tool" && (part.state === "input-streaming" || part.state === "input-available")) part.state = "interrupted";
    }
    return this.parts;
  }

  text(): string {
    return this.parts.map((p) => (p.type === "text" ? p.text : "")).join("") + (this.textKind === "text" ? this.textChunks.join("") : "");
  }
}
