import type { Recorder, RecordedRequest } from "./recorder";
import type { Plan } from "./plan";
import type { ChatRequest, Script } from "./schema";
import type { TimeInfo, WireUsage } from "./wire";

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

export function buildUsage(ctx: PlayContext, promptTokens: number, completionTokens: number): WireUsage {
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

export function buildTimeInfo(ctx: PlayContext, generationStart: number, now: number): TimeInfo | undefined {
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
export function createSleeper(signal: AbortSignal): (ms: number) => Promise<void> {
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
