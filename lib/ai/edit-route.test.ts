import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { capabilitiesFor } from "./catalog";
import { ASSUMED_REWRITE_SHARE, breakEvenRewriteShare, chooseEditRoute, PREDICTION_BENCH, predictionPaysOff, predictsRewrites } from "./edit-route";

const preferences = fc.constantFrom("auto" as const, "tools" as const, "content" as const);
const catalogChannels = fc.constantFrom(null, "tools" as const, "content" as const);
const verdicts = fc.constantFrom(null, "progressive" as const, "buffered" as const);
const intents = fc.constantFrom("chat" as const, "inline-edit" as const);
const ms = fc.integer({ min: 1, max: 20_000 });
const ratios = fc.record({ rewrite: fc.record({ tools: ms, content: ms }), patch: fc.record({ tools: ms, content: ms }) });

describe("chooseEditRoute", () => {
  it("lets the override win, then the catalog, then the observed verdict, then prediction when the bench favours it", () => {
    fc.assert(
      fc.property(preferences, catalogChannels, fc.boolean(), verdicts, fc.boolean(), intents, fc.boolean(), ratios, (preference, editChannel, predictedOutputs, verdict, activeFile, intent, predictionRefused, bench) => {
        const { channel, reason, prediction } = chooseEditRoute({ preference, model: { tools: true, editChannel, predictedOutputs }, verdict, activeFile, intent, predictionRefused, bench });
        // The prediction follows the channel, never the other way round, and never goes with tools to a server that refused the pair.
        expect(prediction).toBe(predictedOutputs && activeFile && !predictionRefused && (channel === "content" || intent === "inline-edit"));
        // Faster on average over the assumed mix of rewrites and patches.
        const expected = (route: "tools" | "content") => ASSUMED_REWRITE_SHARE * bench.rewrite[route] + (1 - ASSUMED_REWRITE_SHARE) * bench.patch[route];
        // An exact tie is decided by rounding; the rule is only meaningful away from it.
        fc.pre(Math.abs(expected("content") - expected("tools")) > 1e-6);
        const favoured = expected("content") < expected("tools");
        const want =
          preference !== "auto"
            ? { channel: preference, reason: "override" }
            : editChannel
              ? { channel: editChannel, reason: "catalog" }
              : verdict === "buffered"
                ? { channel: "content", reason: "buffered" }
                : predictedOutputs && activeFile && !predictionRefused && favoured
                  ? { channel: "content", reason: "prediction" }
                  : { channel: "tools", reason: "default" };
        expect({ channel, reason }).toEqual(want);
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

  it("weighs both edit kinds: a content channel slower on rewrites but faster on patches can still win", () => {
    expect(predictionPaysOff({ rewrite: { tools: 100, content: 200 }, patch: { tools: 200, content: 100 } })).toBe(true);
    expect(predictionPaysOff({ rewrite: { tools: 100, content: 200 }, patch: { tools: 100, content: 200 } })).toBe(false);
  });

  it("takes tool calls without prediction for a model whose server refused prediction with tools", () => {
    const gptOss = capabilitiesFor("gpt-oss-120b");
    expect(chooseEditRoute({ preference: "auto", model: gptOss, verdict: "progressive", activeFile: true, predictionRefused: true })).toEqual({ channel: "tools", reason: "default", prediction: false });
    // The user's "in the answer" setting keeps the content channel, without the refused prediction.
    expect(chooseEditRoute({ preference: "content", model: gptOss, verdict: null, activeFile: true, predictionRefused: true })).toEqual({ channel: "content", reason: "override", prediction: false });
    expect(chooseEditRoute({ preference: "auto", model: gptOss, verdict: null, activeFile: true, intent: "inline-edit", predictionRefused: true }).prediction).toBe(false);
    // No tools go with the request: the refusal does not apply.
    expect(chooseEditRoute({ preference: "auto", model: { ...gptOss, tools: false }, verdict: null, activeFile: true, intent: "inline-edit", predictionRefused: true }).prediction).toBe(true);
    expect(predictsRewrites(gptOss, null, true)).toBe(false);
  });

  it("prefers tool calls once the bench says the content channel loses on the assumed mix", () => {
    const model = { tools: true, editChannel: null, predictedOutputs: true };
    expect(predictionPaysOff(PREDICTION_BENCH)).toBe(true);
    // The published figures: 4,624 ms gained on a rewrite, 30 ms lost on a patch → break-even at 30 / 4,654.
    expect(breakEvenRewriteShare(PREDICTION_BENCH)).toBeCloseTo(30 / 4_654, 6);
    const route = (rewrite: { tools: number; content: number }, patch: { tools: number; content: number }) =>
      chooseEditRoute({ preference: "auto", model, verdict: null, activeFile: true, bench: { rewrite, patch } }).channel;
    expect(route({ tools: 1000, content: 1010 }, { tools: 50, content: 60 })).toBe("tools");
    // Slower on rewrites but faster on patches, and faster over the mix: the content channel.
    expect(route({ tools: 1000, content: 1010 }, { tools: 50, content: 40 })).toBe("content");
    // Break-even exactly at the assumed share: not faster, so tool calls.
    expect(route({ tools: 1000, content: 900 }, { tools: 100, content: 100 + (100 * ASSUMED_REWRITE_SHARE) / (1 - ASSUMED_REWRITE_SHARE) })).toBe("tools");
    expect(route({ tools: 1000, content: 900 }, { tools: 100, content: 105 })).toBe("content");
    expect(breakEvenRewriteShare({ rewrite: { tools: 10, content: 20 }, patch: { tools: 5, content: 1 } })).toBe(Infinity);
  });
});
