import { z } from "zod";

import { countTokens } from "@/lib/ai/tokens";

import { DEMO_RATE, DEMO_TTFT_MS, demoReply, type DemoStep } from "./reply";

const RequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(
    z.looseObject({
      role: z.string(),
      content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).nullish(),
      tool_calls: z.array(z.looseObject({ function: z.looseObject({ name: z.string(), arguments: z.string() }) })).nullish(),
    }),
  ),
  tools: z.array(z.looseObject({ function: z.looseObject({ name: z.string() }) })).nullish(),
});

/** Word-sized pieces: the demo streams at a token-like granularity without a tokenizer pass. */
const PIECE = /\s*\S+|\s+/g;

type Delta = { role: "assistant" } | { content: string } | { reasoning: string } | { tool_calls: unknown[] };

function* deltas(steps: readonly DemoStep[]): Generator<Delta> {
  yield { role: "assistant" };
  let toolIndex = 0;
  for (const step of steps) {
    if (step.type === "tool_call") {
      const index = toolIndex++;
      yield { tool_calls: [{ index, id: `call_demo_${index}`, type: "function", function: { name: step.name, arguments: "" } }] };
      for (const [piece] of step.arguments.matchAll(PIECE)) yield { tool_calls: [{ index, function: { arguments: piece } }] };
    } else {
      for (const [piece] of step.text.matchAll(PIECE)) yield step.type === "text" ? { content: piece } : { reasoning: piece };
    }
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * The offline demo model as an OpenAI-compatible chat completions endpoint (streaming only), in
 * process: the demo goes through the same provider and SSE parsing as a real model. Paced like a
 * fast model (`DEMO_RATE` pieces per second after `DEMO_TTFT_MS`).
 */
export async function demoFetch(request: Request): Promise<Response> {
  const parsed = RequestSchema.safeParse(await request.json().catch(() => null));
  if (!new URL(request.url).pathname.endsWith("/chat/completions") || !parsed.success) {
    return Response.json({ error: { message: "The demo model answers streaming chat completions only.", type: "invalid_request_error", param: null, code: null } }, { status: 400 });
  }
  const body = parsed.data;
  const steps = demoReply(body.messages, (body.tools ?? []).map((tool) => tool.function.name));
  const head = { id: `chatcmpl-demo-${crypto.randomUUID()}`, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: body.model };
  const frame = (choices: unknown[], extra: object = {}) => `data: ${JSON.stringify({ ...head, choices, ...extra })}\n\n`;
  const finishReason = steps.some((step) => step.type === "tool_call") ? "tool_calls" : "stop";
  const usage = {
    prompt_tokens: body.messages.reduce((sum, m) => sum + 3 + countTokens(typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? "")), 3),
    completion_tokens: steps.reduce((sum, step) => sum + countTokens(step.type === "tool_call" ? step.arguments : step.text), 0),
  };
  const units = deltas(steps);
  const encoder = new TextEncoder();
  const signal = request.signal;
  let start = -1;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (start < 0) {
          await sleep(DEMO_TTFT_MS, signal);
          start = performance.now();
        }
        if (signal.aborted) return controller.error(new Error("client aborted"));
        // Piece n is due at start + n / rate: send what is due, else wait for the next one.
        const due = Math.floor(((performance.now() - start) * DEMO_RATE) / 1000) + 1;
        if (sent >= due) await sleep(start + (sent * 1000) / DEMO_RATE - performance.now(), signal);
        let text = "";
        for (let n = Math.max(due, sent + 1); sent < n; sent++) {
          const next = units.next();
          if (next.done) {
            text += frame([{ index: 0, delta: {}, finish_reason: finishReason }], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
            controller.enqueue(encoder.encode(`${text}data: [DONE]\n\n`));
            controller.close();
            return;
          }
          text += frame([{ index: 0, delta: next.value }]);
        }
        controller.enqueue(encoder.encode(text));
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
}
