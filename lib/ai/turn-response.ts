import "server-only";

import { createUIMessageStream, createUIMessageStreamResponse, type UIMessageStreamWriter } from "ai";

import type { ContextReport, UpstreamTiming, WaferUIMessage } from "@/lib/chat/contract";
import type { TurnPublisher } from "@/lib/live/publisher";

import { toChatError } from "./errors";
import type { ByteClock } from "./provider";
import type { TurnStream } from "./turn-call";
import type { TurnOutcome } from "./turn-outcome";

export const STREAM_HEADERS = {
  // no-transform: proxies and Next's own compression must not buffer the stream to gzip it.
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

type TurnChunk = Parameters<UIMessageStreamWriter<WaferUIMessage>["write"]>[0];

/**
 * Where a turn's chunks go: the owner's response while the browser is there, and a batched copy
 * for followers (share links, the owner's other tabs) through `live`, which never waits.
 */
export class TurnSender {
  private writer: UIMessageStreamWriter<WaferUIMessage> | null = null;
  private clientGone = false;

  constructor(private readonly live: TurnPublisher) {}

  attach(writer: UIMessageStreamWriter<WaferUIMessage>): void {
    this.writer = writer;
  }

  /** The browser left: followers still get every chunk and the turn still ends and is saved. */
  clientLeft(): void {
    this.clientGone = true;
  }

  send(chunk: TurnChunk): void {
    this.live.push(chunk);
    if (this.clientGone || !this.writer) return;
    try {
      this.writer.write(chunk);
    } catch {
      // The browser left; keep draining so the turn still ends and is saved.
      this.clientGone = true;
    }
  }

  close(): Promise<void> {
    return this.live.close();
  }
}

/**
 * The turn's response: the context report, the model's stream, then (once the answer is stored)
 * its metrics, timing and saved outcome. Cancelling it (the browser's Stop, or a closed tab) aborts
 * the model call too.
 */
export function turnResponse({
  result,
  sender,
  outcome,
  abort,
  stopTimers,
  report,
  modelId,
  userMessageId,
  assistantId,
  requestStartedAt,
  clock,
}: {
  result: TurnStream;
  sender: TurnSender;
  outcome: TurnOutcome;
  abort: AbortController;
  stopTimers: () => void;
  report: ContextReport;
  modelId: string;
  userMessageId: string;
  assistantId: string;
  requestStartedAt: number;
  clock: ByteClock;
}): Response {
  const send = (chunk: TurnChunk) => sender.send(chunk);
  const stream = createUIMessageStream<WaferUIMessage>({
    execute: async ({ writer }) => {
      sender.attach(writer);
      try {
        send({ type: "data-context", data: report });
        const ui = result.toUIMessageStream<WaferUIMessage>({
          sendReasoning: true,
          sendFinish: false,
          generateMessageId: () => assistantId,
          messageMetadata: ({ part }) => (part.type === "start" ? { model: modelId, userMessageId } : undefined),
          onError: (error) => (outcome.error ?? toChatError(error, { midStream: outcome.started })).toBody().message,
        });
        try {
          for await (const chunk of ui) send(chunk);
        } catch (error) {
          // A body that breaks mid-read (a reset connection) is thrown here rather than reported
          // through onError; the turn still ends stored, as failed, with what arrived.
          outcome.error ??= toChatError(error, { midStream: outcome.started });
          send({ type: "error", errorText: outcome.error.toBody().message });
        }
        stopTimers();
        const settled = await outcome.settle(abort.signal.aborted ? "stopped" : "complete");
        const timing: UpstreamTiming = { requestStartedAt, firstByteAt: clock.firstByteAt, lastByteAt: clock.lastByteAt };
        send({ type: "data-metrics", data: settled.metrics });
        send({ type: "data-timing", data: timing });
        send({ type: "data-saved", data: { messageId: assistantId, status: settled.status, error: settled.error } });
        send({ type: "finish" });
      } finally {
        stopTimers();
        void sender.close();
      }
    },
    onError: (error) => toChatError(error, { midStream: true }).toBody().message,
  });

  const reader = stream.getReader();
  const body = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      sender.clientLeft();
      abort.abort(reason);
      return reader.cancel(reason);
    },
  });
  return createUIMessageStreamResponse({ stream: body, headers: STREAM_HEADERS });
}
