import type { Recorder, RecordedRequest } from "./recorder";
import { encodeFileBlock, encodePatchBlock } from "@/lib/edits/content-blocks";

import { DEFAULT_PREDICTION_SPEEDUP, type ChatRequest, type FinishReason, type Script, type ToolCallMode } from "./schema";
import { splitTokens, type TokenPiece } from "./tokens";
import {
  createChunkFramer,
  errorResponse,
  jsonResponse,
  SSE_DONE,
  sseError,
  SYSTEM_FINGERPRINT,
  type ChatCompletion,
  type TimeInfo,
  type WireDelta,
  type WireToolCall,
  type WireUsage,
} from "./wire";

interface PlannedStep {
  kind: "text" | "reasoning" | "tool_call";
  /** Already cut to the request's max tokens. */
  pieces: readonly TokenPiece[];
  toolCall?: { index: number; id: string; name: string; buffered: boolean };
  /** Per piece: it lies on a line of the request's prediction (an accepted span). */
  accepted?: readonly boolean[];
}

export interface Plan {
  steps: PlannedStep[];
  completionTokens: number;
  reasoningTokens: number;
  finishReason: FinishReason;
  acceptedPredictionTokens: number;
  rejectedPredictionTokens: number;
  /** How many times faster accepted pieces stream. */
  predictionSpeedup: number;
}

export interface PlanOptions {
  toolCallMode?: ToolCallMode;
  /** The request's `prediction.content`. */
  prediction?: string | null;
}

/** A content-only model writes its edit tool calls as content blocks in the answer instead. */
function asContentBlock(step: Extract<Script["steps"][number], { type: "tool_call" }>): string | null {
  try {
    const args = JSON.parse(step.arguments) as { patch?: unknown; path?: unknown; content?: unknown };
    if (step.name === "apply_patch" && typeof args.patch === "string") return encodePatchBlock(args.patch);
    if (step.name === "write_file" && typeof args.path === "string" && typeof args.content === "string") return encodeFileBlock(args.path, args.content);
  } catch {
    // Not JSON: left as the tool call it is.
  }
  return null;
}

/** Which pieces lie on lines that the prediction contains (line granularity, like a span match). */
function acceptedPieces(pieces: readonly TokenPiece[], text: string, predicted: ReadonlySet<string>): boolean[] {
  const lineAt: boolean[] = [];
  let start = 0;
  for (const line of text.split("\n")) {
    const hit = predicted.has(line);
    for (let i = 0; i <= line.length; i++) lineAt[start + i] = hit;
    start += line.length + 1;
  }
  let offset = 0;
  return pieces.map((piece) => {
    const hit = lineAt[offset] ?? false;
    offset += piece.text.length;
    return hit;
  });
}

/** Tokenizes the script and cuts it at max_completion_tokens like a real model does (finish_reason "length"). */
export function planScript(script: Script, maxTokens: number | null, toolIdPrefix: string, options: PlanOptions = {}): Plan {
  const steps: PlannedStep[] = [];
  let completionTokens = 0;
  let reasoningTokens = 0;
  let truncated = false;
  let toolIndex = 0;
  const mode = script.toolCallMode ?? options.toolCallMode ?? "progressive";
  const prediction = options.prediction ?? null;
  const predictedLines = prediction ? new Set(prediction.split("\n")) : null;
  const usedPredictedLines = new Set<string>();
  let acceptedPredictionTokens = 0;
  let answer = "";
  const scriptSteps = script.steps.map((step) => {
    const block = mode === "content" && step.type === "tool_call" ? asContentBlock(step) : null;
    if (block === null) {
      if (step.type === "text") answer += step.text;
      return step;
    }
    // A block's delimiters are whole lines.
    const text = answer === "" || answer.endsWith("\n") ? block : `\n${block}`;
    answer += text;
    return { type: "text" as const, text };
  });
  for (const step of scriptSteps) {
    if (truncated) break;
    const all = splitTokens(step.type === "tool_call" ? step.arguments : step.text);
    let used = all.length;
    if (maxTokens !== null) {
      let budget = maxTokens - completionTokens;
      for (let i = 0; i < all.length; i++) {
        budget -= all[i]!.tokens;
        if (budget < 0) {
          used = i;
          truncated = true;
          break;
        }
      }
    }
    const pieces = used === all.length ? all : all.slice(0, used);
    const tokens = pieces.reduce((sum, piece) => sum + piece.tokens, 0);
    completionTokens += tokens;
    if (step.type === "reasoning") reasoningTokens += tokens;
    if (step.type === "tool_call") {
      // A call cut before its first argument token was never started by the model.
      if (truncated && pieces.length === 0) break;
      const index = toolIndex++;
      steps.push({
        kind: "tool_call",
        pieces,
        toolCall: { index, id: step.id ?? `${toolIdPrefix}${index}`, name: step.name, buffered: mode === "buffered" },
      });
    } else if (step.type === "text" && predictedLines) {
      const accepted = acceptedPieces(pieces, step.text, predictedLines);
      pieces.forEach((piece, i) => {
        if (accepted[i]) acceptedPredictionTokens += piece.tokens;
      });
      for (const line of step.text.split("\n")) if (predictedLines.has(line)) usedPredictedLines.add(line);
      steps.push({ kind: step.type, pieces, accepted });
    } else {
      steps.push({ kind: step.type, pieces });
    }
  }
  const hasToolCall = steps.some((step) => step.kind === "tool_call");
  const finishReason: FinishReason = truncated ? "length" : (script.finishReason ?? (hasToolCall ? "tool_calls" : "stop"));
  // Rejected: prediction tokens on lines the answer did not reuse.
  const rejectedPredictionTokens = prediction
    ? prediction
        .split("\n")
        .filter((line) => !usedPredictedLines.has(line))
        .reduce((sum, line) => sum + splitTokens(`${line}\n`).reduce((n, piece) => n + piece.tokens, 0), 0)
    : 0;
  return {
    steps,
    completionTokens,
    reasoningTokens,
    finishReason,
    acceptedPredictionTokens,
    rejectedPredictionTokens,
    predictionSpeedup: script.predictionSpeedup ?? DEFAULT_PREDICTION_SPEEDUP,
  };
}

interface Unit {
  delta: WireDelta;
  tokens: number;
  /** Pacing cost in token-times: accepted prediction tokens cost less. */
  cost: number;
}

/** Lazily yields one SSE delta per chunk so a 2,000-line rewrite is never serialized up front. */
function* planUnits(plan: Plan, chunkTokens: number, reasoningField: "reasoning" | "reasoning_content"): Generator<Unit> {
  yield { delta: { role: "assistant" }, tokens: 0, cost: 0 };
  for (const step of plan.steps) {
    if (step.toolCall?.buffered) {
      // Ollama/tabbyAPI: nothing while the arguments are written, then the whole call in one delta.
      const { index, id, name } = step.toolCall;
      const tokens = step.pieces.reduce((sum, piece) => sum + piece.tokens, 0);
      const args = step.pieces.map((piece) => piece.text).join("");
      yield { delta: { tool_calls: [{ index, id, type: "function", function: { name, arguments: args } }] }, tokens, cost: tokens };
      continue;
    }
    if (step.toolCall) {
      const { index, id, name } = step.toolCall;
      // Only the first delta of a call names it; later ones carry argument text alone.
      yield { delta: { tool_calls: [{ index, id, type: "function", function: { name, arguments: "" } }] }, tokens: 0, cost: 0 };
    }
    let i = 0;
    while (i < step.pieces.length) {
      let text = "";
      let tokens = 0;
      let cost = 0;
      while (i < step.pieces.length && (tokens === 0 || tokens < chunkTokens)) {
        const piece = step.pieces[i]!;
        cost += step.accepted?.[i] ? piece.tokens / plan.predictionSpeedup : piece.tokens;
        i++;
        text += piece.text;
        tokens += piece.tokens;
      }
      if (step.toolCall) {
        yield { delta: { tool_calls: [{ index: step.toolCall.index, function: { arguments: text } }] }, tokens, cost };
      } else if (step.kind === "reasoning") {
        yield { delta: { [reasoningField]: text }, tokens, cost };
      } else {
        yield { delta: { content: text }, tokens, cost };
      }
    }
  }
}

export interface PlayContext {
  script: Script;
  plan: Plan;
  body: ChatRequest;
  record: RecordedRequest;
  recorder: Recorder;
  signal: AbortSignal;
  /** Tokens per second; 0 = as fast as the consumer reads. */
  rate: number;
  completionId: string;
  created: number;
  playStart: number;
  /** Memoized: counted at most once, after the last token. */
  promptTokens: () => number;
}

function buildUsage(ctx: PlayContext, promptTokens: number, completionTokens: number): WireUsage {
  const o = ctx.script.usage ?? {};
  const prompt = o.prompt_tokens ?? promptTokens;
  const completion = o.completion_tokens ?? completionTokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: o.total_tokens ?? prompt + completion,
    prompt_tokens_details: { cached_tokens: o.cached_tokens ?? 0 },
    completion_tokens_details: {
      reasoning_tokens: o.reasoning_tokens ?? ctx.plan.reasoningTokens,
      accepted_prediction_tokens: o.accepted_prediction_tokens ?? ctx.plan.acceptedPredictionTokens,
      rejected_prediction_tokens: o.rejected_prediction_tokens ?? ctx.plan.rejectedPredictionTokens,
    },
  };
}

function buildTimeInfo(ctx: PlayContext, generationStart: number, now: number): TimeInfo | undefined {
  if (ctx.script.timeInfo === false) return undefined;
  const received = ctx.record.receivedAt.mono;
  return {
    queue_time: (ctx.playStart - received) / 1000,
    prompt_time: (generationStart - ctx.playStart) / 1000,
    completion_time: (now - generationStart) / 1000,
    total_time: (now - received) / 1000,
    created: Date.now() / 1000,
  };
}

/**
 * Abortable sleep: resolves after ms (never when ms is Infinity) or as soon as the signal aborts.
 * One abort listener per response, not per sleep: at 5,000 tok/s this runs ~1,000 times a second.
 */
function createSleeper(signal: AbortSignal): (ms: number) => Promise<void> {
  let wake: (() => void) | null = null;
  signal.addEventListener("abort", () => wake?.(), { once: true });
  return (ms) => {
    if (signal.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : undefined;
      const done = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      wake = done;
    });
  };
}

// Unpaced output is cut into writes of this size so backpressure can act between them.
const UNPACED_BATCH_CHARS = 16 * 1024;

type Next =
  | { kind: "emit"; text: string; chunks: number; tokens: number; cost: number; end?: "complete" | "error_chunk" }
  | { kind: "wait"; ms: number }
  | { kind: "stall"; ms: number }
  | { kind: "reset" };

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  // no-transform + no compression: intermediaries must pass each event through as it is written.
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

/** Streams the plan as SSE, paced by a token bucket on the monotonic clock. */
export function streamResponse(ctx: PlayContext): Response {
  const { script, plan, record, recorder, rate } = ctx;
  const framer = createChunkFramer({ id: ctx.completionId, created: ctx.created, model: ctx.body.model });
  const units = planUnits(plan, script.chunkTokens ?? 1, script.reasoningField ?? "reasoning");
  const includeUsage = ctx.body.stream_options?.include_usage === true;
  const fault = script.fault;
  const encoder = new TextEncoder();
  // JSON never holds a raw newline, so every "\n" in the framed text is a line end.
  const eol = script.framing === "crlf" ? "\r\n" : script.framing === "cr" ? "\r" : null;
  const encode = (text: string) => encoder.encode(eol ? text.replaceAll("\n", eol) : text);
  let malformedSent = false;

  let pending = units.next();
  let generationStart = -1;
  let tokensSent = 0;
  let costSent = 0;
  let chunksSent = 0;
  let stallDone = false;
  let resetPending = false;
  let cancelled = false;

  // One signal for both ways a client can leave: request.signal (Fetch/Next.js) and body cancel (our node adapter).
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  stop.signal.addEventListener("abort", () => finish("aborted"), { once: true });
  const sleep = createSleeper(stop.signal);

  function finish(outcome: "complete" | "aborted" | "error_chunk" | "reset"): void {
    ctx.signal.removeEventListener("abort", onAbort);
    if (record.outcome === "pending") recorder.finish(record, outcome, ctx.promptTokens());
  }

  function finalEvents(now: number): string {
    const usage = includeUsage ? buildUsage(ctx, ctx.promptTokens(), plan.completionTokens) : undefined;
    const timeInfo = buildTimeInfo(ctx, generationStart, now);
    if (usage && script.usageChunk === "separate") {
      return framer.finish(plan.finishReason, undefined, timeInfo) + framer.usageOnly(usage, timeInfo) + SSE_DONE;
    }
    return framer.finish(plan.finishReason, usage, timeInfo) + SSE_DONE;
  }

  function next(now: number): Next {
    let text = "";
    let chunks = 0;
    let tokens = 0;
    let cost = 0;
    const emit = (end?: "complete" | "error_chunk"): Next => ({ kind: "emit", text, chunks, tokens, cost, end });
    for (;;) {
      if (fault?.kind === "reset" && chunksSent + chunks >= fault.afterChunks) {
        if (chunks === 0) return { kind: "reset" };
        // Deliver what is already framed; the next read finds the line cut.
        resetPending = true;
        return emit();
      }
      if (fault?.kind === "malformed" && !malformedSent && chunksSent + chunks >= fault.afterChunks) {
        malformedSent = true;
        text += 'data: {"id":"broken","choices":[{"delta":{"content":"unterminated\n\n';
        chunks++;
      }
      if (fault?.kind === "error_chunk" && tokensSent + tokens >= fault.afterTokens) {
        text += sseError({
          error: { message: fault.message ?? "Internal server error", type: "server_error", param: null, code: "internal_error" },
        });
        chunks++;
        return emit("error_chunk");
      }
      if (fault?.kind === "stall" && !stallDone && tokensSent + tokens >= fault.afterTokens) {
        if (chunks > 0) return emit();
        return { kind: "stall", ms: fault.ms ?? Infinity };
      }
      if (pending.done) {
        text += finalEvents(now);
        chunks += includeUsage && script.usageChunk === "separate" ? 2 : 1;
        return emit("complete");
      }
      const unit = pending.value;
      if (rate > 0) {
        // Token n (1-based) is due at start + (n-1)/rate: emit everything due, then sleep until the next one.
        const needed = costSent + cost + unit.cost;
        const allowed = Math.floor(((now - generationStart) * rate) / 1000) + 1;
        if (needed > allowed) {
          if (chunks > 0) return emit();
          return { kind: "wait", ms: generationStart + ((needed - 1) * 1000) / rate - now };
        }
      } else if (text.length >= UNPACED_BATCH_CHARS) {
        return emit();
      }
      text += framer.delta(unit.delta);
      chunks++;
      tokens += unit.tokens;
      cost += unit.cost;
      pending = units.next();
    }
  }

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (generationStart < 0) {
          await sleep((script.ttftMs ?? 0) - (performance.now() - ctx.playStart));
          generationStart = performance.now();
        }
        for (;;) {
          if (stop.signal.aborted) {
            if (!cancelled) controller.error(new Error("client aborted"));
            return;
          }
          const now = performance.now();
          const step: Next = resetPending ? { kind: "reset" } : next(now);
          if (step.kind === "reset") {
            finish("reset");
            controller.error(new Error("scripted connection reset"));
            return;
          }
          if (step.kind === "emit") {
            controller.enqueue(encode(step.text));
            chunksSent += step.chunks;
            tokensSent += step.tokens;
            costSent += step.cost;
            recorder.sent(record, step.chunks, step.tokens);
            if (step.end) {
              finish(step.end);
              controller.close();
            }
            return;
          }
          if (step.kind === "stall") {
            await sleep(step.ms);
            // Resume at the scripted rate instead of bursting to catch up.
            generationStart += performance.now() - now;
            stallDone = true;
            continue;
          }
          await sleep(step.ms);
        }
      },
      cancel() {
        cancelled = true;
        stop.abort();
      },
    },
    // Produce only when the consumer reads: backpressure reaches the producer and nothing is buffered here.
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}

/** `stream: false`: the same plan, answered once the scripted generation time has passed. */
export async function completionResponse(ctx: PlayContext): Promise<Response> {
  const { script, plan, record, recorder, rate, signal } = ctx;
  const fault = script.fault;
  const finish = (outcome: "complete" | "aborted" | "error_chunk" | "reset") =>
    recorder.finish(record, outcome, ctx.promptTokens());
  const sleep = createSleeper(signal);

  await sleep((script.ttftMs ?? 0) - (performance.now() - ctx.playStart));
  const generationStart = performance.now();
  const generationMs = rate > 0 ? (Math.max(0, plan.completionTokens - 1) * 1000) / rate : 0;
  await sleep(generationMs);
  if (fault?.kind === "stall") await sleep(fault.ms ?? Infinity);
  if (signal.aborted) {
    finish("aborted");
    return errorResponse(499, "client aborted");
  }
  if (fault?.kind === "error_chunk") {
    recorder.sent(record, 0, 0);
    record.status = 500;
    finish("error_chunk");
    return errorResponse(500, fault.message ?? "Internal server error", "server_error", "internal_error");
  }
  if (fault?.kind === "reset") {
    finish("reset");
    const broken = new ReadableStream<Uint8Array>({ start: (controller) => controller.error(new Error("scripted connection reset")) });
    return new Response(broken, { status: 200, headers: { "content-type": "application/json" } });
  }

  let content = "";
  let reasoning = "";
  const toolCalls: WireToolCall[] = [];
  for (const step of plan.steps) {
    const text = step.pieces.map((piece) => piece.text).join("");
    if (step.toolCall) {
      toolCalls.push({ id: step.toolCall.id, type: "function", function: { name: step.toolCall.name, arguments: text } });
    } else if (step.kind === "reasoning") {
      reasoning += text;
    } else {
      content += text;
    }
  }
  const reasoningField = script.reasoningField ?? "reasoning";
  const completion: ChatCompletion = {
    id: ctx.completionId,
    object: "chat.completion",
    created: ctx.created,
    model: ctx.body.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: content.length > 0 || toolCalls.length === 0 ? content : null,
          ...(reasoning ? { [reasoningField]: reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: plan.finishReason,
        logprobs: null,
      },
    ],
    usage: buildUsage(ctx, ctx.promptTokens(), plan.completionTokens),
  };
  const timeInfo = buildTimeInfo(ctx, generationStart, performance.now());
  if (timeInfo) completion.time_info = timeInfo;
  recorder.sent(record, 0, plan.completionTokens);
  finish("complete");
  return jsonResponse(completion);
}
