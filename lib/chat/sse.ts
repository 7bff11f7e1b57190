import { createParser, type EventSourceParser } from "eventsource-parser";

/**
 * Incremental reader for the UI-message stream's server-sent events, on `eventsource-parser` (every
 * framing the SSE spec allows: LF, CRLF, CR). Bytes may split anywhere, even inside a UTF-8
 * character or a line ending; work per chunk is proportional to the chunk.
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder();
  private events: string[] = [];
  // Comments and fields other than data (event:, id:, retry:) carry nothing Wafer uses.
  private readonly parser: EventSourceParser = createParser({ onEvent: (event) => this.events.push(event.data) });

  /** Feeds bytes (or text); returns the `data` payloads of every event completed by them. */
  push(chunk: Uint8Array | string): string[] {
    this.parser.feed(typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true }));
    return this.take();
  }

  /** Flushes an event left unterminated when the stream closed. */
  end(): string[] {
    this.parser.feed(`${this.decoder.decode()}\n\n`);
    this.parser.reset();
    return this.take();
  }

  private take(): string[] {
    const events = this.events;
    this.events = [];
    return events;
  }
}

/** Reads a UI-message stream response into its chunks, skipping the `[DONE]` sentinel. */
export async function* readUiChunks<T = unknown>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const decoder = new SseDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const events = done ? decoder.end() : decoder.push(value);
      for (const event of events) if (event !== "[DONE]") yield JSON.parse(event) as T;
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
