/**
 * Energy of a model call, as a range: nobody measures a single request's share of an accelerator,
 * so Wafer never shows one precise number. The estimate is
 *
 *   Wh = (output tokens ÷ tokens per second + latency) × system power × utilisation × PUE ÷ 3600
 *
 * where "utilisation" is the share of the system's power the call is charged for (the system
 * serves many streams at once). Both bounds are assumptions, stated on the usage page. They are
 * chosen so a typical turn (~1,000 tokens at ~2,000 tok/s, ~0.3 s latency) lands around the
 * published per-prompt figures they are checked against: Google's 0.24 Wh per median Gemini prompt
 * (2025) and Epoch AI's ≈0.3 Wh per typical GPT-4o query (2025), with the high bound an order of
 * magnitude above for long, lightly batched answers.
 */
export const energyAssumptions = {
  /** Cerebras CS-3 system power (published: about 23 kW). */
  systemPowerW: 23_000,
  utilisation: { low: 0.05, high: 0.5 },
  /** Power usage effectiveness of the datacenter: a modern hyperscale site to an average one. */
  pue: { low: 1.1, high: 1.4 },
  /** Tokens per second assumed when a call reports none (Cerebras's typical output speed). */
  fallbackTokensPerSecond: 2_000,
} as const;

export interface EnergyRange {
  lowWh: number;
  highWh: number;
}

export function callEnergy({
  outputTokens,
  tokensPerSecond,
  latencyMs,
  assumptions = energyAssumptions,
}: {
  outputTokens: number;
  tokensPerSecond: number | null;
  /** Time to first token (queueing and prompt processing). */
  latencyMs: number | null;
  assumptions?: typeof energyAssumptions;
}): EnergyRange {
  const speed = tokensPerSecond && tokensPerSecond > 0 ? tokensPerSecond : assumptions.fallbackTokensPerSecond;
  const seconds = outputTokens / speed + Math.max(0, latencyMs ?? 0) / 1000;
  const wh = (utilisation: number, pue: number) => (seconds * assumptions.systemPowerW * utilisation * pue) / 3600;
  return { lowWh: wh(assumptions.utilisation.low, assumptions.pue.low), highWh: wh(assumptions.utilisation.high, assumptions.pue.high) };
}

/** "0.3–3 Wh", with as many digits as the size needs. */
export function formatEnergy({ lowWh, highWh }: EnergyRange): string {
  const f = (wh: number) => (wh >= 1000 ? `${(wh / 1000).toPrecision(2)} k` : wh >= 10 ? wh.toFixed(0) : wh >= 0.01 ? wh.toPrecision(1) : "0");
  return `${f(lowWh)}–${f(highWh)} Wh`;
}
