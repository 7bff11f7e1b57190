import { randomUUID } from "node:crypto";

import { listMessagesBySessionId } from "@/db/queries/sessions";
import type { ChatRequest } from "@/lib/chat/contract";
import { createSession } from "@/lib/chat/service";
import { requestTurnStop } from "@/lib/live/stop";
import type { ProjectAccess } from "@/lib/projects/access";
import { startChatStack, startTurn } from "@/lib/testing/chat-fixture";
import { readUiStream } from "@/lib/testing/ui-chunks";
import type { UpstreamServer } from "@/lib/testing/upstream";

export type UiChunk = { type: string; delta?: string; data?: unknown; errorText?: string };
export type Saved = { messageId: string; status: string; error: { code: string; message: string; retryAfterSeconds?: number } | null };

export interface ChatFixture {
  upstream: UpstreamServer;
  project: ProjectAccess;
}

/** The real chat turn (lib/ai/chat) against the scripted upstream over loopback HTTP and the run's database. */
export function startChatFixture(env: Record<string, string> = {}): Promise<ChatFixture> {
  return startChatStack("reliability", { env, maxRecorded: 100_000 });
}

export interface TurnOutcome {
  sessionId: string;
  text: string;
  chunks: UiChunk[];
  saved: Saved | undefined;
  errors: string[];
  /** ms from the call to the first text delta. */
  ttfbMs: number | null;
  /** ms between consecutive text deltas. */
  gaps: number[];
  durationMs: number;
}

export async function runTurn(
  fixture: ChatFixture,
  {
    text = `q ${randomUUID()}`,
    messageId = randomUUID(),
    sessionId,
    signal = new AbortController().signal,
    extra = {},
  }: { text?: string; messageId?: string; sessionId?: string; signal?: AbortSignal; extra?: Partial<ChatRequest> } = {},
): Promise<TurnOutcome> {
  const session = sessionId ?? (await createSession(fixture.project, undefined)).id;
  const started = performance.now();
  const response = await startTurn(fixture.project, { sessionId: session, message: { id: messageId, text }, ...extra });
  // `signal` plays the user pressing Stop: its own request, naming the turn once the stream has.
  let answerId: string | null = null;
  let stopWanted = false;
  const stop = () => void requestTurnStop({ sessionId: session, messageId: answerId! });
  signal.addEventListener("abort", () => (answerId ? stop() : (stopWanted = true)), { once: true });
  let last: number | null = null;
  let ttfbMs: number | null = null;
  const gaps: number[] = [];
  const chunks = await readUiStream<UiChunk>(response.body!, (chunk) => {
    if (chunk.type === "start") {
      answerId = (chunk as { messageId?: string }).messageId ?? null;
      if (stopWanted && answerId) stop();
    }
    if (chunk.type !== "text-delta") return;
    const now = performance.now();
    ttfbMs ??= now - started;
    if (last !== null) gaps.push(now - last);
    last = now;
  }).catch(() => [] as UiChunk[]);
  return {
    sessionId: session,
    text: chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join(""),
    chunks,
    saved: chunks.find((c) => c.type === "data-saved")?.data as Saved | undefined,
    errors: chunks.filter((c) => c.type === "error").map((c) => c.errorText ?? ""),
    ttfbMs,
    gaps,
    durationMs: performance.now() - started,
  };
}

export const storedMessages = (sessionId: string) => listMessagesBySessionId({ sessionId });
