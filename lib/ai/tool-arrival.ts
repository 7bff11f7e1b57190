import type { ToolStreamVerdict } from "@/db/enums";
import type { ToolArgumentArrival } from "@/lib/chat/messages";

/** Calls with fewer argument bytes say nothing about streaming (a short call fits in one delta anyway). */
export const CONCLUSIVE_ARGUMENT_BYTES = 200;
/** At most this many argument deltas for a conclusive call means the server sent it whole. */
const BUFFERED_MAX_DELTAS = 2;

/** Records, per tool call, how its arguments arrived: the evidence for the model's verdict. */
export class ToolArrivalLog {
  private readonly calls = new Map<string, { toolName: string; channel: "tool" | "content"; deltas: number; bytes: number; first: number | null; last: number | null }>();

  constructor(private readonly startedAt: number) {}

  start(toolCallId: string, toolName: string, channel: "tool" | "content"): void {
    if (!this.calls.has(toolCallId)) this.calls.set(toolCallId, { toolName, channel, deltas: 0, bytes: 0, first: null, last: null });
  }

  delta(toolCallId: string, text: string, at: number): void {
    const call = this.calls.get(toolCallId);
    if (!call || text.length === 0) return;
    call.deltas += 1;
    call.bytes += Buffer.byteLength(text);
    call.first ??= at;
    call.last = at;
  }

  list(): ToolArgumentArrival[] {
    return [...this.calls].map(([toolCallId, c]) => ({
      toolCallId,
      toolName: c.toolName,
      channel: c.channel,
      deltas: c.deltas,
      bytes: c.bytes,
      firstArgumentMs: c.first === null ? null : c.first - this.startedAt,
      argumentSpanMs: c.first === null || c.last === null ? null : c.last - c.first,
      bytesPerDelta: c.deltas ? Math.round(c.bytes / c.deltas) : null,
    }));
  }
}

/** The verdict this turn's calls support: the last conclusive call sent as a tool call decides. */
export function verdictOf(calls: readonly ToolArgumentArrival[]): { verdict: ToolStreamVerdict; deltas: number; bytes: number } | null {
  const conclusive = calls.filter((c) => c.channel === "tool" && c.bytes >= CONCLUSIVE_ARGUMENT_BYTES).at(-1);
  if (!conclusive) return null;
  return { verdict: conclusive.deltas <= BUFFERED_MAX_DELTAS ? "buffered" : "progressive", deltas: conclusive.deltas, bytes: conclusive.bytes };
}

/**
 * Time the accepted prediction tokens saved, estimated: generation took `generationMs` for
 * `outputTokens`, of which `accepted` came `speedup` times faster than the rest.
 */
export function predictionSavedMs({ generationMs, outputTokens, accepted, speedup }: { generationMs: number | null; outputTokens: number | null; accepted: number | null; speedup: number }): number | null {
  if (!generationMs || !outputTokens || !accepted || accepted > outputTokens) return null;
  const tokenMs = generationMs / (outputTokens - accepted + accepted / speedup);
  return Math.round(accepted * tokenMs * (1 - 1 / speedup));
}

/** Assumed until measured against a provider: an accepted prediction token costs a quarter of a generated one. */
export const ASSUMED_PREDICTION_SPEEDUP = 4;
