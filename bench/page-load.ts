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

/**
 * One navigation: JS bytes seen on the wire (CDP Network: transferred and decoded, which is what V8
 * parses), time from navigation start until a key typed into the editor shows in it, and until the
 * chat input is hydrated and enabled.
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
  // Chat input readiness is watched from inside the page, every frame, from the first script on.
  await page.addInitScript(() => {
    const w = window as unknown as { __chatReadyAt?: number };
    const check = () => {
      const input = document.querySelector<HTMLTextAreaElement>('[data-testid="chat-input"]');
      const hydrated = input && Object.keys(input).some((k) => k.startsWith("__reactFiber"));
      if (hydrated && !input.disabled) w.__chatReadyAt = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });

  await page.goto(url, { waitUntil: "commit" });
  // The file on screen (both pages show the same one), then a real key typed into it until it shows.
  const shown = await page.waitForFunction(
    () => ([...document.querySelectorAll(".monaco-editor .view-line")].some((l) => l.textContent?.includes("step0")) ? performance.now() : false),
    undefined,
    { polling: "raf", timeout: 60_000 },
  );
  const editorShownMs = (await shown.jsonValue()) as number;
  const lines = page.locator(".monaco-editor .view-lines").first();
  let keystrokeMs = Number.NaN;
  let attempts = 0;
  while (Number.isNaN(keystrokeMs) && attempts < 50) {
    attempts += 1;
    await lines.click({ position: { x: 40, y: 6 } });
    await page.keyboard.type(marker);
    const seen = await page
      .waitForFunction(
        (m) => ([...document.querySelectorAll(".monaco-editor .view-line")].some((l) => l.textContent?.includes(m)) ? performance.now() : false),
        marker,
        { polling: "raf", timeout: 150 },
      )
      .then((h) => h.jsonValue() as Promise<number>)
      .catch(() => null);
    if (seen !== null) keystrokeMs = seen;
  }
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

/**
 * The IDE against a bare Monaco page in the same build, cold (empty cache) and warm (the same
 * context, second visit), with the same file open in both.
 */
export async function runPageLoadBench(browser: Browser, stack: Stack, account: BenchAccount, { quick }: { quick: boolean }) {
  const created = await fetch(`${stack.appUrl}/api/projects/${account.projectId}/files`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: account.cookie },
    body: JSON.stringify({ path: KEYSTROKE_FILE, kind: "file", content: bigFile(200).original }),
  });
  if (!created.ok && created.status !== 409) throw new Error(`create ${KEYSTROKE_FILE}: ${created.status}`);
  const storage = await account.context.storageState();
  const pages = {
    IDE: { url: `${stack.appUrl}/p/${account.projectId}`, chat: true },
    "bare Monaco": { url: `${stack.appUrl}/bench/monaco`, chat: false },
  };
  const markers = "QZXKJVWYGHBNMPRT";
  let next = 0;
  const figures: Record<string, { cold: Load[]; warm: Load[] }> = { IDE: { cold: [], warm: [] }, "bare Monaco": { cold: [], warm: [] } };
  // Interleaved, like every other comparison here.
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    for (const [name, p] of Object.entries(pages)) {
      const context = await browser.newContext({ baseURL: stack.appUrl, storageState: storage });
      await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
      await installHooks(context);
      // The IDE reopens the tabs of the last visit: the same file as the bare page.
      await context.addInitScript(
        ({ key, value }) => localStorage.setItem(key, value),
        { key: `wafer-tabs:${account.projectId}`, value: JSON.stringify({ tabs: [KEYSTROKE_FILE], active: KEYSTROKE_FILE }) },
      );
      figures[name]!.cold.push(await load(context, p.url, markers[next++ % markers.length]!, p.chat));
      figures[name]!.warm.push(await load(context, p.url, markers[next++ % markers.length]!, p.chat));
      await context.close();
    }
  }
  const summary = (loads: Load[]) => ({
    editorShownMs: round(median(loads.map((l) => l.editorShownMs)), 0),
    keystrokeAttempts: Math.max(...loads.map((l) => l.keystrokeAttempts)),
    keystrokeMs: round(median(loads.map((l) => l.keystrokeMs)), 0),
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
  const ide = figures.IDE!.cold[0]!;
  const largestChunks = await describeChunks(browser, storage, [...ide.chunks].sort((a, b) => b.decoded - a.decoded).slice(0, 6));
  return {
    runs: figures.IDE!.cold.length,
    pages: out,
    ratios: {
      keystrokeCold: round(out["IDE cold"]!.keystrokeMs / out["bare Monaco cold"]!.keystrokeMs),
      keystrokeWarm: round(out["IDE warm"]!.keystrokeMs / out["bare Monaco warm"]!.keystrokeMs),
      jsBytes: round(out["IDE cold"]!.jsDecodedKb / out["bare Monaco cold"]!.jsDecodedKb),
      jsTransferred: round(out["IDE cold"]!.jsTransferredKb / out["bare Monaco cold"]!.jsTransferredKb),
    },
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
