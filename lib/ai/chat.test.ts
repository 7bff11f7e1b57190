import { randomUUID } from "node:crypto";

import { describe, expect, it, vi } from "vitest";

import { database } from "@/db/client";
import { listMessagesBySessionId } from "@/db/queries/sessions";
import { resolveSessionAccess } from "@/lib/auth/access";
import type { ChatRequest, ContextReport } from "@/lib/chat/contract";
import type { EditProposal } from "@/lib/chat/proposals";
import { exportSessionPatch, restoreCheckpoint, reviewChange } from "@/lib/chat/service";
import { readUiChunks } from "@/lib/chat/sse";
import { applyPatch } from "@/lib/edits/apply";
import { applyHunks, computeHunks } from "@/lib/edits/hunks";
import { AppError } from "@/lib/errors";
import { liveBatchCount } from "@/lib/live/publisher";
import { requestTurnStop } from "@/lib/live/stop";
import { createEntry, readFile } from "@/lib/files/service";
import { startTurn, chatFixture } from "@/lib/testing/chat-fixture";


type Chunk = { type: string; delta?: string; data?: unknown; errorText?: string };


async function turn(body: Partial<ChatRequest>) {
  const response = await startTurn(chat.project, { sessionId: chat.sessionId, ...body });
  const chunks: Chunk[] = [];
  for await (const chunk of readUiChunks<Chunk>(response.body!)) chunks.push(chunk);
  const text = chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");
  const data = <T,>(type: string) => chunks.filter((c) => c.type === `data-${type}`).map((c) => c.data as T);
  return { response, chunks, text, data };
}

const send = (text: string, extra: Partial<ChatRequest> = {}) => turn({ message: { id: randomUUID(), text }, ...extra });

// The only configuration Wafer has for models: an OpenAI-compatible base URL from the environment.
const chat = chatFixture("chat");

describe("a prose turn", () => {
  it("streams the model's text, stores both messages once, and reports speed", async () => {
    chat.upstream.enqueue({ steps: [{ type: "text", text: "Hello from the **model** — ünïcode 🌍" }] });
    const before = database().statementCount();
    const liveBefore = liveBatchCount();
    const startedAt = Date.now();
    const result = await send("Say hello", { context: { activeFile: "src/greet.ts", openFiles: [], mentions: [], diagnostics: [] } });
    const live = liveBatchCount() - liveBefore;
    const statements = database().statementCount() - before - live;
    // The followers' copy (lib/live) is batched: one statement per 75 ms at most, plus the last.
    expect(live).toBeLessThanOrEqual(Math.ceil((Date.now() - startedAt) / 75) + 1);

    expect(result.response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(result.text).toBe("Hello from the **model** — ünïcode 🌍");
    const [saved] = result.data<{ status: string }>("saved");
    expect(saved?.status).toBe("complete");
    const [metrics] = result.data<{ outputTokens: number; tokensPerSecond: number | null; ttftMs: number; timeInfo: unknown }>("metrics");
    expect(metrics?.outputTokens).toBeGreaterThan(5);
    expect(metrics?.ttftMs).toBeGreaterThanOrEqual(0);
    expect(metrics?.timeInfo).not.toBeNull();
    const [report] = result.data<ContextReport>("context");
    expect(report?.items.find((i) => i.kind === "active-file")).toMatchObject({ label: "src/greet.ts", included: true });

    // One read (access + history + files), the budget reservation, the user message, the assistant
    // message, and one statement per model call for its ledger row, settlement and quota headers.
    expect(statements).toBeLessThanOrEqual(5);
    const stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
    expect(stored.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    expect(stored[1]?.parts).toEqual([{ type: "text", text: "Hello from the **model** — ünïcode 🌍" }]);

    const [sent] = chat.upstream.requests();
    const body = sent?.body as Record<string, unknown>;
    expect(body.max_completion_tokens).toBeGreaterThan(0);
    expect(body.max_tokens).toBeUndefined();
    expect(body.reasoning_effort).toBe("low");
    const lastUser = (body.messages as { role: string; content: string }[]).at(-1);
    expect(lastUser?.content).toContain('<file path="src/greet.ts" active="true">');
    expect(chat.upstream.requests()).toHaveLength(1);
  });

  it("replays history from the database, not from the client", async () => {
    chat.upstream.enqueue([{ steps: [{ type: "text", text: "first answer" }] }, { steps: [{ type: "text", text: "second answer" }] }]);
    await send("first question");
    await send("second question");
    const second = chat.upstream.requests()[1]?.body as { messages: { role: string; content: unknown }[] };
    const transcript = JSON.stringify(second.messages);
    expect(transcript).toContain("first question");
    expect(transcript).toContain("first answer");
    expect(second.messages.at(-1)?.content).toContain("second question");
  });

  it("is idempotent on the client's message id", async () => {
    const id = randomUUID();
    chat.upstream.enqueue([{ steps: [{ type: "text", text: "a" }] }, { steps: [{ type: "text", text: "b" }] }]);
    await turn({ message: { id, text: "same" } });
    // A retry of a sent message is refused before the model is called again.
    await expect(turn({ message: { id, text: "same" } })).rejects.toMatchObject({ code: "conflict:chat" });
    await expect(turn({ message: { id, text: "other" } })).rejects.toMatchObject({ code: "conflict:chat" });
    const stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
    expect(stored.filter((m) => m.role === "user")).toHaveLength(1);
    expect(stored.filter((m) => m.role === "assistant")).toHaveLength(1);
    expect(chat.upstream.requests()).toHaveLength(1);
  });

  it("regenerates an answer and edits-and-resends a question", async () => {
    chat.upstream.enqueue([
      { steps: [{ type: "text", text: "v1" }] },
      { steps: [{ type: "text", text: "v2" }] },
      { steps: [{ type: "text", text: "v3" }] },
    ]);
    const first = await send("question");
    const [saved] = first.data<{ messageId: string }>("saved");
    await turn({ regenerateMessageId: saved!.messageId });
    let stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
    expect(stored.map((m) => (m.parts as { text: string }[])[0]?.text)).toEqual(["question", "v2"]);

    await turn({ message: { id: randomUUID(), text: "better question" }, replaceFromMessageId: stored[0]!.id });
    stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
    expect(stored.map((m) => (m.parts as { text: string }[])[0]?.text)).toEqual(["better question", "v3"]);
  });
});

describe("edit tools", () => {
  const patch = [
    "*** Begin Patch",
    "*** Update File: src/greet.ts",
    "@@",
    " export function greet(name: string): string {",
    "-  return `Hello, ${name}!`;",
    "+  return `Hi, ${name}!`;",
    " }",
    "*** End Patch",
  ].join("\n");

  it("turns an apply_patch call into a proposal without touching the file, then lets review write it", async () => {
    const before = await readFile(chat.project, "src/greet.ts");
    chat.upstream.enqueue([
      { steps: [{ type: "text", text: "Changing the greeting." }, { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch }) }] },
      { steps: [{ type: "text", text: "Done." }] },
    ]);
    const result = await send("Make it say Hi");
    const [proposal] = result.data<EditProposal>("proposal");
    expect(proposal?.files).toEqual([
      { path: "src/greet.ts", before: before.content, after: before.content.replace("Hello", "Hi"), baseVersion: before.version },
    ]);
    expect(result.chunks.some((c) => c.type === "tool-input-delta")).toBe(true);
    expect(result.text).toBe("Changing the greeting.Done.");
    // Review mode: nothing written until the user accepts.
    expect((await readFile(chat.project, "src/greet.ts")).version).toBe(before.version);

    // The model saw a short summary, not the files.
    const followUp = JSON.stringify(chat.upstream.requests()[1]?.body);
    expect(followUp).toContain("Proposed for the user's review: update src/greet.ts (+1 −1)");

    const [saved] = result.data<{ messageId: string }>("saved");
    const access = await resolveSessionAccess({ userId: chat.project.userId, sessionId: chat.sessionId, action: "session.write" });
    const hunks = computeHunks(proposal!.files[0]!.before!, proposal!.files[0]!.after!);
    const accepted = applyHunks(before.content, hunks, hunks.map((h) => h.id));
    const review = await reviewChange(access, {
      messageId: saved!.messageId,
      path: "src/greet.ts",
      decisions: Object.fromEntries(hunks.map((h) => [h.id, "accepted"])),
      write: { content: accepted, baseVersion: before.version },
    });
    expect(review.version).toBe(before.version + 1);
    expect((await readFile(chat.project, "src/greet.ts")).content).toContain("Hi, ${name}");

    // The accepted edit exports as a patch that applies to the original.
    const exported = await exportSessionPatch(access);
    expect(applyPatch(exported!, { "src/greet.ts": before.content }).files.get("src/greet.ts")).toBe(accepted);

    // And the turn can be undone from its checkpoint.
    const restored = await restoreCheckpoint(access, saved!.messageId);
    expect(restored.files.map((f) => f.path)).toEqual(["src/greet.ts"]);
    expect((await readFile(chat.project, "src/greet.ts")).content).toBe(before.content);
  });

  it("refuses a stale review write with the server's copy", async () => {
    await createEntry(chat.project, { path: "stale.txt", kind: "file", content: "one\n" });
    chat.upstream.enqueue([
      { steps: [{ type: "tool_call", name: "write_file", arguments: JSON.stringify({ path: "stale.txt", content: "two\n" }) }] },
      { steps: [{ type: "text", text: "ok" }] },
    ]);
    const result = await send("rewrite");
    const [saved] = result.data<{ messageId: string }>("saved");
    const access = await resolveSessionAccess({ userId: chat.project.userId, sessionId: chat.sessionId, action: "session.write" });
    const error = await reviewChange(access, {
      messageId: saved!.messageId,
      path: "stale.txt",
      decisions: {},
      write: { content: "two\n", baseVersion: 99 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("conflict:files");
  });

  it("hands a failed patch back to the model as an error it can fix", async () => {
    const bad = patch.replace("Hello", "Bonjour");
    chat.upstream.enqueue([
      { steps: [{ type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch: bad }) }] },
      { steps: [{ type: "text", text: "Sorry." }] },
    ]);
    const result = await send("Break it");
    expect(result.data("proposal")).toEqual([]);
    expect(JSON.stringify(chat.upstream.requests()[1]?.body)).toMatch(/could not find/i);
    const stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
    expect(stored[1]?.parts).toContainEqual(expect.objectContaining({ type: "tool", state: "output-error" }));
  });
});

describe("failures keep everything", () => {
  it("keeps the user's message and fails the answer on an upstream 500", async () => {
    chat.upstream.enqueue({ steps: [{ type: "text", text: "never" }], fault: { kind: "http", status: 500 } });
    const result = await send("hello?");
    const [saved] = result.data<{ status: string; error: { code: string; message: string } }>("saved");
    expect(saved).toMatchObject({ status: "failed", error: { code: "upstream:model" } });
    expect(saved?.error.message).toMatch(/500/);
    expect(chat.upstream.requests()).toHaveLength(1);
    const stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
    expect(stored.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "failed"],
    ]);
  });

  it("passes a 429's Retry-After to the client and does not retry", async () => {
    chat.upstream.enqueue({ steps: [], fault: { kind: "http", status: 429, retryAfter: 17 } });
    const result = await send("too fast");
    const [saved] = result.data<{ error: { code: string; retryAfterSeconds: number } }>("saved");
    expect(saved?.error).toMatchObject({ code: "rate_limit:model", retryAfterSeconds: 17 });
    expect(chat.upstream.requests()).toHaveLength(1);
  });

  it("saves the partial answer as failed when the stream breaks mid-way", async () => {
    chat.upstream.enqueue({ steps: [{ type: "text", text: "one two three four five six seven" }], fault: { kind: "error_chunk", afterTokens: 3 } });
    const result = await send("count");
    expect(result.text.length).toBeGreaterThan(0);
    const [saved] = result.data<{ status: string }>("saved");
    expect(saved?.status).toBe("failed");
    const stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
    expect((stored[1]?.parts as { text: string }[])[0]?.text).toBe(result.text);
  });

  it("aborts the upstream request on Stop (its own request) and saves the answer as stopped", async () => {
    chat.upstream.enqueue({ steps: [{ type: "text", text: "a b c d e f g h i j" }], fault: { kind: "stall", afterTokens: 4 } });
    const response = await startTurn(chat.project, { sessionId: chat.sessionId, message: { id: randomUUID(), text: "long answer" } });
    const chunks: Chunk[] = [];
    const reading = (async () => {
      for await (const chunk of readUiChunks<Chunk>(response.body!)) chunks.push(chunk);
    })();
    await chat.upstream.waitForRequest((r) => JSON.stringify(r.body).includes("long answer"));
    await new Promise((r) => setTimeout(r, 100));
    const messageId = (chunks.find((c) => c.type === "start") as { messageId?: string } | undefined)?.messageId;
    expect(messageId).toBeTruthy();
    await requestTurnStop({ sessionId: chat.sessionId, messageId: messageId! });
    const aborted = await chat.upstream.waitForAbort((r) => JSON.stringify(r.body).includes("long answer"), 5000);
    expect(aborted.aborted).toBe(true);
    await reading;
    // The stream itself reports the stored outcome, so the client shows exactly what is stored.
    expect(chunks.filter((c) => c.type === "data-saved").map((c) => (c.data as { status: string }).status)).toEqual(["stopped"]);
    const stored = (await listMessagesBySessionId({ sessionId: chat.sessionId })).find((m) => m.id === messageId);
    expect(stored?.status).toBe("stopped");
    // The HUD shows what was generated before the stop, not "0 tok/s · out 0".
    const metrics = (stored?.meta as { metrics?: { outputTokens: number } } | undefined)?.metrics;
    expect(metrics?.outputTokens).toBeGreaterThan(0);
  });

  it("keeps generating when the client goes away (a reload), and stores the answer complete", async () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    chat.upstream.enqueue({ steps: [{ type: "text", text: words }], rate: 200 });
    const response = await startTurn(chat.project, { sessionId: chat.sessionId, message: { id: randomUUID(), text: "keep going" } });
    const reader = response.body!.getReader();
    await reader.read();
    await chat.upstream.waitForRequest((r) => JSON.stringify(r.body).includes("keep going"));
    await reader.cancel();
    const stored = await vi.waitFor(
      async () => {
        const found = (await listMessagesBySessionId({ sessionId: chat.sessionId })).at(-1);
        if (found?.role !== "assistant") throw new Error("not stored yet");
        return found;
      },
      { timeout: 5000, interval: 50 },
    );
    expect(stored.status).toBe("complete");
    expect((stored.parts as { text: string }[])[0]?.text).toBe(words);
    expect(chat.upstream.requests().at(-1)?.aborted).toBe(false);
  });
});

describe("context budget", () => {
  it("drops what does not fit, says so, and never sends an over-budget request", async () => {
    // llama3.1-8b: 32k window with 8k reserved for output, so a ~40k-token file cannot go in.
    const big = Array.from({ length: 6000 }, (_, i) => `export const value${i} = "${"x".repeat(20)}";`).join("\n");
    await createEntry(chat.project, { path: "big.ts", kind: "file", content: big });
    chat.upstream.enqueue({ steps: [{ type: "text", text: "ok" }] });
    const result = await send("what is in big.ts?", { model: "llama3.1-8b", context: { mentions: ["big.ts", "README.md"], openFiles: [], diagnostics: [] } });
    const [report] = result.data<ContextReport>("context");
    expect(report?.trimmed).toBe(true);
    expect(report?.items.find((i) => i.label === "big.ts")).toMatchObject({ included: false, reason: "over budget" });
    expect(report?.items.find((i) => i.label === "README.md")).toMatchObject({ included: true });
    expect(report!.used).toBeLessThanOrEqual(report!.limit - report!.reservedForOutput);
    const sent = JSON.stringify(chat.upstream.requests()[0]?.body);
    expect(sent).not.toContain("value5999");
    expect(sent).toContain("README.md");
  });
});
