import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { listModelStreamVerdicts, listPredictionWithToolsRefused } from "@/db/queries/model-streams";
import { agePredictionRefusalForTest, clearPredictionRefusalForTest } from "@/db/testing";
import { listMessagesBySessionId } from "@/db/queries/sessions";
import type { ChatRequest } from "@/lib/chat/contract";
import type { TurnMetrics } from "@/lib/chat/messages";
import type { EditProposal } from "@/lib/chat/proposals";
import { readUiChunks } from "@/lib/chat/sse";
import { readFile } from "@/lib/files/service";
import { startTurn, chatFixture } from "@/lib/testing/chat-fixture";
import type { Script } from "@/lib/testing/upstream";


type Chunk = { type: string; delta?: string; data?: unknown; toolCallId?: string; inputTextDelta?: string };


async function send(message: string, extra: Partial<ChatRequest> = {}) {
  const response = await startTurn(chat.project, { sessionId: chat.sessionId, message: { id: randomUUID(), text: message }, ...extra });
  const chunks: Chunk[] = [];
  for await (const chunk of readUiChunks<Chunk>(response.body!)) chunks.push(chunk);
  const data = <T,>(type: string) => chunks.filter((c) => c.type === `data-${type}`).map((c) => c.data as T);
  const text = chunks.filter((c) => c.type === "text-delta").map((c) => c.delta).join("");
  return { chunks, data, text, metrics: data<TurnMetrics>("metrics")[0]! };
}

const MODEL = "llama3.1-8b";
const patch = ["*** Begin Patch", "*** Update File: src/greet.ts", "@@", "-  return `Hello, ${name}!`;", "+  return `Hi, ${name}!`;", "*** End Patch"].join("\n");
const rewrite = (content: string): Script => ({
  steps: [
    { type: "text", text: "Rewriting greet.\n" },
    { type: "tool_call", name: "write_file", arguments: JSON.stringify({ path: "src/greet.ts", content }) },
  ],
});

const chat = chatFixture("channels", { models: [MODEL] });

describe("edit channels", () => {
  it("a buffered server: the first edit still lands, the verdict is stored, the next turn uses the content channel", async () => {
    const before = await readFile(chat.project, "src/greet.ts");
    const content = before.content.replace("Hello", "Hey").repeat(4);
    chat.upstream.setToolCallMode("buffered");
    chat.upstream.enqueue([rewrite(content), { steps: [{ type: "text", text: "Done." }] }]);
    const first = await send("Rewrite greet", { model: MODEL });
    expect(first.data<EditProposal>("proposal")[0]?.files[0]?.after).toBe(content);
    expect(first.metrics.editChannel).toBe("tools");
    expect(first.metrics.toolCalls?.[0]).toMatchObject({ toolName: "write_file", channel: "tool", deltas: 1 });
    expect(first.metrics.toolStream).toBe("buffered");
    expect((await listModelStreamVerdicts())[MODEL]).toBe("buffered");

    // Next turn: edit tools are no longer offered; the model's blocks stream as tool input.
    chat.upstream.enqueue({ rate: 500, steps: [{ type: "text", text: "Patching.\n" }, { type: "tool_call", name: "apply_patch", arguments: JSON.stringify({ patch }) }] });
    chat.upstream.setToolCallMode("content");
    const second = await send("Say Hi", { model: MODEL });
    const request = chat.upstream.requests().at(-1)!.body as { tools?: { function: { name: string } }[]; messages: { role: string; content: unknown }[] };
    expect(request.tools?.map((t) => t.function.name)).not.toContain("apply_patch");
    expect(JSON.stringify(request.messages[0])).toContain("*** Begin File: ");
    expect(second.metrics.editChannel).toBe("content");
    expect(second.text).toBe("Patching.\n");
    const deltas = second.chunks.filter((c) => c.type === "tool-input-delta");
    expect(deltas.length).toBeGreaterThan(5);
    const [proposal] = second.data<EditProposal>("proposal");
    expect(proposal).toMatchObject({ toolName: "apply_patch", files: [{ path: "src/greet.ts", after: before.content.replace("Hello", "Hi") }] });
    // One model call: the answer's end is the turn's end, even though its block became a tool call.
    expect(chat.upstream.requests()).toHaveLength(3);
    const stored = await listMessagesBySessionId({ sessionId: chat.sessionId });
    expect(stored.at(-1)?.proposals).toHaveLength(1);
  });

  it("gives the same proposal through both channels, and the user override picks the channel", async () => {
    const before = await readFile(chat.project, "src/greet.ts");
    const content = `${before.content}// tail without newline`;
    chat.upstream.enqueue(rewrite(content));
    const viaTool = await send("Rewrite", { model: MODEL, editChannel: "tools" });
    chat.upstream.setToolCallMode("content");
    chat.upstream.enqueue(rewrite(content));
    const viaContent = await send("Rewrite", { model: MODEL, editChannel: "content" });
    expect(viaTool.metrics.editChannel).toBe("tools");
    expect(viaContent.metrics.editChannel).toBe("content");
    const files = (r: typeof viaTool) => r.data<EditProposal>("proposal")[0]?.files;
    expect(files(viaContent)).toEqual(files(viaTool));
    expect(files(viaContent)?.[0]?.after).toBe(content);
  });

  it("never applies code that is only in a Markdown fence, and drops an unterminated block", async () => {
    chat.upstream.enqueue({ steps: [{ type: "text", text: "Like this:\n```ts\nexport const x = 1;\n```\n*** Begin File: src/x.ts\nexport const x = 1;\n" }] });
    const result = await send("Show me", { model: MODEL, editChannel: "content" });
    expect(result.data<EditProposal>("proposal")).toHaveLength(0);
    expect(result.text).toContain("```ts\nexport const x = 1;\n```");
  });

  it("sends the active file as the prediction on the content channel of a model that supports it, and reports accepted tokens", async () => {
    const before = await readFile(chat.project, "src/greet.ts");
    chat.upstream.setModels([{ id: "gpt-oss-120b", owned_by: "test" }]);
    chat.upstream.setToolCallMode("content");
    chat.upstream.enqueue(rewrite(before.content.replace("Hello", "Howdy")));
    const result = await send("Rewrite", {
      model: "gpt-oss-120b",
      editChannel: "content",
      context: { activeFile: "src/greet.ts", openFiles: [], mentions: [], diagnostics: [] },
    });
    const body = chat.upstream.requests().at(-1)!.body as { prediction?: { content: string } };
    expect(body.prediction?.content).toBe(before.content);
    expect(result.metrics.acceptedPredictionTokens).toBeGreaterThan(0);
  });
  it("on auto, a model with predictedOutputs and an open file edits in the answer with the file as prediction; the tool-calls setting turns both off", async () => {
    const before = await readFile(chat.project, "src/greet.ts");
    const content = before.content.replace("Hello", "Howdy");
    chat.upstream.setModels([{ id: "gpt-oss-120b", owned_by: "test" }]);
    const context = { activeFile: "src/greet.ts", openFiles: [], mentions: [], diagnostics: [] };
    chat.upstream.setToolCallMode("content");
    chat.upstream.enqueue(rewrite(content));
    const auto = await send("Rewrite", { model: "gpt-oss-120b", context });
    const autoBody = chat.upstream.requests().at(-1)!.body as { prediction?: { content: string }; tools?: { function: { name: string } }[] };
    expect(autoBody.prediction?.content).toBe(before.content);
    expect(autoBody.tools?.map((t) => t.function.name)).not.toContain("write_file");
    expect(auto.metrics).toMatchObject({ editChannel: "content", editChannelReason: "prediction" });
    expect(auto.data<EditProposal>("proposal")[0]?.files[0]?.after).toBe(content);

    chat.upstream.setToolCallMode("progressive");
    chat.upstream.enqueue([rewrite(content), { steps: [{ type: "text", text: "Done." }] }]);
    const tools = await send("Rewrite", { model: "gpt-oss-120b", editChannel: "tools", context });
    const toolsBody = chat.upstream.requests().at(-1)!.body as { prediction?: unknown; tools?: { function: { name: string } }[] };
    expect(toolsBody.prediction).toBeUndefined();
    expect(toolsBody.tools?.map((t) => t.function.name)).toContain("write_file");
    expect(tools.metrics).toMatchObject({ editChannel: "tools", editChannelReason: "override" });

    // No file open: nothing to predict, so tool calls.
    chat.upstream.enqueue([rewrite(content), { steps: [{ type: "text", text: "Done." }] }]);
    const noFile = await send("Rewrite", { model: "gpt-oss-120b" });
    expect(noFile.metrics).toMatchObject({ editChannel: "tools", editChannelReason: "default" });
  });

  it("a server refusing prediction with tools: the turn goes again without it and completes, the refusal is stored, the next turn sends none, and a week on it is tried again", async () => {
    const before = await readFile(chat.project, "src/greet.ts");
    const content = before.content.replace("Hello", "Hey");
    const context = { activeFile: "src/greet.ts", openFiles: [], mentions: [], diagnostics: [] };
    chat.upstream.setModels([{ id: "gpt-oss-120b", owned_by: "test" }]);
    chat.upstream.setRefusePredictionWithTools(true);
    // The refusal row is shared by the run's other test files: kept only as long as this test needs it.
    try {
      chat.upstream.setToolCallMode("content");
      chat.upstream.enqueue(rewrite(content));
      const since = chat.upstream.requests().at(-1)?.seq ?? 0;
      const first = await send("Rewrite", { model: "gpt-oss-120b", context });
      type Body = { prediction?: { content: string }; tools?: { function: { name: string } }[] };
      const calls = chat.upstream.requests().filter((r) => r.seq > since);
      expect(calls.map((r) => [r.status, r.scriptSource])).toEqual([
        [400, "refused"],
        [200, "queue"],
      ]);
      expect((calls[0]!.body as Body).prediction?.content).toBe(before.content);
      const retried = calls[1]!.body as Body;
      expect(retried.prediction).toBeUndefined();
      // Same everything else.
      expect({ ...(calls[0]!.body as Body), prediction: undefined }).toEqual({ ...retried, prediction: undefined });
      expect(first.data<EditProposal>("proposal")[0]?.files[0]?.after).toBe(content);
      // Still the content channel (the prompt already asked for edit blocks), and the HUD's metrics say the prediction went.
      expect(first.metrics).toMatchObject({ editChannel: "content", editChannelReason: "prediction", predictionRefused: true });
      expect(first.metrics.acceptedPredictionTokens ?? 0).toBe(0);
      expect(await listPredictionWithToolsRefused()).toContain("gpt-oss-120b");
      const stored = (await listMessagesBySessionId({ sessionId: chat.sessionId })).at(-1)!;
      expect(stored.status).toBe("complete");

      // The next turn reads the refusal: tool calls, no prediction, one call.
      chat.upstream.setToolCallMode("progressive");
      chat.upstream.enqueue([rewrite(content), { steps: [{ type: "text", text: "Done." }] }]);
      const sinceNext = chat.upstream.requests().at(-1)!.seq;
      const next = await send("Rewrite", { model: "gpt-oss-120b", context });
      const nextCalls = chat.upstream.requests().filter((r) => r.seq > sinceNext);
      expect(nextCalls.every((r) => r.status === 200 && (r.body as Body).prediction === undefined)).toBe(true);
      expect((nextCalls[0]!.body as Body).tools?.map((t) => t.function.name)).toContain("write_file");
      expect(next.metrics).toMatchObject({ editChannel: "tools", editChannelReason: "default" });
      expect(next.metrics.predictionRefused).toBeUndefined();

      // A week on, the refusal is tried again: the server may have learned to take both.
      await agePredictionRefusalForTest("gpt-oss-120b", 8);
      expect(await listPredictionWithToolsRefused()).not.toContain("gpt-oss-120b");
      chat.upstream.setRefusePredictionWithTools(false);
      chat.upstream.setToolCallMode("content");
      chat.upstream.enqueue(rewrite(content));
      const sinceLater = chat.upstream.requests().at(-1)!.seq;
      const later = await send("Rewrite", { model: "gpt-oss-120b", context });
      const laterCalls = chat.upstream.requests().filter((r) => r.seq > sinceLater);
      expect(laterCalls.map((r) => [r.status, (r.body as Body).prediction !== undefined])).toEqual([[200, true]]);
      expect(later.metrics).toMatchObject({ editChannel: "content", editChannelReason: "prediction" });
      expect(later.metrics.predictionRefused).toBeUndefined();
    } finally {
      await clearPredictionRefusalForTest("gpt-oss-120b");
    }
  });

  it("a 400 that the retry without prediction gets too is not blamed on the pair: nothing is stored", async () => {
    const context = { activeFile: "src/greet.ts", openFiles: [], mentions: [], diagnostics: [] };
    chat.upstream.setModels([{ id: "gpt-oss-120b", owned_by: "test" }]);
    const bad: Script = { steps: [], fault: { kind: "http", status: 400, message: "context too long" } };
    chat.upstream.enqueue([bad, bad]);
    const since = chat.upstream.requests().at(-1)?.seq ?? 0;
    try {
      await send("Rewrite", { model: "gpt-oss-120b", context });
      const calls = chat.upstream.requests().filter((r) => r.seq > since);
      expect(calls.map((r) => [r.status, (r.body as { prediction?: unknown }).prediction !== undefined])).toEqual([
        [400, true],
        [400, false],
      ]);
      expect(await listPredictionWithToolsRefused()).not.toContain("gpt-oss-120b");
      expect((await listMessagesBySessionId({ sessionId: chat.sessionId })).at(-1)!.status).toBe("failed");
    } finally {
      await clearPredictionRefusalForTest("gpt-oss-120b");
    }
  });
});
