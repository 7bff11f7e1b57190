import type { Browser, BrowserContext, Page } from "@playwright/test";

import type { BenchAccount } from "./account";
import type { Stack } from "./harness";
import { installHooks } from "./hooks";
import { bigFile } from "./shapes";
import { median, round } from "./stats";

/** The file both pages show: the bare page builds the same 200 lines itself. */
const KEYSTROKE_FILE = "src/keystroke.ts";

interface Load {
  editorShownMs: number;
  keystrokeMs: number;
  keystrokeAttempts: number;
  chatInputMs: number | null;
  jsTransferredBytes: number;
  jsDecodedBytes: number;
  jsRequests: number;
  chunks: { url: string; decoded: number }[];
}

/** What the page's own code recognisably contains, by strings that survive minification. */
const MARKERS: [string, RegExp][] = [
  ["monaco editor", /vs\/editor|monaco-editor|MonacoEnvironment/],
  ["typescript language service", /typescriptDefaults|ts\.worker/],
  ["react-dom", /react-dom|__REACT_DEVTOOLS_GLOBAL_HOOK__/],
  ["next runtime", /__NEXT_DATA__|next\/dist|__next_f/],
  ["markdown (marked)", /marked|gfm/],
  ["highlight.js", /hljs|highlight\.js|rehype/],
  ["chat pane", /chat-input|chat-pane/],
  ["ai edits", /ai-edits|proposal/],
  ["zod", /ZodError|zod/],
  ["cmdk", /cmdk/],
  ["diff", /diffLines|structuredPatch/],
];

function contains(text: string): string {
  const found = MARKERS.filter(([, re]) => re.test(text)).map(([label]) => label);
  return found.length ? found.slice(0, 4).join(", ") : "app code";
}

/** Gap between typing attempts while the editor does not take keys yet: the resolution of the keystroke time. */
const TYPE_CADENCE_MS = 10;

/**
 * One navigation: JS bytes seen on the wire (CDP Network: transferred and decoded, which is what V8
 * parses), time from navigation start until the file shows, until a key typed into the editor shows
 * in it, and until the chat input is hydrated and enabled. Both pages are measured the same way: a
 * watcher in the page stamps, every frame from the first script on, when the file and the typed
 * marker first show; from the moment the file shows the bench clicks into it and types the marker
 * again every TYPE_CADENCE_MS until the watcher sees it, so the time is that of the first key the
 * editor took (to a few ms), not of a retry schedule.
 */
async function load(context: BrowserContext, url: string, marker: string, withChat: boolean): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const scripts = new Map<string, { url: string; transferred: number; decoded: number }>();
  cdp.on("Network.responseReceived", (e) => {
    if (e.type === "Script" || /\.m?js(\?|$)/.test(e.response.url)) scripts.set(e.requestId, { url: e.response.url, transferred: 0, decoded: 0 });
  });
  cdp.on("Network.dataReceived", (e) => {
    const s = scripts.get(e.requestId);
    if (s) s.decoded += e.dataLength;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const s = scripts.get(e.requestId);
    if (s) s.transferred = e.encodedDataLength;
  });
  await page.addInitScript(
    ({ marker, withChat }) => {
      const w = window as unknown as { __shownAt?: number; __keyAt?: number; __chatReadyAt?: number };
      const lineHas = (text: string) => [...document.querySelectorAll(".monaco-editor .view-line")].some((l) => l.textContent?.includes(text));
      const check = () => {
        const now = performance.now();
        if (w.__shownAt === undefined && lineHas("step0")) w.__shownAt = now;
        if (w.__shownAt !== undefined && w.__keyAt === undefined && lineHas(marker)) w.__keyAt = now;
        if (withChat && w.__chatReadyAt === undefined) {
          const input = document.querySelector<HTMLTextAreaElement>('[data-testid="chat-input"]');
          const hydrated = input && Object.keys(input).some((k) => k.startsWith("__reactFiber"));
          if (hydrated && !input.disabled) w.__chatReadyAt = now;
        }
        if (w.__keyAt === undefined || (withChat && w.__chatReadyAt === undefined)) requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    },
    { marker, withChat },
  );

  await page.goto(url, { waitUntil: "commit" });
  const stamp = (name: "__shownAt" | "__keyAt" | "__chatReadyAt") => page.evaluate((n) => (window as unknown as Record<string, number | undefined>)[n] ?? null, name);
  const shown = await page.waitForFunction(() => (window as unknown as { __shownAt?: number }).__shownAt ?? false, undefined, { polling: "raf", timeout: 60_000 });
  const editorShownMs = (await shown.jsonValue()) as number;
  const lines = page.locator(".monaco-editor .view-lines").first();
  let attempts = 0;
  const deadline = Date.now() + 30_000;
  let keystrokeMs: number | null = null;
  while (keystrokeMs === null && Date.now() < deadline) {
    attempts += 1;
    // A real click each time: a focus moved elsewhere after the first one loses keys for a user too.
    const box = await lines.boundingBox();
    if (box) {
      await page.mouse.click(box.x + 40, box.y + 6);
      await page.keyboard.type(marker);
    }
    keystrokeMs = await stamp("__keyAt");
    if (keystrokeMs === null) await new Promise((r) => setTimeout(r, TYPE_CADENCE_MS));
  }
  // The last key typed may show a frame after the check.
  if (keystrokeMs === null) keystrokeMs = (await page.waitForFunction(() => (window as unknown as { __keyAt?: number }).__keyAt ?? false, undefined, { timeout: 1000 }).then((h) => h.jsonValue())) as number;
  let chatInputMs: number | null = null;
  if (withChat) {
    const handle = await page.waitForFunction(() => (window as unknown as { __chatReadyAt?: number }).__chatReadyAt ?? false, undefined, { timeout: 60_000 });
    chatInputMs = (await handle.jsonValue()) as number;
  }
  // Late chunks (workers, lazily loaded panes) count too: let the network settle (bounded: the IDE
  // may keep a live connection open).
  await Promise.race([page.waitForLoadState("networkidle").catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
  await page.close();
  const all = [...scripts.values()];
  return {
    editorShownMs: round(editorShownMs, 0),
    keystrokeMs: round(keystrokeMs, 0),
    keystrokeAttempts: attempts,
    chatInputMs: chatInputMs === null ? null : round(chatInputMs, 0),
    jsTransferredBytes: all.reduce((n, s) => n + s.transferred, 0),
    jsDecodedBytes: all.reduce((n, s) => n + s.decoded, 0),
    jsRequests: all.length,
    chunks: all.map((s) => ({ url: s.url, decoded: s.decoded })),
  };
}

/** Loads per page and cache state: interleaved runs, each a cold then a warm load of both pages. */
export const PAGE_LOAD_RUNS = { quick: 3, full: 5 };

/**
 * The IDE against a bare Monaco page in the same build, cold (empty cache) and warm (the same
 * context, second visit), with the same file open in both. Runs interleave the pages, the first
 * page alternating, and each ratio is taken within a run (IDE ÷ bare of the same run, moments
 * apart), then summarised as the median and range over the runs.
 */
export async function runPageLoadBench(browser: Browser, stack: Stack, account: BenchAccount, { quick }: { quick: boolean }) {
  const fileUrl = `${stack.appUrl}/api/projects/${account.projectId}/files/${KEYSTROKE_FILE}`;
  const content = bigFile(200).original;
  const created = await fetch(`${stack.appUrl}/api/projects/${account.projectId}/files`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: account.cookie },
    body: JSON.stringify({ path: KEYSTROKE_FILE, kind: "file", content }),
  });
  if (!created.ok && created.status !== 409) throw new Error(`create ${KEYSTROKE_FILE}: ${created.status}`);
  // The IDE saves what the bench typed: every IDE load starts from the same text as the bare page.
  const resetFile = async () => {
    const read = await fetch(fileUrl, { headers: { cookie: account.cookie } });
    if (!read.ok) throw new Error(`read ${KEYSTROKE_FILE}: ${read.status}`);
    const file = (await read.json()) as { content: string; version: number };
    if (file.content === content) return;
    const saved = await fetch(fileUrl, {
      method: "PUT",
      headers: { "content-type": "application/json", cookie: account.cookie },
      body: JSON.stringify({ content, baseVersion: file.version }),
    });
    if (!saved.ok) throw new Error(`reset ${KEYSTROKE_FILE}: ${saved.status}`);
  };
  const storage = await account.context.storageState();
  const pages = {
    IDE: { url: `${stack.appUrl}/p/${account.projectId}`, chat: true },
    "bare Monaco": { url: `${stack.appUrl}/bench/monaco`, chat: false },
  };
  // Letters the file does not contain, one per load.
  const markers = "QZXKJVWYGHBNMPRTACDEFILOSU";
  let next = 0;
  const figures: Record<string, { cold: Load[]; warm: Load[] }> = { IDE: { cold: [], warm: [] }, "bare Monaco": { cold: [], warm: [] } };
  const runs = quick ? PAGE_LOAD_RUNS.quick : PAGE_LOAD_RUNS.full;
  for (let run = 0; run < runs; run++) {
    const order = Object.entries(pages);
    if (run % 2 === 1) order.reverse();
    for (const [name, p] of order) {
      const context = await browser.newContext({ baseURL: stack.appUrl, storageState: storage });
      await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
      await installHooks(context);
      // The IDE reopens the tabs of the last visit: the same file as the bare page.
      await context.addInitScript(
        ({ key, value }) => localStorage.setItem(key, value),
        { key: `wafer-tabs:${account.projectId}`, value: JSON.stringify({ tabs: [KEYSTROKE_FILE], active: KEYSTROKE_FILE }) },
      );
      for (const state of ["cold", "warm"] as const) {
        if (p.chat) await resetFile();
        figures[name]![state].push(await load(context, p.url, markers[next++ % markers.length]!, p.chat));
      }
      await context.close();
    }
  }
  const summary = (loads: Load[]) => ({
    editorShownMs: round(median(loads.map((l) => l.editorShownMs)), 0),
    keystrokeAttempts: Math.max(...loads.map((l) => l.keystrokeAttempts)),
    keystrokeMs: round(median(loads.map((l) => l.keystrokeMs)), 0),
    keystrokeMsRange: { min: Math.min(...loads.map((l) => l.keystrokeMs)), max: Math.max(...loads.map((l) => l.keystrokeMs)) },
    chatInputMs: loads[0]?.chatInputMs === null ? null : round(median(loads.map((l) => l.chatInputMs ?? Number.NaN)), 0),
    jsTransferredKb: round(median(loads.map((l) => l.jsTransferredBytes)) / 1024, 0),
    jsDecodedKb: round(median(loads.map((l) => l.jsDecodedBytes)) / 1024, 0),
    jsRequests: median(loads.map((l) => l.jsRequests)),
  });
  const out: Record<string, ReturnType<typeof summary>> = {};
  for (const [name, f] of Object.entries(figures)) {
    out[`${name} cold`] = summary(f.cold);
    out[`${name} warm`] = summary(f.warm);
  }
  const ide = figures.IDE!;
  const bare = figures["bare Monaco"]!;
  const paired = (pick: (l: Load) => number, state: "cold" | "warm") => {
    const ratios = ide[state].map((l, i) => pick(l) / pick(bare[state][i]!));
    return { median: round(median(ratios)), min: round(Math.min(...ratios)), max: round(Math.max(...ratios)) };
  };
  const spreads = {
    keystrokeCold: paired((l) => l.keystrokeMs, "cold"),
    keystrokeWarm: paired((l) => l.keystrokeMs, "warm"),
    jsBytes: paired((l) => l.jsDecodedBytes, "cold"),
    jsTransferred: paired((l) => l.jsTransferredBytes, "cold"),
  };
  const largestChunks = await describeChunks(browser, storage, [...ide.cold[0]!.chunks].sort((a, b) => b.decoded - a.decoded).slice(0, 6));
  return {
    runs,
    typeCadenceMs: TYPE_CADENCE_MS,
    pages: out,
    /** Median over the runs of each run's IDE ÷ bare. */
    ratios: Object.fromEntries(Object.entries(spreads).map(([k, v]) => [k, v.median])) as Record<keyof typeof spreads, number>,
    ratioRanges: Object.fromEntries(Object.entries(spreads).map(([k, v]) => [k, { min: v.min, max: v.max }])) as Record<keyof typeof spreads, { min: number; max: number }>,
    largestChunks,
  };
}

async function describeChunks(browser: Browser, storage: Awaited<ReturnType<BrowserContext["storageState"]>>, chunks: { url: string; decoded: number }[]) {
  const context = await browser.newContext({ storageState: storage });
  try {
    const page: Page = await context.newPage();
    const out: { file: string; kb: number; contains: string }[] = [];
    for (const chunk of chunks) {
      const text = await (await page.request.get(chunk.url)).text();
      out.push({ file: new URL(chunk.url).pathname.split("/").pop() ?? chunk.url, kb: round(chunk.decoded / 1024, 0), contains: contains(text) });
    }
    return out;
  } finally {
    await context.close();
  }
}

export type PageLoadFigures = Awaited<ReturnType<typeof runPageLoadBench>>;
