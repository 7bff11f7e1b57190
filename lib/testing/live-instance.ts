/**
 * A second app instance for lib/live/instances.test.ts: its own process, its own pool and LISTEN
 * connection, on the same Postgres (DATABASE_URL). `owner SESSION USER RATE WORDS` runs the real turn
 * against an in-process scripted upstream and prints `owner-chunk` per text delta; `viewer SESSION`
 * follows the session's turn and prints each chunk as a JSON line.
 */
import { randomUUID } from "node:crypto";

async function main() {
  const [mode, sessionId, userId, rate, words] = process.argv.slice(2);
  if (mode === "viewer") {
    const { followTurn } = await import("@/lib/live/follow");
    for await (const chunk of followTurn(sessionId!, { waitMs: 30_000 })) process.stdout.write(`${JSON.stringify(chunk)}\n`);
    process.exit(0);
  }
  const { startUpstreamServer } = await import("@/lib/testing/upstream");
  const upstream = await startUpstreamServer({ defaultRate: 0 });
  process.env.AI_BASE_URL = upstream.baseURL;
  process.env.AI_API_KEY = "instance";
  upstream.upstream.setModels([{ id: "gpt-oss-120b", owned_by: "test" }]);
  upstream.upstream.enqueue({ steps: [{ type: "text", text: Array.from({ length: Number(words) }, (_, i) => `w${i}`).join(" ") }], rate: Number(rate) });
  const { streamTurn } = await import("@/lib/ai/chat");
  const { chatRequestSchema } = await import("@/lib/chat/contract");
  const { readUiChunks } = await import("@/lib/chat/sse");
  const request = chatRequestSchema.parse({ sessionId, message: { id: randomUUID(), text: "go" } });
  const response = await streamTurn({ userId: userId!, sessionGeneration: 0, request, requestStartedAt: Date.now() });
  for await (const chunk of readUiChunks<{ type: string }>(response.body!)) if (chunk.type === "text-delta") process.stdout.write("owner-chunk\n");
  // Let the last batch be written before the process ends.
  await new Promise((r) => setTimeout(r, 500));
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
