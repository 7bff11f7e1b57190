/**
 * Merges runs of OpenAI-style streaming deltas that arrive in the same network read into one SSE
 * event. Every event costs the AI SDK a trip through a dozen web-stream stages and a schema parse,
 * which caps one Node process near 5,000 events/s; a fast model sends one token per event. Merging
 * only within a read adds no latency (nothing waits for more bytes), and under load, when reads
 * carry more events, it merges more, which is when it matters.
 */

interface WireChunk {
  id?: string;
  object?: string;
  choices?: WireChoice[];
  usage?: unknown;
  error?: unknown;
  [key: string]: unknown;
}

interface WireChoice {
  index?: number;
  delta?: WireDelta;
  finish_reason?: string | null;
  [key: string]: unknown;
}

interface WireDelta {
  role?: string;
  content?: string | null;
  reasoning?: string | null;
  reasoning_content?: string | null;
  tool_calls?: { index?: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }[];
  [key: string]: unknown;
}

type DeltaKind = "content" | "reasoning" | "reasoning_content" | "tool_arguments";

const TEXT_KEYS = ["content", "reasoning", "reasoning_content"] as const;

/** What a chunk carries, if it is a plain continuation that can be appended to a neighbour. */
function mergeKey(chunk: WireChunk): { kind: DeltaKind; index: number } | null {
  if (chunk.usage != null || chunk.error != null) return null;
  const choice = chunk.choices?.length === 1 ? chunk.choices[0] : undefined;
  if (!choice || choice.finish_reason != null || !choice.delta) return null;
  const keys = Object.keys(choice.delta).filter((k) => choice.delta?.[k] != null && k !== "role");
  if (keys.length !== 1) return null;
  const key = keys[0] as string;
  if ((TEXT_KEYS as readonly string[]).includes(key) && typeof choice.delta[key] === "string") return { kind: key as DeltaKind, index: 0 };
  if (key === "tool_calls") {
    const calls = choice.delta.tool_calls ?? [];
    const call = calls.length === 1 ? calls[0] : undefined;
    // Only argument continuations: the first delta of a call (id, name) must stay on its own.
    if (call && call.id == null && call.function?.name == null && typeof call.function?.arguments === "string") {
      return { kind: "tool_arguments", index: call.index ?? 0 };
    }
  }
  return null;
}

function append(target: WireChunk, next: WireChunk, kind: DeltaKind): void {
  const a = target.choices?.[0]?.delta as WireDelta;
  const b = next.choices?.[0]?.delta as WireDelta;
  if (kind === "tool_arguments") {
    const fa = a.tool_calls?.[0]?.function;
    const fb = b.tool_calls?.[0]?.function;
    if (fa && fb) fa.arguments = (fa.arguments ?? "") + (fb.arguments ?? "");
  } else {
    a[kind] = (a[kind] ?? "") + (b[kind] ?? "");
  }
}

const encoder = new TextEncoder();

/** Splits SSE bytes into events incrementally; per read it merges and re-emits. */
export function coalesceSse(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let buffer = "";
  return new TransformStream({
    transform(bytes, controller) {
      buffer += decoder.decode(bytes, { stream: true });
      const end = buffer.lastIndexOf("\n\n");
      if (end < 0) return;
      const complete = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let out = "";
      let pending: { chunk: WireChunk; key: { kind: DeltaKind; index: number } } | null = null;
      const flush = () => {
        if (pending) out += `data: ${JSON.stringify(pending.chunk)}\n\n`;
        pending = null;
      };
      for (const event of complete.split("\n\n")) {
        const data = event.startsWith("data: ") && !event.includes("\n") ? event.slice(6) : null;
        let chunk: WireChunk | null = null;
        if (data !== null && data !== "[DONE]") {
          try {
            chunk = JSON.parse(data) as WireChunk;
          } catch {
            chunk = null;
          }
        }
        const key = chunk ? mergeKey(chunk) : null;
        if (chunk && key) {
          const current = pending as { chunk: WireChunk; key: { kind: DeltaKind; index: number } } | null;
          if (current && current.key.kind === key.kind && current.key.index === key.index) {
            append(current.chunk, chunk, key.kind);
            continue;
          }
          flush();
          pending = { chunk, key };
          continue;
        }
        flush();
        out += `${event}\n\n`;
      }
      flush();
      if (out) controller.enqueue(encoder.encode(out));
    },
    flush(controller) {
      const rest = buffer + decoder.decode();
      if (rest) controller.enqueue(encoder.encode(rest));
    },
  });
}
