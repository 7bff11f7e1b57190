import { readUiChunks } from "@/lib/chat/sse";
import type { Script } from "@/lib/testing/upstream";

import type { BenchAccount } from "./account";
import { streamDirect, ttft } from "./clients";
import type { Stack } from "./harness";
import { prose } from "./shapes";
import { percentile, round } from "./stats";

const MODEL = "gpt-oss-120b";
export const VIEWER_COUNTS = [0, 1, 10] as const;

/** Arrival times (this process's performance.now()) of a turn's text deltas, and its character count. */
interface Arrivals {
  at: number[];
  chars: number;
}

async function readDeltas(body: ReadableStream<Uint8Array>): Promise<Arrivals> {
  const arrivals: Arrivals = { at: [], chars: 0 };
  for await (const chunk of readUiChunks<{ type: string; delta?: string }>(body)) {
    if (chunk.type !== "text-delta") continue;
    arrivals.at.push(performance.now());
    arrivals.chars += chunk.delta?.length ?? 0;
  }
  return arrivals;
}

/**
 * The owner's stream with 0, 1 and 10 live viewers attached, over HTTP on the running stack. Viewers
 * follow through the session's live route (the path a reloaded owner or a share link takes: the same
 * turn_events replay and LISTEN/NOTIFY follow), connected before the turn starts. Configurations are
 * interleaved, each against a direct upstream call with the same script: added TTFB is O − D per
 * pair; viewer lag is, per text delta, its arrival at a viewer minus its arrival at the owner.
 */
export async function runLiveViewerBench(stack: Stack, account: BenchAccount, { quick }: { quick: boolean }) {
  const script: Script = { steps: [{ type: "text", text: prose(50) }], rate: 2000, ttftMs: 0 };
  const rounds = quick ? 3 : 6;
  const samples = Object.fromEntries(VIEWER_COUNTS.map((n) => [n, { added: [] as number[], tps: [] as number[], lag: [] as number[] }]));

  async function once(viewers: number): Promise<{ added: number; tps: number; lag: number[] }> {
    await stack.enqueue(script);
    const direct = await streamDirect(stack.upstreamBaseUrl, MODEL, "bench");
    const sessionId = await account.newSession();
    // Not awaited: the live route's headers come with its first chunk, i.e. once the turn streams.
    const following = Array.from({ length: viewers }, async () => {
      const response = await fetch(`${stack.appUrl}/api/sessions/${sessionId}/live?wait=10000`, { headers: { cookie: account.cookie } });
      if (!response.ok || !response.body) throw new Error(`a viewer was refused: ${response.status}`);
      return readDeltas(response.body);
    });
    await stack.enqueue(script);
    // Let the viewers' requests reach the server and start waiting before the turn begins.
    await new Promise((r) => setTimeout(r, 300));
    const startedAt = performance.now();
    const response = await fetch(`${stack.appUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: account.cookie },
      body: JSON.stringify({ sessionId, model: MODEL, message: { id: crypto.randomUUID(), text: "bench" }, context: { openFiles: [], mentions: [], diagnostics: [] } }),
    });
    const owner = await readDeltas(response.body!);
    const seen = await Promise.all(following);
    const lag = seen.flatMap((viewer) => viewer.at.flatMap((t, i) => (owner.at[i] === undefined ? [] : [t - owner.at[i]!])));
    for (const viewer of seen) if (viewer.at.length !== owner.at.length) throw new Error(`a viewer saw ${viewer.at.length} of ${owner.at.length} deltas`);
    const tps = owner.chars / 4 / (Math.max(1, owner.at.at(-1)! - owner.at[0]!) / 1000);
    return { added: owner.at[0]! - startedAt - ttft(direct), tps, lag };
  }

  for (const viewers of VIEWER_COUNTS) await once(viewers); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const viewers of VIEWER_COUNTS) {
      const result = await once(viewers);
      const entry = samples[viewers]!;
      entry.added.push(result.added);
      entry.tps.push(result.tps);
      entry.lag.push(...result.lag);
    }
  }
  const baseTps = percentile(samples[0]!.tps, 50);
  return {
    rounds,
    rateTokS: script.rate,
    byViewers: Object.fromEntries(
      VIEWER_COUNTS.map((n) => {
        const s = samples[n]!;
        return [
          String(n),
          {
            addedTtfbMs: { p50: round(percentile(s.added, 50), 1), p95: round(percentile(s.added, 95), 1) },
            ownerTpsRatioTo0: round(percentile(s.tps, 50) / baseTps),
            viewerLagMs: s.lag.length ? { p50: round(percentile(s.lag, 50), 1), p95: round(percentile(s.lag, 95), 1) } : null,
          },
        ];
      }),
    ) as Record<"0" | "1" | "10", { addedTtfbMs: { p50: number; p95: number }; ownerTpsRatioTo0: number; viewerLagMs: { p50: number; p95: number } | null }>,
  };
}
