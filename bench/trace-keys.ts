import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/**
 * `tsx bench/trace-keys.ts TRACE.trace.json [--over 50] [--tasks]`: what the slow keys of a
 * `profile-rewrite.ts --typing --trace` run waited on. For each key slower than --over ms (keydown's
 * timestamp to the end of the first frame after it), the renderer main thread's tasks in that window,
 * and the window's time by kind (self time of style, layout, paint, GC, each JS entry point…), then
 * the same summed over all slow keys; with --tasks (a run without --typing), the same for each main-thread
 * task longer than --over ms instead, with its time on a core and the other threads' CPU meanwhile.
 * A tool for fixing, not a figure to publish.
 */

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time: how long of `dur` the thread ran on a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

interface Span {
  name: string;
  start: number;
  end: number;
  label: string;
  /** Thread time: how long of the span the thread ran on a core. */
  cpu: number | undefined;
  children: Span[];
}

function label(event: TraceEvent): string {
  const data = event.args?.data ?? {};
  switch (event.name) {
    case "FunctionCall": {
      const url = String(data.url ?? "").replace(/^.*\//, "");
      return `JS ${String(data.functionName || "(anon)")} ${url}:${String(data.lineNumber ?? "")}`;
    }
    case "EventDispatch":
      return `EventDispatch ${String(data.type ?? "")}`;
    case "TimerFire":
    case "FireAnimationFrame":
    case "FireIdleCallback":
      return event.name;
    default:
      return event.name;
  }
}

function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { over: { type: "string", default: "50" }, tasks: { type: "boolean", default: false } } });
  const file = positionals[0];
  if (!file) throw new Error("usage: trace-keys.ts TRACE.trace.json");
  const over = Number(values.over);
  const raw = JSON.parse(readFileSync(file, "utf8")) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const side = JSON.parse(readFileSync(file.replace(/\.trace\.json$/, ".keys.json"), "utf8")) as {
    alignMs: number;
    alignMark: string;
    keys: { pressed: number; latency: number }[];
    longTasks: { start: number; duration: number }[];
  };
  const mark = events.find((e) => e.name === side.alignMark);
  if (!mark) throw new Error("alignment mark not in the trace");
  const toTrace = (ms: number) => mark.ts + (ms - side.alignMs) * 1000;

  // The page's main thread: the CrRendererMain of the renderer that logged the mark.
  const main = events.find((e) => e.ph === "M" && e.name === "thread_name" && e.pid === mark.pid && e.args?.name === "CrRendererMain");
  if (!main) throw new Error("no CrRendererMain for the mark's process");
  const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);

  // Nest complete events into trees per top-level task.
  const roots: Span[] = [];
  const stack: Span[] = [];
  for (const e of own) {
    const span: Span = { name: e.name, start: e.ts, end: e.ts + e.dur!, label: label(e), cpu: e.tdur, children: [] };
    while (stack.length && stack[stack.length - 1]!.end <= span.start) stack.pop();
    if (stack.length) stack[stack.length - 1]!.children.push(span);
    else roots.push(span);
    stack.push(span);
  }

  /** Self time by label inside [from, to], clipped. */
  const selfTimes = (from: number, to: number, into: Map<string, number>) => {
    const walk = (span: Span, context: string) => {
      const start = Math.max(span.start, from);
      const end = Math.min(span.end, to);
      if (end <= start) return;
      // JS time keeps the entry point's name; native work inside it gets its own name.
      const own = span.name === "FunctionCall" || span.name === "EventDispatch" || span.name === "FireAnimationFrame" || span.name === "TimerFire" ? span.label : span.name.startsWith("v8") ? context : span.label;
      const name = span.name.startsWith("v8") || span.name === "ProfileCall" ? context : own;
      let childTime = 0;
      for (const child of span.children) {
        const cs = Math.max(child.start, from);
        const ce = Math.min(child.end, to);
        if (ce > cs) childTime += ce - cs;
        walk(child, span.name === "FunctionCall" || span.name === "EventDispatch" || span.name === "FireAnimationFrame" || span.name === "TimerFire" ? span.label : context);
      }
      into.set(name, (into.get(name) ?? 0) + (end - start - childTime) / 1000);
    };
    for (const root of roots) if (root.end > from && root.start < to) walk(root, root.label);
  };

  if (values.tasks) {
    // The main thread's long tasks themselves (the rewrite without typing): what each one ran, how
    // long of it the thread was on a core, and what the page's other threads and processes ran meanwhile.
    const long = roots.filter((r) => r.end - r.start > over * 1000);
    const cpuMeanwhile = threadCpu(events);
    const all = new Map<string, number>();
    console.log(`tasks over ${over} ms: ${long.length}`);
    for (const task of long) {
      const top = new Map<string, number>();
      selfTimes(task.start, task.end, top);
      for (const [n, ms] of top) all.set(n, (all.get(n) ?? 0) + ms);
      const parts = [...top].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, ms]) => `${n} ${ms.toFixed(1)}`);
      const others = cpuMeanwhile(task.start, task.end, `${main.pid}:${main.tid}`)
        .slice(0, 5)
        .map(([n, ms]) => `${n} ${ms.toFixed(1)}`);
      console.log(`  at ${((task.start - mark.ts) / 1000).toFixed(0)} ms (${((task.end - task.start) / 1000).toFixed(1)}; on a core ${task.cpu === undefined ? "?" : (task.cpu / 1000).toFixed(1)}): ${parts.join(" | ")}`);
      console.log(`      meanwhile, CPU ms elsewhere: ${others.join(" | ")}`);
    }
    console.log("\nsummed over those tasks (ms):");
    for (const [n, ms] of [...all].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${n}`);
    const profileFile = file.replace(/\.trace\.json$/, ".cpuprofile");
    if (existsSync(profileFile)) jsInWindows(JSON.parse(readFileSync(profileFile, "utf8")) as CpuProfile, long.map((t) => [t.start, t.end] as const), "long tasks");
    return;
  }

  const keys = side.keys;
  const latencies = keys.map((k) => k.latency).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0;
  console.log(
    `keys ${keys.length}: max ${pct(100).toFixed(1)} p99 ${pct(99).toFixed(1)} p95 ${pct(95).toFixed(1)} p50 ${pct(50).toFixed(1)} ms; > ${over} ms: ${keys.filter((k) => k.latency > over).length}; long tasks > 50: ${side.longTasks.filter((t) => t.duration > 50).length}, > 100: ${side.longTasks.filter((t) => t.duration > 100).length}`,
  );

  const total = new Map<string, number>();
  const slow = keys.filter((k) => k.latency > over).sort((a, b) => b.latency - a.latency);
  for (const key of slow) {
    const from = toTrace(key.pressed);
    const to = toTrace(key.pressed + key.latency);
    const times = new Map<string, number>();
    selfTimes(from, to, times);
    for (const [name, ms] of times) total.set(name, (total.get(name) ?? 0) + ms);
    const busy = [...times.values()].reduce((a, b) => a + b, 0);
    const tasks = roots.filter((r) => r.end > from && r.start < to).filter((r) => r.end - r.start > 2000);
    console.log(`\nkey at ${key.pressed.toFixed(0)} ms: ${key.latency.toFixed(1)} ms, main thread busy ${busy.toFixed(1)} ms`);
    for (const task of tasks) {
      const top = new Map<string, number>();
      selfTimes(task.start, task.end, top);
      const parts = [...top].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, ms]) => `${n} ${ms.toFixed(1)}`);
      console.log(`  task ${((task.start - from) / 1000).toFixed(1)}..${((task.end - from) / 1000).toFixed(1)} ms (${((task.end - task.start) / 1000).toFixed(1)}): ${parts.join(" | ")}`);
    }
  }
  console.log(`\nall ${slow.length} slow keys, main-thread self time in their windows (ms):`);
  for (const [name, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${name}`);

  const profileFile = file.replace(/\.trace\.json$/, ".cpuprofile");
  if (existsSync(profileFile)) jsInWindows(JSON.parse(readFileSync(profileFile, "utf8")) as CpuProfile, slow.map((k) => [toTrace(k.pressed), toTrace(k.pressed + k.latency)] as const), "slow keys");
}

/**
 * CPU time (thread time) of every other thread in the trace inside a window, by process and thread
 * name: on a 2-core box, what the main thread waited for while it was not on a core.
 */
function threadCpu(events: TraceEvent[]): (from: number, to: number, except: string) => [string, number][] {
  const names = new Map<string, string>();
  const processes = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== "M") continue;
    if (e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, String(e.args?.name));
    if (e.name === "process_name") processes.set(e.pid, String(e.args?.name));
  }
  // Per thread, the outermost complete events with a thread time (nested ones are inside them).
  const tops = new Map<string, TraceEvent[]>();
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== "X" || e.dur === undefined || e.tdur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    (byThread.get(key) ?? byThread.set(key, []).get(key)!).push(e);
  }
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const kept: TraceEvent[] = [];
    let end = -Infinity;
    for (const e of list) {
      if (e.ts < end) continue;
      kept.push(e);
      end = e.ts + e.dur!;
    }
    tops.set(key, kept);
  }
  return (from, to, except) => {
    const totals = new Map<string, number>();
    for (const [key, list] of tops) {
      if (key === except) continue;
      const name = `${processes.get(Number(key.split(":")[0])) ?? "?"}/${names.get(key) ?? key}`;
      for (const e of list) {
        const overlap = Math.min(e.ts + e.dur!, to) - Math.max(e.ts, from);
        // A slice's thread time spread evenly over its wall time.
        if (overlap > 0 && e.dur! > 0) totals.set(name, (totals.get(name) ?? 0) + (e.tdur! * overlap) / e.dur! / 1000);
      }
    }
    return [...totals].sort((a, b) => b[1] - a[1]);
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * The page's JS in the slow keys' windows, from the V8 CPU profile taken with the trace (its clock is
 * the trace's): inclusive ms per function (counted once per sample however deep it recurses).
 */
function jsInWindows(profile: CpuProfile, windows: (readonly [number, number])[], what: string) {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || "(anon)"} ${f.url.replace(/^.*\//, "")}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  const inclusive = new Map<string, number>();
  let t = profile.startTime;
  let w = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    while (w < sorted.length && sorted[w]![1] < t) w++;
    if (w >= sorted.length) break;
    if (sorted[w]![0] > t) continue;
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]!; id !== undefined; id = parent.get(id)) {
      const n = name(id);
      if (seen.has(n)) continue;
      seen.add(n);
      inclusive.set(n, (inclusive.get(n) ?? 0) + dt);
    }
  }
  console.log(`\nJS in the ${what}' windows, inclusive ms (V8 CPU profile):`);
  for (const [n, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${n}`);
}

main();
