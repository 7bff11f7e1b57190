import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";

import { createParser } from "eventsource-parser";

import { coalesceSse } from "./coalesce";

const event = (data: unknown) => `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
const content = (text: string) => ({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });
const reasoning = (text: string) => ({ id: "c", choices: [{ index: 0, delta: { reasoning: text }, finish_reason: null }] });
const toolStart = (id: string, name: string) => ({ id: "c", choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id, type: "function", function: { name, arguments: "" } }] } }] });
const toolArgs = (args: string) => ({ id: "c", choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args } }] } }] });
const finish = { id: "c", choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 1, completion_tokens: 9 }, time_info: { total_time: 0.1 } };

async function run(reads: (string | Uint8Array)[], holdMs?: number): Promise<unknown[]> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const read of reads) controller.enqueue(typeof read === "string" ? new TextEncoder().encode(read) : read);
      controller.close();
    },
  }).pipeThrough(coalesceSse(holdMs));
  const out: string[] = [];
  const parser = createParser({ onEvent: (e) => out.push(e.data) });
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return out.map((d) => {
    try {
      return JSON.parse(d) as unknown;
    } catch {
      return d;
    }
  });
}

/** What a client reassembles: the text, the reasoning, each tool call's arguments, and the final chunk. */
function meaning(events: unknown[]) {
  let text = "";
  let thought = "";
  const tools: Record<number, { id?: string; name?: string; args: string }> = {};
  const rest: unknown[] = [];
  for (const e of events) {
    if (e === "[DONE]") {
      rest.push(e);
      continue;
    }
    const chunk = e as { choices?: { delta?: Record<string, unknown>; finish_reason?: string | null }[] };
    const delta = chunk.choices?.[0]?.delta ?? {};
    text += (delta.content as string | undefined) ?? "";
    thought += (delta.reasoning as string | undefined) ?? "";
    for (const call of (delta.tool_calls as { index: number; id?: string; function?: { name?: string; arguments?: string } }[] | undefined) ?? []) {
      const t = (tools[call.index] ??= { args: "" });
      t.id ??= call.id;
      t.name ??= call.function?.name;
      t.args += call.function?.arguments ?? "";
    }
    if (chunk.choices?.[0]?.finish_reason || (e as { usage?: unknown }).usage) rest.push(e);
  }
  return { text, thought, tools, rest };
}

describe("coalesceSse", () => {
  const events = [
    event(reasoning("Let ")),
    event(reasoning("me think")),
    event(content("Hel")),
    event(content("lo ")),
    event(content("wörld 🌍")),
    event(toolStart("call_1", "write_file")),
    event(toolArgs('{"path":"a.ts",')),
    event(toolArgs('"content":"x\\n"}')),
    event(finish),
    event("[DONE]"),
  ];
  const whole = events.join("");

  it("merges runs within one read into single events and keeps their meaning", async () => {
    const out = await run([whole]);
    // The first token on its own, then one event per run: "me think", text, tool start, args, finish, [DONE].
    expect(out).toHaveLength(7);
    expect(meaning(out)).toEqual(meaning(await run(events)));
    expect(meaning(out)).toMatchObject({ text: "Hello wörld 🌍", thought: "Let me think", tools: { 0: { id: "call_1", name: "write_file", args: '{"path":"a.ts","content":"x\\n"}' } } });
  });

  it("sends the stream's first token ahead of the rest of its read, which follows merged", async () => {
    const first = '{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}';
    const burst = [event(first), ...Array.from({ length: 500 }, (_, i) => event(content(`t${i} `))), event(finish), event("[DONE]")].join("");
    const reader = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(burst));
        controller.close();
      },
    })
      .pipeThrough(coalesceSse())
      .getReader();
    const decoded: string[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) decoded.push(new TextDecoder().decode(read.value));
    // The role-only delta and the first token, before any of the 499 tokens after it.
    expect(decoded[0]).toContain('"content":"t0 "');
    expect(decoded[0]).not.toContain("t1 ");
    expect(decoded.slice(1).join("")).toContain("t1 t2 t3 ");
    const out: unknown[] = [];
    const parser = createParser({ onEvent: (e) => out.push(e.data === "[DONE]" ? e.data : JSON.parse(e.data)) });
    for (const text of decoded) parser.feed(text);
    expect(meaning(out).text).toBe(Array.from({ length: 500 }, (_, i) => `t${i} `).join(""));
    // role-only, first token, the other 499 merged, finish, [DONE]
    expect(out).toHaveLength(5);
  });

  it("without a hold, never keeps an event back waiting for the next read", async () => {
    const out = await run(events, 0);
    expect(out).toHaveLength(events.length);
  });

  it("merges the reads that follow within the hold, never delays the first token or a read after a quiet spell, and flushes at the end", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const sent: string[] = [];
      let source!: ReadableStreamDefaultController<Uint8Array>;
      const reader = new ReadableStream<Uint8Array>({ start: (c) => void (source = c) }).pipeThrough(coalesceSse(8)).getReader();
      void (async () => {
        for (let read = await reader.read(); !read.done; read = await reader.read()) sent.push(new TextDecoder().decode(read.value));
      })();
      const push = async (text: string) => {
        source.enqueue(new TextEncoder().encode(text));
        await vi.advanceTimersByTimeAsync(0);
      };
      await push(event(content("first")));
      expect(sent.join("")).toContain('"first"');
      await vi.advanceTimersByTimeAsync(1);
      await push(event(content(" a")));
      await vi.advanceTimersByTimeAsync(2);
      await push(event(content(" b")));
      expect(sent).toHaveLength(1);
      // Held until 8 ms after the first token left, then both reads leave as one event.
      await vi.advanceTimersByTimeAsync(4);
      expect(sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent).toHaveLength(2);
      expect(sent[1]).toContain('"content":" a b"');
      // A read after a quiet spell leaves at once; the end flushes a held read at once.
      await vi.advanceTimersByTimeAsync(50);
      await push(event(content(" c")));
      expect(sent).toHaveLength(3);
      await push(event(content(" d")));
      expect(sent).toHaveLength(3);
      source.close();
      await vi.advanceTimersByTimeAsync(0);
      expect(sent).toHaveLength(4);
      expect(sent[3]).toContain('" d"');
    } finally {
      vi.useRealTimers();
    }
  });

  it("means the same whatever the network splits (every split point)", async () => {
    const bytes = new TextEncoder().encode(whole);
    const expected = meaning(await run([whole]));
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      const reads = [bytes.slice(0, cut), bytes.slice(cut)];
      expect(meaning(await run(reads))).toEqual(expected);
    }
  });

  it("means the same for random chunkings (property)", async () => {
    const expected = meaning(await run([whole]));
    const bytes = new TextEncoder().encode(whole);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const reads = points.slice(1).map((p, i) => bytes.slice(points[i], p));
        expect(meaning(await run(reads))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("handles %s framing: merges within a read and never waits for the end of the answer", async (_name, eol) => {
    const framed = events.map((e) => e.replaceAll("\n", eol));
    // One event per read: each must come out of its own read, not be buffered until the stream ends.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const e of framed) controller.enqueue(new TextEncoder().encode(e));
      },
    }).pipeThrough(coalesceSse());
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("Let ");
    await reader.cancel();
    // Several events in one read merge as with LF framing (the first token on its own).
    const out = await run([framed.join("")]);
    expect(out).toHaveLength(7);
    expect(meaning(out)).toEqual(meaning(await run(events)));
  });

  it("keeps multi-line data, event names and ids, and drops an event cut off by the end of the stream", async () => {
    const out: string[] = [];
    const parser = createParser({ onEvent: (e) => out.push(`${e.event ?? ""}|${e.id ?? ""}|${e.data}`) });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`event: note\r\nid: 7\r\ndata: a\r\ndata: b\r\n\r\n${event(content("x"))}data: {"cut`));
        controller.close();
      },
    }).pipeThrough(coalesceSse());
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) parser.feed(decoder.decode(read.value, { stream: true }));
    expect(out).toEqual(["note|7|a\nb", `||${JSON.stringify(content("x"))}`]);
  });

  it("passes through what it does not understand, untouched", async () => {
    const odd = [event({ error: { message: "boom" } }), ": keep-alive\n\n", "data: not json\n\n", event(content("a"))];
    const out = await run([odd.join("")]);
    expect(out).toEqual([{ error: { message: "boom" } }, "not json", content("a")]);
  });
});
