import "server-only";

import { deleteTurnEventsByMessageId, listTurnEventsAfter } from "@/db/queries/shares";

import { liveHub } from "./hub";

/** A turn with no batch (not even a heartbeat) for this long lost its instance: it ended stopped. */
export const STALE_TURN_MS = 4000;

type Chunk = { type: string; [key: string]: unknown };
const isEnd = (chunk: Chunk) => chunk.type === "finish";

/**
 * Follows the session's next (or current) streaming turn: replays its stored batches, then yields
 * each new batch's chunks as they are announced, until the turn's `finish`. Turns that already
 * finished are skipped (their message is stored). A turn whose instance died ends as stopped, never
 * complete. Returns without yielding when no turn starts within `waitMs`.
 */
export async function* followTurn(sessionId: string, { signal, waitMs = 25_000 }: { signal?: AbortSignal; waitMs?: number } = {}): AsyncGenerator<Chunk> {
  const hub = liveHub();
  const startedAt = Date.now();
  const finished = new Set<string>();
  let afterId = 0;
  let current: string | null = null;
  let lastBatchAt = 0;
  const buffered = new Map<string, Chunk[]>();

  while (!signal?.aborted) {
    const rows = await listTurnEventsAfter({ sessionId, afterId });
    for (const row of rows) {
      afterId = row.id;
      const parts = row.parts as Chunk[];
      if (current === null) {
        // Collect every open turn's chunks until we know which ones already finished.
        const list = buffered.get(row.messageId) ?? [];
        list.push(...parts);
        buffered.set(row.messageId, list);
        if (parts.some(isEnd)) finished.add(row.messageId);
        lastBatchAt = Math.max(lastBatchAt, row.createdAt.getTime());
        continue;
      }
      if (row.messageId !== current) continue;
      lastBatchAt = row.createdAt.getTime();
      for (const part of parts) {
        yield part;
        if (isEnd(part)) return;
      }
    }
    if (current === null) {
      const open = [...buffered.keys()].find((id) => !finished.has(id));
      if (open) {
        current = open;
        for (const part of buffered.get(open)!) yield part;
        buffered.clear();
      }
    }
    if (current !== null && Date.now() - lastBatchAt > STALE_TURN_MS) {
      yield { type: "error", errorText: "The session's stream ended before the answer was complete." };
      yield { type: "data-saved", data: { messageId: current, status: "stopped", error: null } };
      yield { type: "finish" };
      await deleteTurnEventsByMessageId({ messageId: current });
      return;
    }
    if (current === null && Date.now() - startedAt >= waitMs) return;
    await hub.wait(sessionId, signal);
  }
}

const encoder = new TextEncoder();

/** The same SSE framing as the owner's stream (`data: <chunk>` … `data: [DONE]`), for readChatTurn. */
export function followTurnStream(sessionId: string, options: { waitMs?: number } = {}): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  let iterator: AsyncGenerator<Chunk> | null = null;
  return new ReadableStream<Uint8Array>({
    start() {
      iterator = followTurn(sessionId, { signal: abort.signal, waitMs: options.waitMs });
    },
    async pull(controller) {
      const { done, value } = await iterator!.next();
      if (done) {
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      } else {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`));
      }
    },
    async cancel() {
      abort.abort();
      await iterator?.return(undefined);
    },
  });
}

export const FOLLOW_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;
