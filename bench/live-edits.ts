/**
 * Live edits on every server (issue 15): how much of an edit is visible while the model writes it,
 * for the scripted upstream's three tool-call modes, and the time Predicted Outputs save on a rewrite.
 *
 *   npm run bench:live-edits [-- --rate 2000 --lines 400 --runs 3]
 *
 * In process, one Node: the real chat turn (lib/ai/chat streamTurn: provider, content channel,
 * tools, proposals) on an embedded PGlite database in a temp dir, against the scripted upstream on a
 * local port at a fixed rate. Figures are ratios measured within one run.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const dataDir = mkdtempSync(path.join(tmpdir(), "wafer-bench-live-edits-"));
process.env.WAFER_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

const { values } = parseArgs({ options: { rate: { type: "string", default: "2000" }, lines: { type: "string", default: "400" }, runs: { type: "string", default: "3" } } });
const RATE = Number(values.rate);
const LINES = Number(values.lines);
const RUNS = Number(values.runs);

type Chunk = { type: string; delta?: string; inputTextDelta?: string; toolCallId?: string; data?: unknown };

function sourceFile(lines: number, variant = ""): string {
  return Array.from({ length: lines }, (_, i) => `export function f${i}(x: number): number { return x * ${i} + ${i % 7}; }${i % 20 === 0 ? variant : ""}`).join("\n") + "\n";
}

async function main(): Promise<void> {
  const { streamTurn } = await import("@/lib/ai/chat");
  const { chatRequestSchema } = await import("@/lib/chat/contract");
  const { createSession } = await import("@/lib/chat/service");
  const { readUiChunks } = await import("@/lib/chat/sse");
  const { createEntry } = await import("@/lib/files/service");
  const { createTestProject, createTestUser, prepareTestDatabase } = await import("@/lib/testing/database");
  const { startUpstreamServer } = await import("@/lib/testing/upstream");
  const { splitTokens } = await import("@/lib/testing/upstream/tokens");
  type ToolCallMode = "progressive" | "buffered" | "content";

  const upstream = await startUpstreamServer({ defaultRate: RATE });
  process.env.AI_BASE_URL = upstream.baseURL;
  process.env.AI_API_KEY = "bench";
  await prepareTestDatabase();
  const owner = await createTestUser("bench-live-edits");
  const project = await createTestProject(owner, "blank");
  const before = sourceFile(LINES);
  await createEntry(project, { path: "src/big.ts", kind: "file", content: before });
  const after = sourceFile(LINES, " // changed");
  const args = JSON.stringify({ path: "src/big.ts", content: after });
  const editTokens = splitTokens(args).reduce((n, p) => n + p.tokens, 0);

  /**
   * One turn; returns the share of the written edit that was visible, averaged over the time the
   * model spent writing it: ∫visible(t)dt ÷ ∫written(t)dt, with written(t) the upstream's pace
   * (rate × elapsed, ending when the last edit byte reached the client) and visible(t) the share of
   * the edit's argument text the client had. Progressive streaming gives ≈ 1; sending it whole at
   * the end gives ≈ 0. Multiplied by the upstream's rate, it is the visible edit tok/s.
   */
  async function once(mode: ToolCallMode): Promise<number> {
    upstream.upstream.reset();
    upstream.upstream.setToolCallMode(mode);
    upstream.upstream.enqueue({ steps: [{ type: "text", text: "Rewriting big.ts.\n" }, { type: "tool_call", name: "write_file", arguments: args }] });
    const sessionId = (await createSession(project, undefined)).id;
    const request = chatRequestSchema.parse({
      sessionId,
      model: "llama3.1-8b",
      message: { id: randomUUID(), text: "Rewrite big.ts" },
      // The content-only model needs the content channel; the other two run on tool calls.
      editChannel: mode === "content" ? "content" : "tools",
    });
    const response = await streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
    const samples: { t: number; chars: number }[] = [];
    let chars = 0;
    for await (const chunk of readUiChunks<Chunk>(response.body!)) {
      if (chunk.type === "tool-input-delta" && chunk.inputTextDelta) {
        chars += chunk.inputTextDelta.length;
        samples.push({ t: performance.now(), chars });
      }
    }
    const end = samples.at(-1)!.t;
    const writeMs = ((editTokens - 1) * 1000) / RATE;
    const start = end - writeMs;
    const step = writeMs / 2000;
    let visible = 0;
    let written = 0;
    let i = 0;
    for (let t = start; t <= end; t += step) {
      while (i < samples.length && samples[i]!.t <= t) i++;
      visible += i > 0 ? samples[i - 1]!.chars / chars : 0;
      written += (t - start) / writeMs;
    }
    return visible / written;
  }

  console.log(`live edits: a ${LINES}-line write_file (${editTokens} argument tokens) at ${RATE} tok/s, ${RUNS} runs per mode, interleaved`);
  const results: Record<ToolCallMode, number[]> = { progressive: [], buffered: [], content: [] };
  await once("progressive");
  for (let run = 0; run < RUNS; run++) for (const mode of ["progressive", "buffered", "content"] as const) results[mode].push(await once(mode));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log("| mode | visible edit tok/s ÷ upstream (median) | runs |");
  console.log("| --- | --- | --- |");
  for (const mode of ["progressive", "buffered", "content"] as const) {
    console.log(`| ${mode}${mode === "buffered" ? " (first turn, tool calls)" : mode === "content" ? " (content channel)" : ""} | ${median(results[mode]).toFixed(3)} | ${results[mode].map((r) => r.toFixed(3)).join(", ")} |`);
  }

  // Predicted Outputs on the scripted upstream's model of them.
  const big = sourceFile(2000);
  const lines = big.split("\n");
  for (let i = 0; i < 2000; i += 20) lines[i] = `${lines[i]} // 5% of lines changed`;
  const rewritten = lines.join("\n");
  async function timeRewrite(prediction: string | null): Promise<{ ms: number; accepted: number; rejected: number }> {
    upstream.upstream.reset();
    upstream.upstream.enqueue({ steps: [{ type: "text", text: rewritten }], rate: RATE });
    const started = performance.now();
    const response = await fetch(`${upstream.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer bench" },
      body: JSON.stringify({
        model: "gpt-oss-120b",
        messages: [{ role: "user", content: "rewrite" }],
        stream: true,
        stream_options: { include_usage: true },
        ...(prediction ? { prediction: { type: "content", content: prediction } } : {}),
      }),
    });
    const text = await response.text();
    const usage = text
      .split("\n\n")
      .map((e) => e.slice(6))
      .filter((d) => d.startsWith("{") && d.includes('"usage"'))
      .map((d) => (JSON.parse(d) as { usage: { completion_tokens_details: { accepted_prediction_tokens: number; rejected_prediction_tokens: number } } }).usage)
      .at(-1);
    return {
      ms: performance.now() - started,
      accepted: usage?.completion_tokens_details.accepted_prediction_tokens ?? 0,
      rejected: usage?.completion_tokens_details.rejected_prediction_tokens ?? 0,
    };
  }
  const plain = await timeRewrite(null);
  const predicted = await timeRewrite(big);
  console.log("");
  console.log(`Predicted Outputs: rewrite of a 2,000-line file changing 5% of its lines, ${RATE} tok/s.`);
  console.log("Assumption (scripted upstream, DEFAULT_PREDICTION_SPEEDUP): tokens on lines found in the prediction stream 4× faster; check against the provider's figures with a real key.");
  console.log("| | time | accepted | rejected |");
  console.log("| --- | --- | --- | --- |");
  console.log(`| without prediction | ${(plain.ms / 1000).toFixed(2)} s | – | – |`);
  console.log(`| with the file as prediction | ${(predicted.ms / 1000).toFixed(2)} s | ${predicted.accepted} | ${predicted.rejected} |`);
  console.log(`| time saved | ${((plain.ms - predicted.ms) / 1000).toFixed(2)} s (${(((plain.ms - predicted.ms) / plain.ms) * 100).toFixed(0)}%) | | |`);

  await upstream.close();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    // PGlite and the AI SDK keep handles open; the figures are printed.
    setTimeout(() => process.exit(process.exitCode ?? 0), 100).unref();
  });
