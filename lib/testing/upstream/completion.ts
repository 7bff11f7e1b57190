import { buildTimeInfo, buildUsage, createSleeper, type PlayContext } from "./play-context";
import { errorResponse, jsonResponse, SYSTEM_FINGERPRINT, type ChatCompletion, type WireToolCall } from "./wire";

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
