import type { CDPSession, Page } from "@playwright/test";

import type { Script } from "@/lib/testing/upstream";

import type { BenchAccount } from "./account";
import { newThread, openWorkbench, PROSE } from "./browser-bench";
import type { Stack } from "./harness";
import { bigFile } from "./shapes";
import { mainThreadFigures, median, percentile, round } from "./stats";

declare global {
  interface Window {
    __monacoProbe?: {
      firstEditAt: number | null;
      lastEditAt: number | null;
      longTasks: number[];
      gaps: number[];
      inputDelays: number[];
      inputDurations: number[];
      keyLatencies: number[];
      /** Each key's keydown timestamp (page clock), beside its latency. */
      keysPressedAt: number[];
      stop(): void;
    };
  }
}

export interface RewriteSample {
  lines: number;
  /** First live edit in the editor − first upstream byte. */
  firstEditMs: number;
  /** First to last live edit, and the upstream's first to last byte over the whole turn (both steps). */
  editSpanMs: number;
  streamSpanMs: number;
  longTasksOver50: number;
  longTasksOver100: number;
  longestTaskMs: number;
  droppedFrames: number;
  setValueCalls: number;
  editBatches: number;
  longestFrameMs: number;
  /** Accept all gives the rewrite byte for byte; one Ctrl+Z after it gives the original back. */
  acceptAllMatches: boolean;
  oneUndoRestores: boolean;
  /** Typing scenario only: keys typed into another file, those pressed while the rewrite's edits landed, and Event Timing figures. */
  keysTyped?: number;
  keysWhileStreaming?: number;
  typedTextLanded?: boolean;
  inputDelayMsMax?: number;
  inputDelayMsP95?: number;
  eventDurationMsMax?: number;
  /**
   * Per key: from the keydown's timestamp to the end of the first frame after it (a task posted from
   * the next animation frame runs once that frame is rendered), over the keys pressed between the
   * rewrite's first and last live edit.
   */
  keyLatencyMsP95?: number;
  keyLatencyMsMax?: number;
  /** The page's main thread over the same window: its tasks' wall time, and its time on a core (see `mainThreadMeter`). */
  mainThreadBusyMs: number;
  mainThreadOnCoreMs: number;
}

const LINES = 2_000;
const RATE = 5_000;
const TYPED = "const typedWhileStreaming = 42; // wafer bench\n";
/** Typed this many times in a burst: about as long as the rewrite streams at 2,000 tok/s. */
const TYPED_REPEATS = 4;

/**
 * How the user types: `burst` is Playwright's `delay: 25` (each key waits for the page's ack, about
 * 30 keys a second, 3–4× a fast typist); `keyIntervalMs` presses one key every N ms from the start,
 * like a typist who does not wait for the screen (100 ms is 120 words a minute), until the turn ends.
 */
export type TypingPace = "burst" | { keyIntervalMs: number };
export interface Typing {
  into: string;
  pace: TypingPace;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Presses TYPED's keys, one per `intervalMs` on a fixed schedule (late keys go at once), until `turn` settles. */
async function typeAtCadence(page: Page, intervalMs: number, turn: Promise<unknown>): Promise<string> {
  let settled = false;
  void turn.finally(() => (settled = true)).catch(() => {});
  const start = performance.now();
  let typed = "";
  for (let i = 0; !settled; i++) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    const key = TYPED[i % TYPED.length]!;
    await page.keyboard.type(key);
    typed += key;
  }
  return typed;
}

export async function createFile(stack: Stack, account: BenchAccount, path: string, content: string): Promise<void> {
  const response = await fetch(`${stack.appUrl}/api/projects/${account.projectId}/files`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: account.cookie },
    body: JSON.stringify({ path, kind: "file", content }),
  });
  if (!response.ok) throw new Error(`create ${path}: ${response.status} ${await response.text()}`);
}

/** The latencies of keys pressed while the edits landed: a key after the stream ends measures nothing of it. */
export function keysWhileEditing(probe: Omit<NonNullable<Window["__monacoProbe"]>, "stop">, timeOrigin: number): number[] {
  const { firstEditAt, lastEditAt } = probe;
  if (firstEditAt === null || lastEditAt === null) return [];
  return probe.keyLatencies.filter((_, i) => {
    const at = timeOrigin + probe.keysPressedAt[i]!;
    return at >= firstEditAt && at <= lastEditAt;
  });
}

/**
 * The page's main thread from now until the returned function is called: its tasks' wall time and
 * its time on a core (CDP's TaskDuration and ThreadTime). Long tasks are wall time; on a 2-core box
 * that also runs the browser's other threads, the app, the upstream and the driver, a task can be
 * long because the thread waited for a core, and the share on a core says how much of it ran. (Under CPU
 * throttling Chromium's added time counts as on a core, so the share says little there.)
 */
async function mainThreadMeter(page: Page): Promise<() => Promise<{ mainThreadBusyMs: number; mainThreadOnCoreMs: number }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const read = async () => {
    const metrics = (await cdp.send("Performance.getMetrics")).metrics;
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { busy: value("TaskDuration"), onCore: value("ThreadTime") };
  };
  const start = await read();
  return async () => {
    const end = await read();
    await cdp.detach();
    return { mainThreadBusyMs: round((end.busy - start.busy) * 1000, 0), mainThreadOnCoreMs: round((end.onCore - start.onCore) * 1000, 0) };
  };
}

/** Long tasks, frame gaps, Event Timing and the editor's live edits, observed in the page from now on. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = {
      firstEditAt: null as number | null,
      lastEditAt: null as number | null,
      longTasks: [] as number[],
      gaps: [] as number[],
      inputDelays: [] as number[],
      inputDurations: [] as number[],
      keyLatencies: [] as number[],
      keysPressedAt: [] as number[],
      stop: () => {},
    };
    const onKey = (event: KeyboardEvent) => {
      const pressed = event.timeStamp;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          probe.keyLatencies.push(performance.now() - pressed);
          probe.keysPressedAt.push(pressed);
        };
        channel.port2.postMessage(null);
      });
    };
    window.addEventListener("keydown", onKey, { capture: true });
    window.__bench.aiEdits()!.resetStats();
    const tasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    });
    tasks.observe({ type: "longtask" });
    const events = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceEventTiming[]) {
        if (!/^key|input/.test(entry.name)) continue;
        probe.inputDelays.push(entry.processingStart - entry.startTime);
        probe.inputDurations.push(entry.duration);
      }
    });
    events.observe({ type: "event", durationThreshold: 16 } as PerformanceObserverInit);
    let running = true;
    let last = performance.now();
    let batches = 0;
    const frame = (t: number) => {
      if (t - last > 33) probe.gaps.push(t - last);
      last = t;
      const now = window.__bench.aiEdits()!.stats.editBatches;
      if (now !== batches) {
        batches = now;
        const at = performance.timeOrigin + performance.now();
        probe.firstEditAt ??= at;
        probe.lastEditAt = at;
      }
      if (running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    probe.stop = () => {
      running = false;
      window.removeEventListener("keydown", onKey, { capture: true });
      tasks.disconnect();
      events.disconnect();
    };
    window.__monacoProbe = probe;
  });
}

async function waitForReview(page: Page, path: string): Promise<void> {
  await page.waitForFunction(
    (p) => {
      const answers = document.querySelectorAll('[data-testid="message"][data-role="assistant"]');
      const status = answers[answers.length - 1]?.getAttribute("data-status");
      if (status === "failed" || status === "stopped") throw new Error(`turn ended ${status}`);
      return status === "complete" && window.__bench.aiEdits()!.pending().some((f) => f.path === p && f.phase === "review");
    },
    path,
    { timeout: 180_000, polling: 100 },
  );
}

const modelText = (page: Page, path: string) => page.evaluate((p) => window.__bench.editor()!.getModel(p)?.getValue() ?? null, path);

/** Earlier turns in the thread, so the chat pane holds `messages` messages while the rewrite streams. */
async function seedThread(page: Page, stack: Stack, messages: number): Promise<void> {
  for (let i = 0; i < messages / 2; i++) {
    await stack.enqueue({ steps: [{ type: "text", text: `### Turn ${i}\n\n${PROSE.repeat(6)}\n\n\`\`\`ts\nexport const turn${i} = ${i};\n\`\`\`\n` }], rate: 0 });
    const failure = await page.evaluate((n) => window.__bench.chat()!.send({ text: `earlier question ${n}` }).then((r) => (r.ok ? null : r.error.message)), i);
    if (failure !== null) throw new Error(`seed turn ${i}: ${failure}`);
  }
}

/**
 * One 2,000-line `write_file` rewrite streamed into Monaco at 5,000 tok/s, reviewed with Accept all,
 * then reverted with one Ctrl+Z. With `typing`, the user types into that other file meanwhile.
 */
export async function rewriteTurn(page: Page, stack: Stack, path: string, typing?: Typing, rate = RATE): Promise<RewriteSample> {
  const { original, rewritten } = bigFile(LINES);
  // Nothing comes back: openFile resolves to the Monaco model, which Playwright would serialize (its
  // whole object graph, 25–35 MB of garbage in the page per call, measured with a heap sampler).
  await page.evaluate(async (p) => {
    await window.__bench.editor()!.openFile(p);
  }, path);
  const scripts: Script[] = [
    { steps: [{ type: "tool_call", name: "write_file", arguments: JSON.stringify({ path, content: rewritten }) }], rate, ttftMs: 0 },
    { steps: [{ type: "text", text: "Rewrote it." }], rate: 0 },
  ];
  for (const script of scripts) await stack.enqueue(script);
  await installProbe(page);
  const stopMeter = await mainThreadMeter(page);
  const sent = page.evaluate((p) => window.__bench.chat()!.send({ text: `Rewrite ${p} without multiplications.` }).then((r) => (r.ok ? null : r.error.message)), path);

  let typed: string | undefined;
  const typeInto = typing?.into;
  if (typing) {
    await page.waitForFunction((p) => window.__bench.aiEdits()!.pending().some((f) => f.path === p && f.phase === "streaming"), path, { timeout: 60_000, polling: 20 });
    await page.evaluate(async (p) => {
      await window.__bench.editor()!.openFile(p, { activate: true, focus: true });
      const editor = window.__bench.editor()!.getActiveEditor()!;
      editor.setPosition({ lineNumber: 1, column: 1 });
      editor.focus();
    }, typing.into);
    if (typing.pace === "burst") {
      typed = TYPED.repeat(TYPED_REPEATS);
      await page.keyboard.type(typed, { delay: 25 });
    } else {
      typed = await typeAtCadence(page, typing.pace.keyIntervalMs, sent);
    }
  }
  const failure = await sent;
  if (failure !== null) throw new Error(`rewrite turn: ${failure}`);
  await waitForReview(page, path);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const { probe, stats, timing, timeOrigin } = await page.evaluate(() => {
    const p = window.__monacoProbe!;
    p.stop();
    return { probe: { ...p, stop: undefined }, stats: { ...window.__bench.aiEdits()!.stats }, timing: window.__bench.chat()!.state.timing, timeOrigin: performance.timeOrigin };
  });
  const mainThread = await stopMeter();
  if (!timing?.firstByteAt || !timing.lastByteAt || probe.firstEditAt === null || probe.lastEditAt === null) throw new Error("rewrite produced no timing");
  const typedTextLanded = typeInto ? ((await modelText(page, typeInto)) ?? "").startsWith(typed ?? "") : undefined;
  const keyLatencies = keysWhileEditing(probe, timeOrigin);

  await page.evaluate(async (p) => {
    await window.__bench.editor()!.openFile(p, { activate: true, focus: true });
  }, path);
  await page.evaluate((p) => window.__bench.aiEdits()!.accept(p), path);
  const acceptAllMatches = (await modelText(page, path)) === rewritten;
  await page.evaluate(() => window.__bench.editor()!.getActiveEditor()!.focus());
  await page.keyboard.press("ControlOrMeta+Z");
  const oneUndoRestores = (await modelText(page, path)) === original;

  const typingFigures =
    typeInto === undefined
      ? {}
      : {
          keysTyped: typed?.length,
          keysWhileStreaming: keyLatencies.length,
          typedTextLanded,
          inputDelayMsMax: round(Math.max(0, ...probe.inputDelays), 1),
          inputDelayMsP95: probe.inputDelays.length ? round(percentile(probe.inputDelays, 95), 1) : 0,
          eventDurationMsMax: round(Math.max(0, ...probe.inputDurations), 0),
          keyLatencyMsP95: keyLatencies.length ? round(percentile(keyLatencies, 95), 1) : 0,
          keyLatencyMsMax: round(Math.max(0, ...keyLatencies), 1),
        };
  return {
    lines: LINES,
    firstEditMs: round(probe.firstEditAt - timing.firstByteAt, 0),
    editSpanMs: round(probe.lastEditAt - probe.firstEditAt, 0),
    streamSpanMs: round(timing.lastByteAt - timing.firstByteAt, 0),
    longTasksOver50: probe.longTasks.filter((d) => d > 50).length,
    longTasksOver100: probe.longTasks.filter((d) => d > 100).length,
    longestTaskMs: round(Math.max(0, ...probe.longTasks), 0),
    droppedFrames: probe.gaps.length,
    setValueCalls: stats.setValueCalls,
    editBatches: stats.editBatches,
    longestFrameMs: round(stats.maxFrameMs, 1),
    acceptAllMatches,
    oneUndoRestores,
    ...typingFigures,
    ...mainThread,
  };
}

function summarizeRewrites(samples: RewriteSample[]): Record<string, number | boolean> {
  const worst = (key: keyof RewriteSample) => Math.max(...samples.map((s) => Number(s[key] ?? 0)));
  const summary: Record<string, number | boolean> = {
    runs: samples.length,
    firstEditMsP50: round(median(samples.map((s) => s.firstEditMs)), 0),
    editSpanMsP50: round(median(samples.map((s) => s.editSpanMs)), 0),
    streamSpanMsP50: round(median(samples.map((s) => s.streamSpanMs)), 0),
    longTasksOver100: samples.reduce((n, s) => n + s.longTasksOver100, 0),
    longTasksOver50: samples.reduce((n, s) => n + s.longTasksOver50, 0),
    longestTaskMs: worst("longestTaskMs"),
    droppedFrames: samples.reduce((n, s) => n + s.droppedFrames, 0),
    setValueCalls: samples.reduce((n, s) => n + s.setValueCalls, 0),
    // Machine-speed counts live here, not in e2e: a starved page drains more per frame.
    editBatchesMin: Math.min(...samples.map((s) => s.editBatches)),
    longestFrameMs: worst("longestFrameMs"),
    acceptAllMatches: samples.every((s) => s.acceptAllMatches),
    oneUndoRestores: samples.every((s) => s.oneUndoRestores),
    ...mainThreadFigures(samples),
  };
  if (samples[0]?.keysTyped !== undefined) {
    summary.typedTextLanded = samples.every((s) => s.typedTextLanded);
    summary.keysWhileStreaming = samples.reduce((n, s) => n + (s.keysWhileStreaming ?? 0), 0);
    summary.inputDelayMsMax = worst("inputDelayMsMax");
    summary.inputDelayMsP95 = worst("inputDelayMsP95");
    summary.eventDurationMsMax = worst("eventDurationMsMax");
    summary.keyLatencyMsP95 = worst("keyLatencyMsP95");
    summary.keyLatencyMsMax = worst("keyLatencyMsMax");
  }
  return summary;
}

/** About how long the typing scenarios' rewrite lands at 2,000 tok/s: the reference types as long. */
const TYPING_ALONE_MS = 7_500;

/**
 * The same typing with nothing streaming, on the same page and file: what Monaco's own typing costs
 * on this machine, so the typing scenarios' keys can be read against it (issue 14 asks for under 50
 * ms a key while the model writes; this says how much of a key's wait is the model's writing).
 */
export async function typingAlone(page: Page, into: string, pace: TypingPace): Promise<Record<string, number | boolean>> {
  await page.evaluate(async (p) => {
    await window.__bench.editor()!.openFile(p, { activate: true, focus: true });
    const editor = window.__bench.editor()!.getActiveEditor()!;
    editor.setPosition({ lineNumber: 1, column: 1 });
    editor.focus();
  }, into);
  await installProbe(page);
  const stopMeter = await mainThreadMeter(page);
  let typed: string;
  if (pace === "burst") {
    typed = TYPED.repeat(TYPED_REPEATS);
    await page.keyboard.type(typed, { delay: 25 });
  } else {
    typed = await typeAtCadence(page, pace.keyIntervalMs, sleep(TYPING_ALONE_MS));
  }
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const probe = await page.evaluate(() => {
    const p = window.__monacoProbe!;
    p.stop();
    return { ...p, stop: undefined };
  });
  const mainThread = await stopMeter();
  const keys = probe.keyLatencies;
  return {
    keysTyped: typed.length,
    keysMeasured: keys.length,
    typedTextLanded: ((await modelText(page, into)) ?? "").startsWith(typed),
    longTasksOver100: probe.longTasks.filter((d) => d > 100).length,
    longTasksOver50: probe.longTasks.filter((d) => d > 50).length,
    keyLatencyMsP95: keys.length ? round(percentile(keys, 95), 1) : 0,
    keyLatencyMsMax: round(Math.max(0, ...keys), 1),
    ...mainThread,
  };
}

function summarizeTyping(samples: Record<string, number | boolean>[]): Record<string, number | boolean> {
  const worst = (key: string) => Math.max(...samples.map((s) => Number(s[key] ?? 0)));
  const sum = (key: string) => samples.reduce((n, s) => n + Number(s[key] ?? 0), 0);
  return {
    runs: samples.length,
    typedTextLanded: samples.every((s) => s.typedTextLanded === true),
    keysMeasured: sum("keysMeasured"),
    longTasksOver100: sum("longTasksOver100"),
    longTasksOver50: sum("longTasksOver50"),
    // The worst run's, as the typing scenarios report theirs.
    keyLatencyMsP95: worst("keyLatencyMsP95"),
    keyLatencyMsMax: worst("keyLatencyMsMax"),
    ...mainThreadFigures(samples),
  };
}

/**
 * Rewrites into Monaco: alone, after 50 earlier messages, and with the user typing (beside the same
 * typing with nothing streaming); at 1× and (full run) 4× CPU.
 */
export async function runMonacoScenarios(page: Page, stack: Stack, account: BenchAccount, cdp: CDPSession, { quick }: { quick: boolean }) {
  const results: Record<string, Record<string, number | boolean>> = {};
  const runs = quick ? 1 : 2;
  const throttles = quick ? [1] : [1, 4];
  const scenarios: { name: string; earlierMessages: number; typing?: Typing; rate?: number }[] = quick
    ? [{ name: "rewrite 2k lines @5000", earlierMessages: 0 }]
    : [
        { name: "rewrite 2k lines @5000", earlierMessages: 0 },
        { name: "rewrite 2k lines @5000, 50 earlier messages", earlierMessages: 50 },
        // Issue 14's condition: typing in another file while a 2,000-line rewrite streams at 2,000 tok/s.
        { name: "rewrite 2k lines @2000, typing meanwhile", earlierMessages: 0, typing: { into: "src/index.ts", pace: "burst" }, rate: 2_000 },
        // The same at a fast typist's pace: the burst above types 3–4× as fast, and only once the page handled the last key.
        {
          name: "rewrite 2k lines @2000, typing at 100 ms a key",
          earlierMessages: 0,
          typing: { into: "src/index.ts", pace: { keyIntervalMs: 100 } },
          rate: 2_000,
        },
      ];
  const typingReferences: ({ name: string } & Typing)[] = [
    { name: "typing alone (burst), nothing streaming", into: "src/index.ts", pace: "burst" },
    { name: "typing alone at 100 ms a key, nothing streaming", into: "src/index.ts", pace: { keyIntervalMs: 100 } },
  ];
  // Each rewrite gets its own file, created up front; the reload puts them in the workbench's tree.
  // The first is a warm-up, not measured: a page's first rewrite also pays for compiling the
  // editor's and planner's code paths (one 150 ms task, measured once). In a full run the user types
  // during it too, as a user has typed before asking: a page's first typing compiles Monaco's typing
  // path (20–40 ms tasks back to back), which would otherwise land on whichever typing scenario runs first.
  const warmUpTyping: Typing | undefined = quick ? undefined : { into: "src/index.ts", pace: "burst" };
  const paths = Array.from({ length: 1 + throttles.length * scenarios.length * runs }, (_, i) => `src/bench/rewrite-${i}.ts`);
  for (const path of paths) await createFile(stack, account, path, bigFile(LINES).original);
  await openWorkbench(page, account);
  await newThread(page);
  await rewriteTurn(page, stack, paths[0]!, warmUpTyping, warmUpTyping ? 2_000 : RATE);
  let file = 1;
  for (const throttle of throttles) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
    for (const scenario of scenarios) {
      const samples: RewriteSample[] = [];
      for (let i = 0; i < runs; i++) {
        await newThread(page);
        if (scenario.earlierMessages > 0) {
          // Seeding is not measured: full speed.
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
          await seedThread(page, stack, scenario.earlierMessages);
          await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
        }
        samples.push(await rewriteTurn(page, stack, paths[file++]!, scenario.typing, scenario.rate));
      }
      results[`${scenario.name} ${throttle}x`] = summarizeRewrites(samples);
    }
    for (const reference of quick ? [] : typingReferences) {
      const samples: Record<string, number | boolean>[] = [];
      for (let i = 0; i < runs; i++) samples.push(await typingAlone(page, reference.into, reference.pace));
      results[`${reference.name} ${throttle}x`] = summarizeTyping(samples);
    }
  }
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  return results;
}
