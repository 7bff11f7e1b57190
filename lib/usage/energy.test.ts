import { describe, expect, it } from "vitest";

import { callEnergy, energyAssumptions, formatEnergy } from "./energy";

describe("callEnergy", () => {
  it("a typical turn brackets the published per-prompt figures (0.24 Wh Gemini, 0.3 Wh GPT-4o)", () => {
    const range = callEnergy({ outputTokens: 1000, tokensPerSecond: 2000, latencyMs: 300 });
    expect(range.lowWh).toBeLessThanOrEqual(0.3);
    expect(range.highWh).toBeGreaterThanOrEqual(0.3);
    expect(range.highWh / range.lowWh).toBeCloseTo((0.5 * 1.4) / (0.05 * 1.1), 5);
  });

  it("follows the formula (output ÷ tok/s + latency) × power × utilisation × PUE", () => {
    const { lowWh, highWh } = callEnergy({ outputTokens: 3600, tokensPerSecond: 1800, latencyMs: 1600 });
    const seconds = 3600 / 1800 + 1.6;
    expect(lowWh).toBeCloseTo((seconds * 23_000 * 0.05 * 1.1) / 3600, 9);
    expect(highWh).toBeCloseTo((seconds * 23_000 * 0.5 * 1.4) / 3600, 9);
  });

  it("assumes the typical speed when none was measured, and a failed-before-output call costs only its latency", () => {
    const assumed = callEnergy({ outputTokens: 2000, tokensPerSecond: null, latencyMs: 0 });
    expect(assumed).toEqual(callEnergy({ outputTokens: 2000, tokensPerSecond: energyAssumptions.fallbackTokensPerSecond, latencyMs: 0 }));
    expect(callEnergy({ outputTokens: 0, tokensPerSecond: null, latencyMs: null })).toEqual({ lowWh: 0, highWh: 0 });
  });

  it("formats a range, never one number", () => {
    expect(formatEnergy({ lowWh: 0.28, highWh: 3.6 })).toBe("0.3–4 Wh");
    expect(formatEnergy({ lowWh: 12.4, highWh: 160 })).toBe("12–160 Wh");
    expect(formatEnergy({ lowWh: 0, highWh: 0.001 })).toBe("0–0 Wh");
  });
});
