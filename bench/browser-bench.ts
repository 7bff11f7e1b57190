import type { Page } from "@playwright/test";

import type { Script } from "@/lib/testing/upstream";

import type { BenchAccount } from "./account";
import type { Stack } from "./harness";
import { median, percentile, round } from "./stats";

declare global {
  interface Window {
    __benchProbe?: {
      firstVisibleAt: number | null;
      lastVisibleAt: number | null;
      longTasks: number[];
      gaps: number[];
      stop(): void;
    };
  }
}

export interface VisibleSample {
  /** First visible character − first upstream byte (same machine, wall clock). */
  firstVisibleMs: number;
  /** Last visible character − last upstream byte. */
  lastVisibleMs: number;
  /** Upstream's streaming time over the time the text took to appear: 1.0 means no slowdown. */
  visibleRatio: number;
  /** Long tasks are > 50 ms by definition; > 100 ms counted too. */
  longTasks: number;
  longTasksOver100: number;
  longestTaskMs: number;
  droppedFrames: number;
}

export const PROSE =
  "Wafer keeps the model's speed all the way to the screen. Each frame shows what arrived since the last one, and nothing waits on the database. ";

export const MARKDOWN = [
  "## Plan",
  "",
  "1. Read the **current** handler and its `tests`.",
  "2. Replace the loop with a `Map` lookup.",
  "   - keeps order",
  "   - O(1) per key",
  "",
  "| step | cost |",
  "| --- | --- |",
  "| parse | 2 ms |",
  "| render | 1 ms |",
  "",
  "```ts",
  "export function index(items: Item[]): Map<string, Item> {",
  "  return new Map(items.map((item) => [item.id, item]));",
  "}",
  "```",
  "",
  "> Note: the *old* path stays behind a flag.",
  "",
].join("\n");

/** Observers in the page, started before the turn: visible text growth, long tasks, frame gaps. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const messageText = () => {
      const answers = document.querySelectorAll('[data-testid="message"][data-role="assistant"]');
      return answers[answers.length - 1]?.querySelector('[data-testid="message-text"]') ?? null;
    };
    const before = messageText();
    let lastLength = 0;
    const probe = { firstVisibleAt: null as number | null, lastVisibleAt: null as number | null, longTasks: [] as number[], gaps: [] as number[], stop: () => {} };
    const mutations = new MutationObserver(() => {
      const el = messageText();
      if (!el || el === before) return;
      const length = el.textContent?.length ?? 0;
      if (length > lastLength) {
        const now = performance.timeOrigin + performance.now();
        probe.firstVisibleAt ??= now;
        probe.lastVisibleAt = now;
        lastLength = length;
      }
    });
    mutations.observe(document.body, { subtree: true, childList: true, characterData: true });
    const tasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    });
    tasks.observe({ type: "longtask" });
    let running = true;
    let last = performance.now();
    const frame = (t: number) => {
      if (t - last > 33) probe.gaps.push(t - last);
      last = t;
      if (running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    probe.stop = () => {
      running = false;
      mutations.disconnect();
      tasks.disconnect();
    };
    window.__benchProbe = probe;
  });
}

async function lastStatus(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const answers = document.querySelectorAll('[data-testid="message"][data-role="assistant"]');
    return answers[answers.length - 1]?.getAttribute("data-status") ?? null;
  });
}

/** One turn through the real chat pane; returns what the page saw against the server's byte stamps. */
export async function visibleTurn(page: Page, stack: Stack, script: Script, text: string): Promise<VisibleSample> {
  await stack.enqueue(script);
  await installProbe(page);
  const before = await page.evaluate(() => document.querySelectorAll('[data-testid="message"][data-role="assistant"]').length);
  await page.evaluate((t) => void window.__bench.chat()!.send({ text: t }), text);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="message"][data-role="assistant"]').length > n, before);
  await page.waitForFunction(
    () => {
      const answers = document.querySelectorAll('[data-testid="message"][data-role="assistant"]');
      const status = answers[answers.length - 1]?.getAttribute("data-status");
      return status === "complete" || status === "failed" || status === "stopped";
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  // One more frame so the last text is on screen before the probe stops.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  if ((await lastStatus(page)) !== "complete") throw new Error(`turn ended ${await lastStatus(page)}`);
  const result = await page.evaluate(() => {
    const probe = window.__benchProbe!;
    probe.stop();
    const timing = window.__bench.chat()!.state.timing;
    return { probe: { ...probe, stop: undefined }, timing };
  });
  const { probe, timing } = result;
  if (!timing?.firstByteAt || !timing.lastByteAt || probe.firstVisibleAt === null || probe.lastVisibleAt === null) {
    throw new Error("turn produced no timing");
  }
  const upstreamSpan = timing.lastByteAt - timing.firstByteAt;
  const visibleSpan = probe.lastVisibleAt - probe.firstVisibleAt;
  return {
    firstVisibleMs: probe.firstVisibleAt - timing.firstByteAt,
    lastVisibleMs: probe.lastVisibleAt - timing.lastByteAt,
    visibleRatio: visibleSpan > 0 ? Math.min(upstreamSpan / visibleSpan, 10) : 1,
    longTasks: probe.longTasks.filter((d) => d > 50).length,
    longTasksOver100: probe.longTasks.filter((d) => d > 100).length,
    longestTaskMs: Math.max(0, ...probe.longTasks),
    droppedFrames: probe.gaps.length,
  };
}

export function summarize(samples: VisibleSample[]) {
  return {
    runs: samples.length,
    visibleRatio: round(median(samples.map((s) => s.visibleRatio))),
    firstVisibleMsP50: round(median(samples.map((s) => s.firstVisibleMs)), 0),
    lastVisibleMsP50: round(median(samples.map((s) => s.lastVisibleMs)), 0),
    lastVisibleMsP95: round(percentile(samples.map((s) => s.lastVisibleMs), 95), 0),
    longTasks: samples.reduce((n, s) => n + s.longTasks, 0),
    longTasksOver100: samples.reduce((n, s) => n + s.longTasksOver100, 0),
    longestTaskMs: round(Math.max(0, ...samples.map((s) => s.longestTaskMs)), 0),
    droppedFrames: samples.reduce((n, s) => n + s.droppedFrames, 0),
  };
}

export async function openWorkbench(page: Page, account: BenchAccount): Promise<void> {
  await page.goto(`/p/${account.projectId}`);
  await page.waitForFunction(() => window.__bench.chat()?.state.phase === "ready", undefined, { timeout: 60_000 });
}

/** Starts a fresh chat thread so earlier turns do not weigh on this scenario. */
export async function newThread(page: Page): Promise<void> {
  await page.evaluate(() => window.__bench.chat()!.selectSession(null));
}

/** One key as the page saw it: keydown's timestamp, and the time to the end of the first frame after it. */
export interface KeyTiming {
  pressed: number;
  latency: number;
}

/** Records every key from now on into `window.__benchKeys` (the bench's key latency); read it with {@link keyTimings}. */
export async function installKeyProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const keys: { pressed: number; latency: number }[] = [];
    (window as unknown as { __benchKeys: typeof keys }).__benchKeys = keys;
    window.addEventListener(
      "keydown",
      (event) => {
        const pressed = event.timeStamp;
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => keys.push({ pressed, latency: performance.now() - pressed });
          channel.port2.postMessage(null);
        });
      },
      { capture: true },
    );
  });
}

/** The keys recorded so far; with `clear`, the probe starts over. */
export async function keyTimings(page: Page, { clear = false }: { clear?: boolean } = {}): Promise<KeyTiming[]> {
  return page.evaluate((clearAfter) => {
    const keys = (window as unknown as { __benchKeys: { pressed: number; latency: number }[] }).__benchKeys;
    const copy = [...keys];
    if (clearAfter) keys.length = 0;
    return copy;
  }, clear);
}
