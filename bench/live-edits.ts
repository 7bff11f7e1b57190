/**
 * Live edits on every server (issue 15): how much of an edit is visible while the model writes it,
 * for the scripted upstream's three tool-call modes; the time Predicted Outputs save on a rewrite; and,
 * for a prediction-capable model, tool calls without prediction against the content channel with the
 * open file as prediction, on a whole-file rewrite and on a small patch (lib/ai/edit-route decides
 * from these figures).
 *
 *   npm run bench:live-edits [-- --rate 2000 --lines 400 --runs 3 --route-runs 3]
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

const { values } = parseArgs({
  options: { rate: { type: "string", default: "2000" }, lines: { type: "string", default: "400" }, runs: { type: "string", default: "3" }, "route-runs": { type: "string", default: "3" } },
});
const RATE = Number(values.rate);
const LINES = Number(values.lines);
const RUNS = Number(values.runs);
const ROUTE_RUNS = Number(values["route-runs"]);

type Chunk = { type: string; delta?: string; inputTextDelta?: string; toolCallId?: string; data?: unknown };
type Sample = { t: number; chars: number };

/**
 * The share of an edit that was visible while the model wrote it: ∫visible(t)dt ÷ ∫written(t)dt over
 * the model's writing time `writeMs`, ending when the last edit byte reached the client, with written(t)
 * an even pace and visible(t) the share of the edit's argument text the client had. Progressive
 * streaming gives ≈ 1; sending it whole at the end gives ≈ 0.
 */
function visibleShare(samples: readonly Sample[], writeMs: number): number {
  const chars = samples.at(-1)!.chars;
  const end = samples.at(-1)!.t;
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

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: readonly number[], digits: number) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

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
  const { planScript } = await import("@/lib/testing/upstream/plan");
  const { DEFAULT_PREDICTION_SPEEDUP } = await import("@/lib/testing/upstream/schema");
  const { ASSUMED_REWRITE_SHARE, breakEvenRewriteShare, PREDICTION_BENCH, predictionPaysOff } = await import("@/lib/ai/edit-route");
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
    const samples: Sample[] = [];
    let chars = 0;
    for await (const chunk of readUiChunks<Chunk>(response.body!)) {
      if (chunk.type === "tool-input-delta" && chunk.inputTextDelta) {
        chars += chunk.inputTextDelta.length;
        samples.push({ t: performance.now(), chars });
      }
    }
    return visibleShare(samples, ((editTokens - 1) * 1000) / RATE);
  }

  console.log(`live edits: a ${LINES}-line write_file (${editTokens} argument tokens) at ${RATE} tok/s, ${RUNS} runs per mode, interleaved`);
  const results: Record<ToolCallMode, number[]> = { progressive: [], buffered: [], content: [] };
  await once("progressive");
  for (let run = 0; run < RUNS; run++) for (const mode of ["progressive", "buffered", "content"] as const) results[mode].push(await once(mode));
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

  // Tool calls without prediction against the content channel with the open file as prediction, on
  // a prediction-capable model, for a whole-file rewrite and a small patch: the figures behind
  // lib/ai/edit-route's choice on "Edits: auto". Same file, rate and turn path; interleaved.
  const ROUTE_MODEL = "gpt-oss-120b";
  const ROUTE_PATH = "src/predict.ts";
  // Short lines (6.5 tokens): the rewrite of all 2,000 has to fit one answer (Wafer caps output at 16,384 tokens).
  const routeLine = (i: number) => `v${i} = ${i % 10};`;
  const routeBefore = `${Array.from({ length: 2000 }, (_, i) => routeLine(i)).join("\n")}\n`;
  await createEntry(project, { path: ROUTE_PATH, kind: "file", content: routeBefore });
  const rewriteLines = routeBefore.split("\n");
  for (let i = 0; i < 2000; i += 20) rewriteLines[i] = `${rewriteLines[i]} // changed`;
  const routeRewrite = rewriteLines.join("\n");
  const routePatch = [
    "*** Begin Patch",
    `*** Update File: ${ROUTE_PATH}`,
    "@@",
    ` ${routeLine(499)}`,
    `-${routeLine(500)}`,
    `+${routeLine(500)} // patched`,
    ` ${routeLine(501)}`,
    "@@",
    ` ${routeLine(1499)}`,
    `-${routeLine(1500)}`,
    `+${routeLine(1500)} // patched`,
    ` ${routeLine(1501)}`,
    "*** End Patch",
  ].join("\n");
  const patched = routeBefore.replace(`${routeLine(500)}\n`, `${routeLine(500)} // patched\n`).replace(`${routeLine(1500)}\n`, `${routeLine(1500)} // patched\n`);
  const routeEdits = {
    rewrite: { call: { type: "tool_call" as const, name: "write_file", arguments: JSON.stringify({ path: ROUTE_PATH, content: routeRewrite }) }, after: routeRewrite },
    patch: { call: { type: "tool_call" as const, name: "apply_patch", arguments: JSON.stringify({ patch: routePatch }) }, after: patched },
  };
  type Route = "tools" | "content";
  type Kind = keyof typeof routeEdits;
  type RouteRun = { wallMs: number; visible: number; accepted: number; rejected: number };

  async function routeTurn(route: Route, kind: Kind): Promise<RouteRun> {
    const mode: ToolCallMode = route === "tools" ? "progressive" : "content";
    const script = { steps: [{ type: "text" as const, text: "Editing predict.ts.\n" }, routeEdits[kind].call] };
    upstream.upstream.reset();
    upstream.upstream.setToolCallMode(mode);
    upstream.upstream.enqueue(script);
    const sessionId = (await createSession(project, undefined)).id;
    const request = chatRequestSchema.parse({
      sessionId,
      model: ROUTE_MODEL,
      message: { id: randomUUID(), text: "Edit predict.ts" },
      editChannel: route,
      context: { activeFile: ROUTE_PATH, openFiles: [], mentions: [], diagnostics: [] },
    });
    const started = performance.now();
    const response = await streamTurn({ userId: project.userId, sessionGeneration: 0, request, requestStartedAt: Date.now() });
    const samples: Sample[] = [];
    let chars = 0;
    let after: string | undefined;
    let metrics: { acceptedPredictionTokens?: number | null; rejectedPredictionTokens?: number | null } = {};
    for await (const chunk of readUiChunks<Chunk>(response.body!)) {
      if (chunk.type === "tool-input-delta" && chunk.inputTextDelta) {
        chars += chunk.inputTextDelta.length;
        samples.push({ t: performance.now(), chars });
      } else if (chunk.type === "data-proposal") {
        after = (chunk.data as { files: { after: string | null }[] }).files[0]?.after ?? undefined;
      } else if (chunk.type === "data-metrics") {
        metrics = chunk.data as typeof metrics;
      }
    }
    // Only a turn that made the intended edit counts.
    if (after !== routeEdits[kind].after) throw new Error(`${kind} via ${route}: the proposal is not the intended edit`);
    const sentPrediction = (upstream.upstream.requests()[0]?.body as { prediction?: unknown }).prediction !== undefined;
    if (sentPrediction !== (route === "content")) throw new Error(`${kind} via ${route}: prediction ${sentPrediction ? "sent" : "missing"}`);
    // The model's writing time for the edit, from the upstream's own pacing (accepted tokens cost 1/speedup).
    const plan = planScript(script, null, "call_", { toolCallMode: mode, prediction: route === "content" ? routeBefore : null });
    const edit = plan.steps.at(-1)!;
    const cost = edit.pieces.reduce((n, piece, i) => n + (edit.accepted?.[i] ? piece.tokens / plan.predictionSpeedup : piece.tokens), 0);
    return {
      wallMs: samples.at(-1)!.t - started,
      visible: visibleShare(samples, (cost * 1000) / RATE),
      accepted: metrics.acceptedPredictionTokens ?? 0,
      rejected: metrics.rejectedPredictionTokens ?? 0,
    };
  }

  const kinds: Kind[] = ["rewrite", "patch"];
  const routes: Route[] = ["tools", "content"];
  const routeResults = Object.fromEntries(kinds.map((k) => [k, { tools: [] as RouteRun[], content: [] as RouteRun[] }])) as Record<Kind, Record<Route, RouteRun[]>>;
  for (const kind of kinds) for (const route of routes) await routeTurn(route, kind); // warm-up
  for (let run = 0; run < ROUTE_RUNS; run++) for (const kind of kinds) for (const route of routes) routeResults[kind][route].push(await routeTurn(route, kind));

  const speedup = DEFAULT_PREDICTION_SPEEDUP;
  console.log("");
  console.log(`Edit route on a prediction-capable model (${ROUTE_MODEL}), a 2,000-line file open, ${RATE} tok/s, ${ROUTE_RUNS} interleaved runs per cell (after one warm-up), medians and spread:`);
  console.log(`Assumption (scripted upstream, predictionSpeedup = ${speedup}): answer tokens on lines found in the prediction stream ${speedup}× faster; tool-call arguments never match (they are JSON). Check against the provider with a real key.`);
  console.log("| edit | route | wall time to last edit byte | visible ratio | accepted | rejected |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  const ratios = {} as Record<Kind, number[]>;
  for (const kind of kinds) {
    for (const route of routes) {
      const rs = routeResults[kind][route];
      const label = route === "tools" ? "tool calls, no prediction" : "content channel, file as prediction";
      console.log(
        `| ${kind === "rewrite" ? "rewrite, 5% of 2,000 lines changed" : "patch, 2 hunks"} | ${label} | ${median(rs.map((r) => r.wallMs)).toFixed(0)} ms (${spread(rs.map((r) => r.wallMs), 0)}) | ${median(rs.map((r) => r.visible)).toFixed(3)} (${spread(rs.map((r) => r.visible), 3)}) | ${median(rs.map((r) => r.accepted))} | ${median(rs.map((r) => r.rejected))} |`,
      );
    }
    // Paired within each run, so load drifting between runs cancels out.
    ratios[kind] = routeResults[kind].content.map((r, i) => r.wallMs / routeResults[kind].tools[i]!.wallMs);
  }
  const times = (kind: Kind) => ({ tools: Math.round(median(routeResults[kind].tools.map((r) => r.wallMs))), content: Math.round(median(routeResults[kind].content.map((r) => r.wallMs))) });
  const measured = { rewrite: times("rewrite"), patch: times("patch") };
  const describe = (b: typeof measured) =>
    `break-even rewrite share ${(breakEvenRewriteShare(b) * 100).toFixed(2)}% → ${predictionPaysOff(b) ? "content channel with prediction" : "tool calls"}`;
  console.log("");
  console.log(`content channel with prediction ÷ tool calls, per run: rewrite ${median(ratios.rewrite).toFixed(3)} (${spread(ratios.rewrite, 3)}), patch ${median(ratios.patch).toFixed(3)} (${spread(ratios.patch, 3)})`);
  console.log(
    `rule (lib/ai/edit-route predictionPaysOff): the route with the shorter expected time when ${(ASSUMED_REWRITE_SHARE * 100).toFixed(0)}% of edits are whole-file rewrites (an assumption); ` +
      `these figures: ${describe(measured)}; published PREDICTION_BENCH: ${describe(PREDICTION_BENCH)}`,
  );

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
