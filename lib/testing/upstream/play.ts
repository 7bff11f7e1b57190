import { planUnits } from "./plan";
import { buildTimeInfo, buildUsage, createSleeper, type PlayContext } from "./play-context";
import { createChunkFramer, SSE_DONE, sseError } from "./wire";

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
