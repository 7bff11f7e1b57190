import { SseDecoder } from "@/lib/chat/sse";

/** One streamed answer as a client saw it; times are performance.now() of this process. */
export interface StreamSample {
  startedAt: number;
  firstTokenAt: number;
  lastTokenAt: number;
  endedAt: number;
  tokens: number;
  text: string;
  headers: Headers;
  /** Wafer only: the context report (tokens packed, items left out). */
  context?: { used: number; items: { kind: string; included: boolean }[] };
}

export const tokensPerSecond = (s: StreamSample) => (s.tokens / Math.max(1e-6, s.lastTokenAt - s.firstTokenAt)) * 1000;
export const ttft = (s: StreamSample) => s.firstTokenAt - s.startedAt;

async function readStream(
  response: Response,
  startedAt: number,
  onEvent: (data: string, sample: StreamSample, now: number) => void,
): Promise<StreamSample> {
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}: ${await response.text()}`);
  const sample: StreamSample = { startedAt, firstTokenAt: 0, lastTokenAt: 0, endedAt: 0, tokens: 0, text: "", headers: response.headers };
  const decoder = new SseDecoder();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    const now = performance.now();
    for (const event of done ? decoder.end() : decoder.push(value)) onEvent(event, sample, now);
    if (done) break;
  }
  sample.endedAt = performance.now();
  return sample;
}

function textArrived(sample: StreamSample, text: string, now: number) {
  if (!text) return;
  if (!sample.firstTokenAt) sample.firstTokenAt = now;
  sample.lastTokenAt = now;
  sample.text += text;
}

/**
 * D: the scripted upstream read directly, as an OpenAI client would. With `body`, it sends exactly
 * that request (a prompt Wafer sent), so a long session's prompt costs D what it costs O.
 */
export async function streamDirect(baseUrl: string, model: string, prompt: string, body?: unknown): Promise<StreamSample> {
  // Serialized and encoded before the clock starts: D stands for the upstream itself, so a long
  // prompt's JSON.stringify (several ms for 250-600 KB on Node 24) must not count for D, while
  // Wafer's own serialization of the same body counts for O.
  const payload = Buffer.from(JSON.stringify(body ?? { model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: prompt }] }), "utf8");
  const startedAt = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer bench-key" },
    body: payload,
  });
  return readStream(response, startedAt, (data, sample, now) => {
    if (data === "[DONE]") return;
    const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[]; usage?: { completion_tokens?: number } };
    textArrived(sample, chunk.choices?.[0]?.delta?.content ?? "", now);
    if (chunk.usage?.completion_tokens) sample.tokens = chunk.usage.completion_tokens;
  });
}

function uiChunkHandler(usageFrom: "metrics" | "none") {
  return (data: string, sample: StreamSample, now: number) => {
    if (data === "[DONE]") return;
    const chunk = JSON.parse(data) as { type: string; delta?: string; data?: { outputTokens?: number } };
    if (chunk.type === "text-delta") textArrived(sample, chunk.delta ?? "", now);
    else if (usageFrom === "metrics" && chunk.type === "data-metrics") sample.tokens = chunk.data?.outputTokens ?? 0;
    else if (chunk.type === "data-context") sample.context = chunk.data as StreamSample["context"];
  };
}

/** P: the bare AI SDK route in the same build. */
export async function streamPeer(appUrl: string, model: string, prompt: string, expectedTokens: number): Promise<StreamSample> {
  const startedAt = performance.now();
  const response = await fetch(`${appUrl}/api/bench/peer`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, prompt }),
  });
  const sample = await readStream(response, startedAt, uiChunkHandler("none"));
  sample.tokens = expectedTokens;
  return sample;
}

export interface WaferContext {
  activeFile?: string;
  openFiles: string[];
  mentions: string[];
  diagnostics: [];
}

/** O: Wafer's real chat route (auth, context packing, tools, persistence, metering). */
export async function streamWafer(
  appUrl: string,
  cookie: string,
  body: { sessionId: string; text: string; model: string; context?: WaferContext },
  init: { acceptEncoding?: string } = {},
): Promise<StreamSample> {
  const startedAt = performance.now();
  const response = await fetch(`${appUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, ...(init.acceptEncoding ? { "accept-encoding": init.acceptEncoding } : {}) },
    body: JSON.stringify({
      sessionId: body.sessionId,
      model: body.model,
      message: { id: crypto.randomUUID(), text: body.text },
      context: body.context ?? { openFiles: [], mentions: [], diagnostics: [] },
    }),
  });
  return readStream(response, startedAt, uiChunkHandler("metrics"));
}
