import type { MessagePart } from "./messages";

export type ToolPart = Extract<MessagePart, { type: "tool" }>;

/**
 * The one fold of a turn into the parts of its message, shared by the server (what is stored,
 * lib/ai/recorder.ts) and the client (what streams on screen, ./fold.ts), so a reload shows what
 * streaming showed. O(1) per call beyond the delta's length; parts are replaced, never mutated, so
 * renderers can skip the ones whose identity did not change.
 */
export class MessageParts {
  private readonly parts: MessagePart[] = [];
  private readonly toolIndex = new Map<string, number>();

  /** Appends to the open run of text or reasoning, or starts a new one. */
  appendText(kind: "text" | "reasoning", delta: string): void {
    if (!delta) return;
    const last = this.parts.at(-1);
    if (last?.type === kind) this.parts[this.parts.length - 1] = { type: kind, text: last.text + delta };
    else this.parts.push({ type: kind, text: delta });
  }

  /** A tool call's input starts streaming. */
  startTool(toolCallId: string, toolName: string): void {
    this.toolIndex.set(toolCallId, this.parts.length);
    this.parts.push({ type: "tool", toolCallId, toolName, input: undefined, state: "input-streaming" });
  }

  /**
   * Updates a tool call. One whose input was not streamed (some providers send it whole) is added,
   * unless `create` is false.
   */
  updateTool(toolCallId: string, toolName: string | null, patch: Partial<ToolPart>, { create = true }: { create?: boolean } = {}): void {
    const index = this.toolIndex.get(toolCallId);
    const current = index === undefined ? undefined : this.parts[index];
    if (current?.type === "tool") {
      this.parts[index!] = { ...current, ...patch };
      return;
    }
    if (!create) return;
    this.toolIndex.set(toolCallId, this.parts.length);
    this.parts.push({ type: "tool", toolCallId, toolName: toolName ?? "tool", input: undefined, state: "input-available", ...patch });
  }

  /** A model step ended (after tool results); trailing markers are dropped by {@link finish}. */
  stepFinished(): void {
    this.parts.push({ type: "step-start" });
  }

  /** The parts as they end: trailing step markers dropped, unfinished tool calls marked interrupted. */
  finish(): MessagePart[] {
    while (this.parts.at(-1)?.type === "step-start") this.parts.pop();
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      if (part.type === "tool" && (part.state === "input-streaming" || part.state === "input-available")) this.parts[i] = { ...part, state: "interrupted" };
    }
    return this.list();
  }

  /** A copy of the parts so far. */
  list(): MessagePart[] {
    return this.parts.slice();
  }

  /** The answer's text so far. */
  text(): string {
    return this.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
  }
}
