import "server-only";

import type { KeySource, ModelCallKind, ModelCallStatus } from "@/db/enums";
import { recordModelCall, type BudgetBucket } from "@/db/queries/usage";
import { countTokens } from "@/lib/ai/tokens";
import { reserveTokens, type Reservation } from "@/lib/plans/budget";

import { callEnergy } from "./energy";
import { callCost, priceFor } from "./prices";
import { readRateLimitHeaders, type RateLimitSnapshot } from "./rate-limit-headers";

export interface CallUsage {
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  acceptedPredictionTokens?: number;
  rejectedPredictionTokens?: number;
}

interface OpenCall {
  reservation: Reservation | null;
  reserved: number;
  estimatedInput: number;
  bodyChars: number;
  startedAt: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  /** What arrived, kept only to count a stopped or failed call that the provider never reported. */
  output: string[];
  /** The provider's rate-limit headers from this call's response, stored with its ledger row. */
  quota: RateLimitSnapshot | null;
}

/**
 * Meters one turn's model calls against the workspace's budget: each call reserves its input plus
 * its output allowance before it is sent, and settles to what it really cost when it ends, with one
 * ledger row. Nothing is written per token; the only per-chunk work is keeping the streamed text.
 */
export class CallMeter {
  private open: OpenCall | null = null;
  private last: { inputTokens: number; outputTokens: number; bodyChars: number } | null = null;
  private readonly pending: Promise<unknown>[] = [];
  /** Tokens settled by this turn's calls so far. */
  settledTotal = 0;

  constructor(
    private readonly ctx: {
      workspaceId: string;
      userId: string | null;
      sessionId: string | null;
      kind: ModelCallKind;
      model: string;
      keySource: KeySource;
      monthlyTokenBudget: number;
      maxOutputTokens: number;
    },
  ) {}

  /**
   * Holds the next call's tokens (throws `rate_limit:budget`). The first call's input is the packed
   * prompt's count; `write` is the statement that reserves, when the caller folds its own write into it.
   */
  async begin(inputTokens: number, bodyChars = 0, write?: (bucket: BudgetBucket) => Promise<number | null>): Promise<void> {
    if (this.open) return;
    const amount = inputTokens + this.ctx.maxOutputTokens;
    const reservation = await reserveTokens({ workspaceId: this.ctx.workspaceId, limit: this.ctx.monthlyTokenBudget, amount, keySource: this.ctx.keySource, write });
    this.open = { reservation, reserved: reservation?.amount ?? 0, estimatedInput: inputTokens, bodyChars, startedAt: Date.now(), firstTokenAt: null, lastTokenAt: null, output: [], quota: null };
  }

  /**
   * Before each HTTP call to the model: the first call was reserved before the turn began; later
   * tool steps reserve here, their input estimated from the previous call's plus what the request
   * body grew by (3 characters a token over-counts JSON, so it errs towards reserving more).
   */
  async beforeRequest(chars: number): Promise<void> {
    if (this.open) {
      this.open.bodyChars ||= chars;
      return;
    }
    const previous = this.last ?? { inputTokens: 0, outputTokens: 0, bodyChars: 0 };
    const grown = Math.ceil(Math.max(0, chars - previous.bodyChars) / 3);
    await this.begin(previous.inputTokens + previous.outputTokens + grown, chars);
  }

  /** The provider's rate-limit headroom from a response; stored with the call's row, for every instance's HUD. */
  response(headers: Headers): void {
    if (this.open) this.open.quota = readRateLimitHeaders(headers);
  }

  observe(text: string): void {
    const call = this.open;
    if (!call) return;
    const now = Date.now();
    call.firstTokenAt ??= now;
    call.lastTokenAt = now;
    if (text) call.output.push(text);
  }

  /**
   * Ends the open call. Reported usage is what it cost; without a report (stopped, failed) the
   * prompt and what was generated are counted, and a call that produced nothing costs nothing.
   */
  end(status: ModelCallStatus, usage?: CallUsage): void {
    const call = this.open;
    if (!call) return;
    this.open = null;
    const generated = call.firstTokenAt !== null;
    const outputTokens = usage?.outputTokens ?? (generated ? countTokens(call.output.join("")) : 0);
    const inputTokens = usage?.inputTokens ?? call.estimatedInput;
    const charged = usage?.outputTokens !== undefined || generated;
    const settled = charged ? inputTokens + outputTokens : 0;
    this.last = { inputTokens, outputTokens, bodyChars: call.bodyChars };
    this.settledTotal += call.reservation ? settled : 0;
    const generationMs = call.firstTokenAt !== null && call.lastTokenAt !== null ? call.lastTokenAt - call.firstTokenAt : 0;
    const ttftMs = call.firstTokenAt !== null ? call.firstTokenAt - call.startedAt : null;
    const tokensPerSecond = generationMs > 0 ? Math.round((outputTokens / generationMs) * 1000) : null;
    const energy = charged ? callEnergy({ outputTokens, tokensPerSecond, latencyMs: ttftMs }) : { lowWh: 0, highWh: 0 };
    // One statement per call: the row, the settlement and the quota headers together.
    this.track(
      recordModelCall({
        settle: call.reservation ? { month: call.reservation.month, delta: settled - call.reservation.amount } : null,
        quota: call.quota,
        record: {
        workspaceId: this.ctx.workspaceId,
        userId: this.ctx.userId,
        sessionId: this.ctx.sessionId,
        kind: this.ctx.kind,
        model: this.ctx.model,
        keySource: this.ctx.keySource,
        status,
        inputTokens: charged ? inputTokens : 0,
        outputTokens,
        cachedTokens: usage?.cachedTokens ?? null,
        reasoningTokens: usage?.reasoningTokens ?? null,
        acceptedPredictionTokens: usage?.acceptedPredictionTokens ?? null,
        rejectedPredictionTokens: usage?.rejectedPredictionTokens ?? null,
        ttftMs,
        tokensPerSecond,
        reserved: call.reserved,
        settled: call.reservation ? settled : 0,
        costUsd: charged ? callCost(priceFor(this.ctx.model), inputTokens, outputTokens) : 0,
        energyWhLow: energy.lowWh,
        energyWhHigh: energy.highWh,
        },
      }),
    );
  }

  /** Ends whatever call is still open and waits for every write; rejects if one failed. */
  async close(status: ModelCallStatus): Promise<void> {
    this.end(status);
    const results = await Promise.allSettled(this.pending);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  private track(write: Promise<unknown>): void {
    this.pending.push(write);
  }
}
