import { randomUUID } from "node:crypto";

import { listMessagesBySessionId } from "@/db/queries/sessions";
import { streamTurn } from "@/lib/ai/chat";
import { chatRequestSchema, type ChatRequest } from "@/lib/chat/contract";
import { createSession } from "@/lib/chat/service";
import { liveHub } from "@/lib/live/hub";
import { requestTurnStop } from "@/lib/live/stop";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, prepareTestDatabase } from "@/lib/testing/database";
import { readUiStream } from "@/lib/testing/ui-chunks";
import { startUpstreamServer, type UpstreamServer } from "@/lib/testing/upstream";

export type UiChunk = { type: string; delta?: string; data?: unknown; errorText?: string };
export type Saved = { messageId: string; status: string; error: { code: string; message: string; retryAfterSeconds?: number } | null };

export interface ChatFixture {
  upstream: UpstreamServer;
  project: ProjectAccess;
}

/** The real chat turn (lib/ai/chat) against the scripted upstream over loopback HTTP and the run's database. */
export async function startChatFixture(env: Record<string, string> = {}): Promise<ChatFixture> {
  const upstream = await startUpstreamServer({ defaultRate: 0, maxRecorded: 100_000 });
  // lib/env reads the environment once per process: set before the first turn.
  Object.assign(process.env, { AI_BASE_URL: upstream.baseURL, AI_API_KEY: "test-key", ...env });
  await prepareTestDatabase();
  // As an app instance does at boot (instrumentation.ts): Stop is heard by notification, not the 1 s poll.
  await liveHub().start();
  const project = await createTestProject(await createTestUser("reliability"), "typescript");
  return { upstream, project };
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
  const request = chatRequestSchema.parse({ sessionId: session, message: { id: messageId, text }, ...extra });
  const response = await streamTurn({ userId: fixture.project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
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
