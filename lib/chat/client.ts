import { AppError } from "@/lib/errors";
import { apiRequest } from "@/lib/http/client";

import { FOLLOW_HEAD_HEADER, type ChatRequest, type EditMode } from "./contract";
import type { ChatChunk, TurnFold } from "./fold";
import type { MessageError, MessageStatus } from "./messages";
import { readUiChunks } from "./sse";
import type { TurnEditBus, TurnEditEvent } from "./turn-events";

const CHAT_ENDPOINT = "/api/chat";

/**
 * Starts a chat turn and resolves with the response body once the server has accepted it. Anything
 * refused before streaming (bad session, premium model, oversized context, network down) rejects
 * with an AppError, so the caller can give the user their text back. An abort rejects with the
 * fetch's AbortError.
 */
export async function openChatStream(
  request: ChatRequest,
  { signal, fetch, endpoint = CHAT_ENDPOINT }: { signal?: AbortSignal; fetch?: typeof globalThis.fetch; endpoint?: string } = {},
): Promise<ReadableStream<Uint8Array>> {
  const response = await apiRequest(endpoint, {
    method: "POST",
    json: request,
    signal,
    fetch,
    offline: (cause) => new AppError("offline:chat", { message: "Could not reach Wafer. Check your connection and send again.", cause }),
  });
  if (!response.body) throw new AppError("internal:chat", { message: "The answer arrived without a body." });
  return response.body;
}

/**
 * The session's streaming turn as the same stream (replayed from its start, then live), for a
 * reloaded page or a second device; an empty stream when no turn is running. `head`: the session's
 * last stored message when the follow began (null for none).
 */
export async function openFollowStream(sessionId: string, { signal }: { signal?: AbortSignal } = {}): Promise<{ body: ReadableStream<Uint8Array> | null; head: string | null }> {
  const response = await apiRequest(`/api/sessions/${sessionId}/live?wait=0`, { signal, cache: "no-store" });
  return { body: response.body, head: response.headers.get(FOLLOW_HEAD_HEADER) || null };
}

export interface ReadTurnOptions {
  fold: TurnFold;
  mode: EditMode;
  /** Receives the edit events of this turn, synchronously per chunk (the editor batches per frame). */
  editBus?: TurnEditBus;
  /** Called after each chunk is folded (e.g. to schedule a render). */
  onChunk?: (chunk: ChatChunk) => void;
  /** The signal the request was made with: an abort by the user ends the turn as stopped. */
  signal?: AbortSignal;
}

export interface TurnEnd {
  status: MessageStatus;
  /** `saved`: the server said how the turn ended; otherwise the client inferred it. */
  source: "saved" | "stopped" | "broken";
  error: MessageError | null;
}

const SLICE_MS = 8;

function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Reads a turn's stream to its end: each chunk is folded into the message and, where it concerns
 * edits, forwarded on the edit bus as it arrives. Never throws: a broken stream ends the turn as
 * failed (interrupted), an abort as stopped, and the server's own verdict wins when it came.
 */
export async function readChatTurn(body: ReadableStream<Uint8Array>, { fold, mode, editBus, onChunk, signal }: ReadTurnOptions): Promise<TurnEnd> {
  let started = false;
  const emit = (event: TurnEditEvent) => editBus?.emit(event);
  const ensureStarted = () => {
    if (started) return;
    started = true;
    emit({ type: "turn-start", messageId: fold.id, mode });
  };

  let broken: unknown = null;
  let sliceStart = performance.now();
  try {
    for await (const chunk of readUiChunks<ChatChunk>(body)) {
      // A burst of chunks (one network read can hold hundreds) must not become one long task:
      // give the frame and the user's input a turn every few milliseconds.
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToBrowser();
        sliceStart = performance.now();
      }
      fold.apply(chunk);
      if (editBus) {
        const messageId = fold.id;
        switch (chunk.type) {
          case "start":
            ensureStarted();
            break;
          case "tool-input-start":
            ensureStarted();
            emit({ type: "tool-start", messageId, toolCallId: chunk.toolCallId, toolName: chunk.toolName });
            break;
          case "tool-input-delta":
            emit({ type: "tool-delta", messageId, toolCallId: chunk.toolCallId, delta: chunk.inputTextDelta });
            break;
          case "tool-input-available":
            ensureStarted();
            emit({ type: "tool-input", messageId, toolCallId: chunk.toolCallId, toolName: chunk.toolName, input: chunk.input });
            break;
          case "tool-input-error":
          case "tool-output-error":
            emit({ type: "tool-error", messageId, toolCallId: chunk.toolCallId, errorText: chunk.errorText });
            break;
          case "data-proposal":
            ensureStarted();
            emit({ type: "proposal", messageId, proposal: chunk.data });
            break;
        }
      }
      onChunk?.(chunk);
    }
  } catch (error) {
    broken = error;
  }

  const snapshot = fold.snapshot();
  let end: TurnEnd;
  if (snapshot.saved) {
    end = { status: snapshot.saved.status, source: "saved", error: snapshot.saved.error };
  } else if (signal?.aborted || (snapshot.ended && snapshot.message.status === "stopped")) {
    // The server saves a stopped turn itself when the request goes away.
    end = { status: "stopped", source: "stopped", error: null };
  } else {
    const message = snapshot.errorText ?? (broken ? "The connection to Wafer broke mid-answer." : "The answer ended before it was complete.");
    end = { status: "failed", source: "broken", error: { code: snapshot.errorText ? "upstream:model" : "offline:chat", message } };
  }
  fold.finalize(end.status, end.error);
  if (started) emit({ type: "turn-end", messageId: fold.id, status: end.status, mode });
  return end;
}
