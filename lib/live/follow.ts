import "server-only";

import { lastMessageIdBySessionId } from "@/db/queries/sessions";
import { deleteTurnEventsByMessageIds, listTurnEventsAfter, type TurnEventRow } from "@/db/queries/shares";
import { FOLLOW_HEAD_HEADER } from "@/lib/chat/contract";

import { liveHub, type HubSubscription } from "./hub";

/** A turn with no batch (not even a heartbeat) for this long lost its instance: it ended stopped. */
export const STALE_TURN_MS = 4000;

type Chunk = { type: string; [key: string]: unknown };
const isEnd = (chunk: Chunk) => chunk.type === "finish";

export interface TurnFollow {
  /**
   * The session's last stored message, read after the LISTEN was in place and the turn's batches
   * were read. A reader whose transcript ends elsewhere reloads it: a turn that started and ended
   * between its transcript read and this follow is stored, and is not replayed here.
   */
  head: string | null;
  chunks: AsyncGenerator<Chunk>;
  /** Ends the follow without reading it (also done when `chunks` ends). */
  close(): void;
}

/**
 * Follows the session's next (or current) streaming turn: replays its stored batches, then yields
 * each new batch's chunks as they are announced, until the turn's `finish`. Turns that already
 * finished are skipped (their message is stored: see `head`). A turn whose instance died ends as
 * stopped, never complete. The chunks end without any when no turn starts within `waitMs`.
 *
 * Resolves once the follow is in place: the instance's LISTEN is up and this reader is subscribed
 * before its first read, so every batch written after that read wakes it, and none is missed.
 */
export async function openTurnFollow(sessionId: string, { signal, waitMs = 25_000 }: { signal?: AbortSignal; waitMs?: number } = {}): Promise<TurnFollow> {
  const hub = liveHub();
  await hub.ready();
  const subscription = hub.subscribe(sessionId);
  try {
    const first = await listTurnEventsAfter({ sessionId, seen: new Map() });
    const head = await lastMessageIdBySessionId({ sessionId });
    return { head, chunks: follow(sessionId, first, subscription, { signal, waitMs }), close: () => subscription.close() };
  } catch (error) {
    subscription.close();
    throw error;
  }
}

async function* follow(sessionId: string, first: TurnEventRow[], subscription: HubSubscription, { signal, waitMs }: { signal?: AbortSignal; waitMs: number }): AsyncGenerator<Chunk> {
  const startedAt = Date.now();
  const finished = new Set<string>();
  /** The last batch read of each turn: see listTurnEventsAfter for why not the row id. */
  const seen = new Map<string, number>();
  let current: string | null = null;
  let lastBatchAt = 0;
  const buffered = new Map<string, Chunk[]>();
  let rows: TurnEventRow[] | null = first;

  try {
    while (!signal?.aborted) {
      rows ??= await listTurnEventsAfter({ sessionId, seen });
      for (const row of rows) {
        seen.set(row.messageId, row.seq);
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
      rows = null;
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
        await deleteTurnEventsByMessageIds({ messageIds: [current] });
        return;
      }
      if (current === null && Date.now() - startedAt >= waitMs) return;
      await subscription.next(signal);
    }
  } finally {
    subscription.close();
  }
}

/** {@link openTurnFollow}'s chunks, for scripts and tests that do not need the head. */
export async function* followTurn(sessionId: string, options: { signal?: AbortSignal; waitMs?: number } = {}): AsyncGenerator<Chunk> {
  yield* (await openTurnFollow(sessionId, options)).chunks;
}

const encoder = new TextEncoder();

export const FOLLOW_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
} as const;

/**
 * The follow as an HTTP answer, sent once the follow is in place (so its arrival means the reader
 * hears every later batch), with the session's head in {@link FOLLOW_HEAD_HEADER}, and the same SSE
 * framing as the owner's stream (`data: <chunk>` … `data: [DONE]`), for readChatTurn.
 */
export async function followTurnResponse(sessionId: string, options: { waitMs?: number } = {}): Promise<Response> {
  const abort = new AbortController();
  const opened = await openTurnFollow(sessionId, { signal: abort.signal, waitMs: options.waitMs });
  const iterator = opened.chunks;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // Next sends the answer's headers with its first bytes: an SSE comment (readers skip it)
      // sends them now, so the page learns it is listening before any turn starts.
      controller.enqueue(encoder.encode(": following\n\n"));
    },
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) {
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      } else {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`));
      }
    },
    async cancel() {
      abort.abort();
      opened.close();
      await iterator.return(undefined);
    },
  });
  return new Response(stream, { headers: { ...FOLLOW_HEADERS, [FOLLOW_HEAD_HEADER]: opened.head ?? "" } });
}
