import type { MessagePart } from "@/lib/chat/messages";
import { MessageParts } from "@/lib/chat/parts";

export type RecordedChunk =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "tool-input-start"; id: string; toolName: string }
  | { type: "tool-input-delta"; id: string; delta: string }
  | { type: "tool-call"; toolCallId: string; toolName: string; input: unknown }
  | { type: "tool-result"; toolCallId: string; output: unknown }
  | { type: "tool-error"; toolCallId: string; error: unknown };

/**
 * Folds the model's stream into the parts stored with the assistant message, with the same
 * {@link MessageParts} the client folds its stream with: tool inputs are taken whole from the final
 * tool call, never re-parsed from partial JSON. It also clocks first and last token for the speed HUD.
 */
export class TurnRecorder {
  firstTokenAt: number | null = null;
  lastTokenAt: number | null = null;
  private readonly parts = new MessageParts();
  /** Characters of everything generated (answer, reasoning, tool inputs) since the last count. */
  private pending: string[] = [];
  private counted = 0;

  constructor(private readonly now: () => number = Date.now) {}

  private tick(): void {
    const now = this.now();
    this.firstTokenAt ??= now;
    this.lastTokenAt = now;
  }

  record(chunk: RecordedChunk): void {
    switch (chunk.type) {
      case "text-delta":
      case "reasoning-delta":
        if (chunk.text) {
          this.tick();
          this.pending.push(chunk.text);
          this.parts.appendText(chunk.type === "text-delta" ? "text" : "reasoning", chunk.text);
        }
        return;
      case "tool-input-start":
        this.tick();
        this.parts.startTool(chunk.id, chunk.toolName);
        return;
      case "tool-input-delta":
        this.tick();
        this.pending.push(chunk.delta);
        return;
      case "tool-call":
        this.parts.updateTool(chunk.toolCallId, chunk.toolName, { input: chunk.input, state: "input-available" });
        return;
      case "tool-result":
        this.parts.updateTool(chunk.toolCallId, null, { state: "output-available", output: chunk.output }, { create: false });
        return;
      case "tool-error":
        this.parts.updateTool(
          chunk.toolCallId,
          null,
          { state: "output-error", errorText: chunk.error instanceof Error ? chunk.error.message : String(chunk.error) },
          { create: false },
        );
        return;
    }
  }

  stepFinished(): void {
    this.parts.stepFinished();
  }

  /** The parts to store: tool calls that never finished marked interrupted. */
  finish(): MessagePart[] {
    return this.parts.finish();
  }

  text(): string {
    return this.parts.text();
  }

  /**
   * Tokens generated so far, counted from what arrived (answer, reasoning and tool inputs): a
   * stopped turn gets no usage from the provider, and an edit streams as tool input, not text.
   */
  generatedTokens(count: (text: string) => number): number {
    if (this.pending.length) {
      this.counted += count(this.pending.join(""));
      this.pending = [];
    }
    return this.counted;
  }
}
