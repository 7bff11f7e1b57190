/**
 * `npm run bench:request-body`: the CPU a turn spends turning its request body into bytes, the way
 * the AI SDK does it (`JSON.stringify`, then UTF-8 for the socket) against the way a turn does it now
 * (`lib/ai/request-body`: large strings kept as JSON bytes per instance, the rest stringified, the two
 * spliced). Bodies like the bench's session shapes: 200 earlier turns (~250 KB), and 30 open files
 * of ~8 KB in the user's message (~260 KB). "Next turn" is the usual case: the previous turn sent the
 * same history and files, so only the new message is new; "first turn" is a cold instance.
 * Prints medians over 40 runs after 10 warm-up runs; a figure to compare runs with, not a target.
 */
import { performance } from "node:perf_hooks";

import { clearRequestBodyMemory, deferLargeStrings, expandDeferred } from "@/lib/ai/request-body";

const PARAGRAPH =
  "Wafer streams what the model writes straight into the editor. Every token that leaves the upstream should reach the user without waiting on a database write, a re-render or a buffer. ";
const SYSTEM = "You are Wafer, a pair programmer in the user's browser IDE. ".repeat(40);
const FILE = "export function step(value: number): number {\n  const next = value * 3 + 1;\n  return next % 1000;\n}\n\n".repeat(85);

function body(messages: unknown[]) {
  return { model: "gpt-oss-120b", max_completion_tokens: 8192, reasoning_effort: "low", messages, stream: true, stream_options: { include_usage: true } };
}

// Stored messages reach the body as the same strings turn after turn (lib/ai/history-prompt memoises them).
const history = Array.from({ length: 200 }, (_, i) => [
  { role: "user", content: `Earlier question ${i}: how does the stream reach the editor?` },
  { role: "assistant", content: `### Turn ${i}\n\n${PARAGRAPH.repeat(6)}\n\n\`\`\`ts\nexport const turn${i} = ${i};\n\`\`\`\n` },
]).flat();

function longSession(turn: number) {
  // The provider builds new message objects around them on every call.
  const messages: unknown[] = [{ role: "system", content: SYSTEM }, ...history.map((m) => ({ ...m }))];
  messages.push({ role: "user", content: `New question ${turn}` });
  return { body: body(messages), composed: [] };
}

const files = Array.from({ length: 30 }, (_, i) => `<file path="src/part-${i}.ts">\n${FILE}</file>`);
function openFiles(turn: number) {
  const pieces = [...files.flatMap((f) => [f, "\n\n"]), `New question ${turn}`];
  const text = pieces.reduce((all, piece) => all + piece, "");
  return { body: body([{ role: "system", content: SYSTEM }, { role: "user", content: text }]), composed: [{ text, pieces }] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(make: (turn: number) => { body: unknown; composed: { text: string; pieces: string[] }[] }, cold: boolean) {
  const sdk: number[] = [];
  const wafer: number[] = [];
  let bytes = 0;
  for (let run = 0; run < 50; run++) {
    const a = make(run);
    let t = performance.now();
    const plain = Buffer.from(JSON.stringify(a.body), "utf8");
    if (run >= 10) sdk.push(performance.now() - t);
    const b = make(run);
    if (cold) clearRequestBodyMemory();
    t = performance.now();
    const deferred = deferLargeStrings(b.body, b.composed);
    const spliced = expandDeferred(JSON.stringify(deferred.body), deferred.fragments).bytes;
    if (run >= 10) wafer.push(performance.now() - t);
    if (Buffer.compare(plain, Buffer.from(spliced)) !== 0 && JSON.stringify(a.body) === JSON.stringify(b.body)) throw new Error("bodies differ");
    bytes = plain.length;
  }
  return { kb: Math.round(bytes / 1024), sdk: median(sdk), wafer: median(wafer) };
}

for (const [name, make] of [
  ["200 earlier turns", longSession],
  ["30 open files", openFiles],
] as const) {
  for (const cold of [false, true]) {
    const r = measure(make, cold);
    console.log(
      `${name.padEnd(18)} ${(cold ? "first turn" : "next turn").padEnd(10)} ${String(r.kb).padStart(4)} KB  stringify+encode ${r.sdk.toFixed(2)} ms  spliced ${r.wafer.toFixed(2)} ms  (×${(r.sdk / r.wafer).toFixed(1)})`,
    );
  }
}
console.log(`node ${process.version}`);
