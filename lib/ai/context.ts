import type { ContextItem, ContextItemKind, ContextReport } from "@/lib/chat/contract";

import { modelCatalog } from "./catalog";

/** Per-message framing the chat template adds around content (role markers and separators). */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/**
 * How much history a turn reads, counted from the newest message back: no model packs more than its
 * whole window, so older messages are never read (their token counts are stored with them).
 */
export const HISTORY_READ_BUDGET_TOKENS = Math.max(...Object.values(modelCatalog).map((m) => m.contextWindow));

export interface PackCandidate<T = unknown> {
  kind: ContextItemKind;
  label: string;
  tokens: number;
  /** Dropping it would make the request meaningless (system prompt, the new message). */
  required?: boolean;
  payload: T;
}

export interface HistoryTurn<T = unknown> {
  label: string;
  tokens: number;
  payload: T;
}

export interface PackResult<T, H> {
  included: PackCandidate<T>[];
  history: HistoryTurn<H>[];
  report: ContextReport;
}

/**
 * Fits the prompt under `limit − reservedForOutput`. Required items always go in (if even they do
 * not fit, the caller refuses the turn), then candidates in the order given (most useful first),
 * then history from the newest turn back: the first turn that does not fit ends the history, so the
 * model never sees a conversation with a hole in it. Everything left out is reported with a reason.
 */
export function packContext<T, H>({
  limit,
  reservedForOutput,
  candidates,
  history,
  historyAfter = Infinity,
}: {
  limit: number;
  reservedForOutput: number;
  candidates: PackCandidate<T>[];
  /** Oldest first, as stored. */
  history: HistoryTurn<H>[];
  /** Candidates from this index on are packed after history (open tabs matter less than the thread). */
  historyAfter?: number;
}): PackResult<T, H> {
  const budget = Math.max(0, limit - reservedForOutput);
  let used = 0;
  const items: ContextItem[] = [];
  const included: PackCandidate<T>[] = [];

  const required = candidates.filter((c) => c.required);
  const optional = candidates.filter((c) => !c.required);
  for (const item of required) {
    used += item.tokens;
    included.push(item);
    items.push({ kind: item.kind, label: item.label, tokens: item.tokens, included: true });
  }

  const fit = (item: PackCandidate<T>) => {
    if (used + item.tokens <= budget) {
      used += item.tokens;
      included.push(item);
      items.push({ kind: item.kind, label: item.label, tokens: item.tokens, included: true });
    } else {
      items.push({ kind: item.kind, label: item.label, tokens: item.tokens, included: false, reason: "over budget" });
    }
  };

  const splitAt = Math.min(historyAfter, optional.length);
  optional.slice(0, splitAt).forEach(fit);

  const keptHistory: HistoryTurn<H>[] = [];
  let historyClosed = false;
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i] as HistoryTurn<H>;
    if (!historyClosed && used + turn.tokens <= budget) {
      used += turn.tokens;
      keptHistory.unshift(turn);
      items.push({ kind: "history", label: turn.label, tokens: turn.tokens, included: true });
    } else {
      historyClosed = true;
      items.push({ kind: "history", label: turn.label, tokens: turn.tokens, included: false, reason: "older than what fits" });
    }
  }

  optional.slice(splitAt).forEach(fit);

  return {
    included,
    history: keptHistory,
    report: {
      limit,
      reservedForOutput,
      used,
      items,
      trimmed: items.some((i) => !i.included),
    },
  };
}
