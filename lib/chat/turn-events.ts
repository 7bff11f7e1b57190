import type { EditMode } from "./contract";
import type { MessageStatus } from "./messages";
import type { EditProposal } from "./proposals";

/**
 * What the chat stream tells the editor about edits, as they happen. The chat store emits these
 * synchronously per chunk (cheap); the editor side batches its work per animation frame. Raw tool
 * input arrives as JSON text deltas and is decoded incrementally by the editor side.
 */
export type TurnEditEvent =
  | { type: "turn-start"; messageId: string; mode: EditMode }
  | { type: "tool-start"; messageId: string; toolCallId: string; toolName: string }
  | { type: "tool-delta"; messageId: string; toolCallId: string; delta: string }
  | { type: "tool-input"; messageId: string; toolCallId: string; toolName: string; input: unknown }
  | { type: "tool-error"; messageId: string; toolCallId: string; errorText: string }
  | { type: "proposal"; messageId: string; proposal: EditProposal }
  | { type: "turn-end"; messageId: string; status: MessageStatus; mode: EditMode };

export type TurnEditListener = (event: TurnEditEvent) => void;

export class TurnEditBus {
  private readonly listeners = new Set<TurnEditListener>();

  subscribe(listener: TurnEditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TurnEditEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
