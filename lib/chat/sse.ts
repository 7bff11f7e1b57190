/**
 * Incremental parser for the UI-message stream's server-sent events (`data: <json>\n\n`).
 * Bytes may split anywhere, even inside a UTF-8 character or a line ending; work per chunk is
 * proportional to the chunk.
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private data: string[] = [];

  /** Feeds bytes (or text); returns the `data` payloads of every event completed by them. */
  push(chunk: Uint8Array | string): string[] {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: string[] = [];
    let start = 0;
    for (;;) {
      const newline = this.buffer.indexOf("\n", start);
      if (newline < 0) break;
      let line = this.buffer.slice(start, newline);
      start = newline + 1;
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (line === "") {
        if (this.data.length) events.push(this.data.join("\n"));
        this.data = [];
      } else if (line.startsWith("data:")) {
        this.data.push(line.slice(line.charAt(5) === " " ? 6 : 5));
      }
      // Comments (":…") and other fields (event:, id:, retry:) carry nothing Wafer uses.
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Flushes an event left unterminated when the stream closed. */
  end(): string[] {
    const events = this.push(this.decoder.decode());
    if (this.buffer.startsWith("data:")) this.data.push(this.buffer.slice(this.buffer.charAt(5) === " " ? 6 : 5));
    this.buffer = "";
    if (this.data.length) events.push(this.data.join("\n"));
    this.data = [];
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
