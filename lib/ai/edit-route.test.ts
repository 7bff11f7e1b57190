import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { capabilitiesFor } from "./catalog";
import { chooseEditRoute, PATCH_SLOWDOWN_TOLERANCE, PREDICTION_BENCH, predictionPaysOff, predictsRewrites } from "./edit-route";

const preferences = fc.constantFrom("auto" as const, "tools" as const, "content" as const);
const catalogChannels = fc.constantFrom(null, "tools" as const, "content" as const);
const verdicts = fc.constantFrom(null, "progressive" as const, "buffered" as const);
const intents = fc.constantFrom("chat" as const, "inline-edit" as const);
const ratios = fc.record({ rewrite: fc.double({ min: 0.05, max: 2, noNaN: true }), patch: fc.double({ min: 0.05, max: 2, noNaN: true }) });

describe("chooseEditRoute", () => {
  it("lets the override win, then the catalog, then the observed verdict, then prediction when the bench favours it", () => {
    fc.assert(
      fc.property(preferences, catalogChannels, fc.boolean(), verdicts, fc.boolean(), intents, ratios, (preference, editChannel, predictedOutputs, verdict, activeFile, intent, bench) => {
        const { channel, reason, prediction } = chooseEditRoute({ preference, model: { tools: true, editChannel, predictedOutputs }, verdict, activeFile, intent, bench });
        // The prediction follows the channel, never the other way round.
        expect(prediction).toBe(predictedOutputs && activeFile && (channel === "content" || intent === "inline-edit"));
        const favoured = bench.rewrite < 1 && bench.patch <= 1 + PATCH_SLOWDOWN_TOLERANCE;
        const expected =
          preference !== "auto"
            ? { channel: preference, reason: "override" }
            : editChannel
              ? { channel: editChannel, reason: "catalog" }
              : verdict === "buffered"
                ? { channel: "content", reason: "buffered" }
                : predictedOutputs && activeFile && favoured
                  ? { channel: "content", reason: "prediction" }
                  : { channel: "tools", reason: "default" };
        expect({ channel, reason }).toEqual(expected);
      }),
    );
  });

  it("sends GPT-OSS 120B's rewrites through the answer with the open file as prediction, on the published bench figures", () => {
    const gptOss = capabilitiesFor("gpt-oss-120b");
    expect(chooseEditRoute({ preference: "auto", model: gptOss, verdict: "progressive", activeFile: true })).toEqual({ channel: "content", reason: "prediction", prediction: true });
    // No file open: nothing to predict, so tool calls.
    expect(chooseEditRoute({ preference: "auto", model: gptOss, verdict: null, activeFile: false })).toEqual({ channel: "tools", reason: "default", prediction: false });
    // The user's "tool calls" setting keeps chat turns off prediction.
    expect(chooseEditRoute({ preference: "tools", model: gptOss, verdict: null, activeFile: true })).toEqual({ channel: "tools", reason: "override", prediction: false });
    // A model without the flag stays on tool calls.
    expect(chooseEditRoute({ preference: "auto", model: capabilitiesFor("llama3.1-8b"), verdict: null, activeFile: true }).reason).toBe("default");
    // A model without tools answers in prose: nothing to route (an inline edit still predicts).
    expect(chooseEditRoute({ preference: "content", model: { ...gptOss, tools: false }, verdict: null, activeFile: true, intent: "inline-edit" })).toEqual({ channel: "tools", reason: "default", prediction: true });
    expect(predictsRewrites(gptOss, null)).toBe(true);
    expect(predictsRewrites(capabilitiesFor("llama3.1-8b"), null)).toBe(false);
  });

  it("prefers tool calls once the bench says the content channel loses the rewrite or the patch", () => {
    const model = { tools: true, editChannel: null, predictedOutputs: true };
    expect(predictionPaysOff(PREDICTION_BENCH)).toBe(true);
    expect(chooseEditRoute({ preference: "auto", model, verdict: null, activeFile: true, bench: { rewrite: 1.02, patch: 0.9 } }).channel).toBe("tools");
    expect(chooseEditRoute({ preference: "auto", model, verdict: null, activeFile: true, bench: { rewrite: 0.3, patch: 1 + PATCH_SLOWDOWN_TOLERANCE + 0.01 } }).channel).toBe("tools");
    expect(chooseEditRoute({ preference: "auto", model, verdict: null, activeFile: true, bench: { rewrite: 0.3, patch: 1 + PATCH_SLOWDOWN_TOLERANCE } }).channel).toBe("content");
  });
});
