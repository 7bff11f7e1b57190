import type { ToolStreamVerdict } from "@/db/enums";
import type { EditChannel, EditChannelPreference, EditChannelReason } from "@/lib/chat/contract";

import type { ModelCapabilities } from "./catalog";

/** Wall times (ms) to the last edit byte of one edit, per route. */
export interface RouteTimes {
  tools: number;
  content: number;
}

/**
 * What `npm run bench:live-edits` measured (README, "Live edits on every server"): median wall time
 * to the last edit byte, tool calls without prediction against the content channel with the file as
 * `prediction`, same file, rate (2,000 tok/s) and turn path, interleaved. On the scripted upstream's
 * model of prediction (tokens on lines of the prediction stream `predictionSpeedup` = 4× faster), not
 * on a provider: re-run the bench against a real key and update these figures.
 */
export const PREDICTION_BENCH: { rewrite: RouteTimes; patch: RouteTimes } = {
  /** A whole-file rewrite changing 5 % of a 2,000-line file. */
  rewrite: { tools: 6_682, content: 2_058 },
  /** A small patch (2 hunks) to the same file: a prediction cannot help it, and costs a little. */
  patch: { tools: 69, content: 99 },
};

/**
 * The share of edits assumed to be whole-file rewrites: the route is chosen before the model decides
 * between a rewrite and a patch, so the choice is the route with the shorter expected time over this
 * mix. An assumption, published with the break-even share the bench computes (`breakEvenRewriteShare`).
 */
export const ASSUMED_REWRITE_SHARE = 0.05;

/** The rewrite share above which the content channel with prediction is faster on average (Infinity: never). */
export function breakEvenRewriteShare({ rewrite, patch }: { rewrite: RouteTimes; patch: RouteTimes }): number {
  const rewriteGain = rewrite.tools - rewrite.content;
  const patchLoss = patch.content - patch.tools;
  if (rewriteGain <= 0) return Infinity;
  if (patchLoss <= 0) return 0;
  return patchLoss / (patchLoss + rewriteGain);
}

/** Whether the content channel with prediction is faster on the assumed mix of rewrites and patches. */
export function predictionPaysOff({ rewrite, patch }: { rewrite: RouteTimes; patch: RouteTimes }, rewriteShare = ASSUMED_REWRITE_SHARE): boolean {
  // The expected times compared directly: the break-even share alone misses a content channel that
  // loses on rewrites but wins on patches.
  const expected = (route: keyof RouteTimes) => rewriteShare * rewrite[route] + (1 - rewriteShare) * patch[route];
  return expected("content") < expected("tools");
}

export interface EditRoute {
  channel: EditChannel;
  reason: EditChannelReason;
  /** Send the active file as `prediction`. */
  prediction: boolean;
}

/**
 * How this turn's edits travel, the one place these rules live. On the channel: the user's override
 * wins; then the catalog's `editChannel` for the model; then what its server was seen to do (buffered
 * tool arguments → content channel); then, on a model whose catalog entry has `predictedOutputs` and
 * with a file open, the content channel with that file as the prediction, when the bench showed it
 * faster on the assumed mix of rewrites and patches (`PREDICTION_BENCH`, `ASSUMED_REWRITE_SHARE`);
 * otherwise tool calls. The prediction goes with any content-channel turn
 * and any inline edit of a predicting model that has a file to predict (a tool call's arguments are
 * JSON, which the file's lines do not match, so a chat turn on tool calls does not send one).
 *
 * A model whose server refused `prediction` with `tools` (`predictionRefused`, stored per model by
 * lib/ai/provider) never gets a prediction while tools go with the request, and on auto takes tool
 * calls: the content channel's lead in the bench is the prediction's (without it the same tokens
 * stream at the same rate, and the patch was already 30 ms slower), while tool calls stream edits
 * progressively on every server not seen to buffer them.
 */
export function chooseEditRoute({
  preference,
  model,
  verdict,
  activeFile,
  intent = "chat",
  predictionRefused = false,
  bench = PREDICTION_BENCH,
}: {
  preference: EditChannelPreference;
  model: Pick<ModelCapabilities, "tools" | "editChannel" | "predictedOutputs">;
  verdict: ToolStreamVerdict | null;
  /** The request names an active file that exists (its text is what would be predicted). */
  activeFile: boolean;
  intent?: "chat" | "inline-edit";
  /** The model's server refused `prediction` sent together with `tools`. */
  predictionRefused?: boolean;
  bench?: { rewrite: RouteTimes; patch: RouteTimes };
}): EditRoute {
  // Tools go with every request of a model that has them, so a refusal rules the prediction out there.
  const canPredict = model.predictedOutputs && activeFile && !(model.tools && predictionRefused);
  const route = (channel: EditChannel, reason: EditChannelReason): EditRoute => ({
    channel,
    reason,
    prediction: canPredict && (channel === "content" || intent === "inline-edit"),
  });
  // Without tools there is no edit channel to choose: the turn answers in prose.
  if (!model.tools) return route("tools", "default");
  if (preference !== "auto") return route(preference, "override");
  if (model.editChannel) return route(model.editChannel, "catalog");
  if (verdict === "buffered") return route("content", "buffered");
  if (canPredict && predictionPaysOff(bench)) return route("content", "prediction");
  return route("tools", "default");
}

/** For the model picker: whether, on "auto" with a file open, this model's edits go in the answer with prediction. */
export function predictsRewrites(
  model: Pick<ModelCapabilities, "tools" | "editChannel" | "predictedOutputs">,
  verdict: ToolStreamVerdict | null,
  predictionRefused = false,
): boolean {
  return chooseEditRoute({ preference: "auto", model, verdict, activeFile: true, predictionRefused }).reason === "prediction";
}
