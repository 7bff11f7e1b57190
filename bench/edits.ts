/**
 * `npm run bench:edits`: apply time for a 500-hunk patch on a 20,000-line file, the streaming
 * parser's throughput fed 1 byte and 4 KiB at a time, and how its time grows with the input (an
 * 8,000-line patch against a 2,000-line one, fed by character: linear is about 4, quadratic 16).
 * Inputs are generated deterministically so runs are comparable.
 */
import { performance } from "node:perf_hooks";
import { applyPatch, StreamingPatchParser } from "../lib/edits/index";
import { everyTenthLinePatch } from "../lib/edits/test-arbitraries";

const FILE_LINES = 20_000;
const HUNKS = 500;
const CONTEXT = 3;
const APPLY_TARGET_MS = 50;
const STREAM_TARGET_MBPS = 20;

/** Small LCG: the same "source file" every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

function generateFile(): string[] {
  const next = lcg(42);
  const words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];
  const lines: string[] = [];
  for (let i = 0; i < FILE_LINES; i++) {
    // Repeated braces and blank lines make seeking realistic (not every line is unique).
    if (i % 10 === 9) lines.push("  }");
    else if (i % 10 === 0) lines.push("");
    else lines.push(`  const ${words[next() % words.length]}_${i} = compute(${next() % 1000}, "${words[next() % 8]}");`);
  }
  return lines;
}

function generatePatch(lines: readonly string[]): string {
  const stride = Math.floor(FILE_LINES / HUNKS);
  const out = ["*** Begin Patch", "*** Update File: src/big.ts"];
  for (let h = 0; h < HUNKS; h++) {
    const target = h * stride + CONTEXT + 1;
    out.push("@@");
    for (let k = target - CONTEXT; k < target; k++) out.push(` ${lines[k]}`);
    out.push(`-${lines[target]}`, `+${lines[target]!.replace("compute(", "computeFast(")}`);
    for (let k = target + 1; k <= target + CONTEXT; k++) out.push(` ${lines[k]}`);
  }
  out.push("*** End Patch", "");
  return out.join("\n");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeApply(patch: string, files: Map<string, string>): number {
  for (let i = 0; i < 5; i++) applyPatch(patch, files);
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    applyPatch(patch, files);
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

/**
 * MB/s (10^6 bytes of patch) streaming `patch` in `chunkSize` pieces. With `content` the
 * parser also resolves every hunk against the file and builds its new text (apply work,
 * on a file 6× the patch's size), which the parse-only figure leaves out.
 */
function streamThroughput(patch: string, chunkSize: number, content: string | null, minMs: number): number {
  const chunks: string[] = [];
  for (let i = 0; i < patch.length; i += chunkSize) chunks.push(patch.slice(i, i + chunkSize));
  const bytes = Buffer.byteLength(patch, "utf8");
  const once = () => {
    const parser = new StreamingPatchParser(content === null ? {} : { readFile: () => content });
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
    if (parser.result().status !== "complete") throw new Error("benchmark patch did not parse");
  };
  once();
  const rates: number[] = [];
  const started = performance.now();
  while (rates.length < 5 || performance.now() - started < minMs) {
    const t0 = performance.now();
    once();
    rates.push(bytes / 1e6 / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

/** Median wall-clock time of the large patch over the small one, fed by character, interleaved. */
function scalingRatio(): { smallMs: number; ratio: number } {
  const small = everyTenthLinePatch(2000);
  const large = everyTenthLinePatch(8000);
  const time = (p: { text: string; file: string }) => {
    const t0 = performance.now();
    const parser = new StreamingPatchParser({ readFile: () => p.file });
    for (let i = 0; i < p.text.length; i++) parser.push(p.text[i]!);
    parser.end();
    if (parser.result().status !== "complete") throw new Error("scaling patch did not parse");
    return performance.now() - t0;
  };
  time(small);
  time(large);
  const smalls: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < 7; i++) {
    const s = time(small);
    smalls.push(s);
    ratios.push(time(large) / s);
  }
  return { smallMs: median(smalls), ratio: median(ratios) };
}

const lines = generateFile();
const content = `${lines.join("\n")}\n`;
const patch = generatePatch(lines);
const files = new Map([["src/big.ts", content]]);
const check = applyPatch(patch, files).files.get("src/big.ts")!;
if ((check.match(/computeFast\(/g) ?? []).length !== HUNKS) throw new Error("benchmark patch applied wrongly");

const applyMs = timeApply(patch, files);
const stream1 = streamThroughput(patch, 1, null, 1000);
const stream4k = streamThroughput(patch, 4096, null, 1000);
const resolve1 = streamThroughput(patch, 1, content, 1000);
const resolve4k = streamThroughput(patch, 4096, content, 1000);
const scaling = scalingRatio();

const fmt = (n: number, digits: number) => n.toFixed(digits);
const kib = (patch.length / 1024).toFixed(0);
const rows: [string, string, string][] = [
  [`apply ${HUNKS}-hunk patch to ${FILE_LINES.toLocaleString("en")}-line file (parse + apply, median)`, `${fmt(applyMs, 2)} ms`, `< ${APPLY_TARGET_MS} ms`],
  [`stream parse, 1 B chunks (${kib} KiB patch)`, `${fmt(stream1, 1)} MB/s`, "-"],
  [`stream parse, 4 KiB chunks`, `${fmt(stream4k, 1)} MB/s`, `≥ ${STREAM_TARGET_MBPS} MB/s`],
  [`stream parse + resolve hunks in the file, 1 B chunks`, `${fmt(resolve1, 1)} MB/s`, "-"],
  [`stream parse + resolve hunks in the file, 4 KiB chunks`, `${fmt(resolve4k, 1)} MB/s`, "-"],
  [`by character: 8,000-line ÷ 2,000-line patch time (2,000 lines: ${fmt(scaling.smallMs, 1)} ms)`, `×${fmt(scaling.ratio, 2)}`, "≈ 4 (linear)"],
];
const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), ["benchmark", "result", "target"][c]!.length));
const row = (cells: readonly string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`;
console.log(row(["benchmark", "result", "target"]));
console.log(row(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(row(r));
console.log(`bench:edits apply_ms=${fmt(applyMs, 2)} stream_1b_mbps=${fmt(stream1, 1)} stream_4k_mbps=${fmt(stream4k, 1)} scaling_4x_ratio=${fmt(scaling.ratio, 2)}`);
if (applyMs >= APPLY_TARGET_MS || stream4k < STREAM_TARGET_MBPS) process.exitCode = 1;
