import { afterAll, beforeAll, beforeEach } from "vitest";

import { streamTurn } from "@/lib/ai/chat";
import { chatRequestSchema, type ChatRequest } from "@/lib/chat/contract";
import { createSession } from "@/lib/chat/service";
import { liveHub } from "@/lib/live/hub";
import type { ProjectAccess } from "@/lib/projects/access";

import { createTestProject, createTestUser, prepareTestDatabase } from "./database";
import { startUpstreamServer, type UpstreamServer } from "./upstream";

/** The models the scripted upstream lists unless a test says otherwise. */
const DEFAULT_MODELS = ["gpt-oss-120b", "llama3.1-8b"];

/**
 * The scripted upstream over loopback HTTP as the only model configuration, the run's database, and
 * one project. `env` is applied before the first turn (lib/env reads the environment once per process).
 */
export async function startChatStack(label: string, { env = {}, maxRecorded }: { env?: Record<string, string>; maxRecorded?: number } = {}) {
  const upstream = await startUpstreamServer({ defaultRate: 0, ...(maxRecorded ? { maxRecorded } : {}) });
  Object.assign(process.env, { AI_BASE_URL: upstream.baseURL, AI_API_KEY: "test-key", ...env });
  await prepareTestDatabase();
  // As an app instance does at boot (instrumentation.ts): Stop is heard by notification, not the 1 s poll.
  await liveHub().start();
  const project = await createTestProject(await createTestUser(label), "typescript");
  return { upstream, project };
}

/** One turn through the real streamTurn, as the chat route calls it. */
export function startTurn(project: ProjectAccess, body: Partial<ChatRequest> & { sessionId: string }): Promise<Response> {
  const request = chatRequestSchema.parse(body);
  return streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
}

export interface ChatFixture {
  /** The scripted upstream's controls: enqueue, setModels, setToolCallMode, … */
  readonly upstream: UpstreamServer["upstream"];
  readonly project: ProjectAccess;
  /** A new session for each test. */
  readonly sessionId: string;
}

/** Registers the hooks a streamTurn test file shares; read the fixture's fields inside tests only. */
export function chatFixture(label: string, { models = DEFAULT_MODELS, env }: { models?: string[]; env?: Record<string, string> } = {}): ChatFixture {
  let stack: Awaited<ReturnType<typeof startChatStack>> | undefined;
  let sessionId: string | undefined;
  const ready = <T,>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the chat fixture is read before its beforeAll ran");
    return value;
  };
  beforeAll(async () => {
    stack = await startChatStack(label, { env });
  });
  afterAll(async () => {
    await stack?.upstream.close();
  });
  beforeEach(async () => {
    const { upstream, project } = ready(stack);
    upstream.upstream.reset();
    upstream.upstream.setModels(models.map((id) => ({ id, owned_by: "test" })));
    sessionId = (await createSession(project, undefined)).id;
  });
  return {
    get upstream() {
      return ready(stack).upstream.upstream;
    },
    get project() {
      return ready(stack).project;
    },
    get sessionId() {
      return ready(sessionId);
    },
  };
}
