import { encodeFileBlock, encodePatchBlock } from "@/lib/edits/content-blocks";

import { DEFAULT_PREDICTION_SPEEDUP, type FinishReason, type Script, type ToolCallMode } from "./schema";
import { splitTokens, type TokenPiece } from "./tokens";
import type { WireDelta } from "./wire";

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
export function* planUnits(plan: Plan, chunkTokens: number, reasoningField: "reasoning" | "reasoning_content"): Generator<Unit> {
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
