import { createParser } from "eventsource-parser";

/** Test support: a UI-message stream response read into its chunks with the same SSE parser the app uses. */
export async function readUiStream<T = unknown>(body: ReadableStream<Uint8Array>, onChunk?: (chunk: T) => void): Promise<T[]> {
  const chunks: T[] = [];
  const parser = createParser({
    onEvent: (event) => {
      if (event.data === "[DONE]") return;
      const chunk = JSON.parse(event.data) as T;
      chunks.push(chunk);
      onChunk?.(chunk);
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) parser.feed(decoder.decode(read.value, { stream: true }));
  } finally {
    reader.releaseLock();
  }
  return chunks;
}
