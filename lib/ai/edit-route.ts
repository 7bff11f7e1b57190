import type { ToolStreamVerdict } from "@/db/enums";
import type { EditChannel, EditChannelPreference, EditChannelReason } from "@/lib/chat/contract";

import type { ModelCapabilities } from "./catalog";

/**
 * What `npm run bench:live-edits` measured (README, "Live edits on every server"): wall time to the
 * last edit byte on the content channel with the file as `prediction`, divided by the time on tool
 * calls without it, for the same edit at the same rate, interleaved, medians. Measured on the scripted
 * upstream's model of prediction (tokens on lines of the prediction stream `predictionSpeedup` = 4×
 * faster), not on a provider: re-run the bench against a real key and update these figures.
 */
export const PREDICTION_BENCH = {
  /** A whole-file rewrite changing 5 % of a 2,000-line file. */
  rewrite: 0.3,
  /** A small patch (2 hunks) to the same file. */
  patch: 0.97,
} as const;

/**
 * A patch gains nothing from a prediction (its lines carry `+`/`-`/` ` prefixes, so they do not match
 * the file's lines); the content channel may be this much slower for one and still be preferred.
 */
export const PATCH_SLOWDOWN_TOLERANCE = 0.05;

/**
 * Whether the content channel with prediction beats tool calls. The route is chosen before the model
 * decides between a rewrite and a patch, so it must win the rewrite and not lose the patch.
 */
export function predictionPaysOff(ratios: { rewrite: number; patch: number }): boolean {
  return ratios.rewrite < 1 && ratios.patch <= 1 + PATCH_SLOWDOWN_TOLERANCE;
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
 * faster (`PREDICTION_BENCH`); otherwise tool calls. The prediction goes with any content-channel turn
 * and any inline edit of a predicting model that has a file to predict (a tool call's arguments are
 * JSON, which the file's lines do not match, so a chat turn on tool calls does not send one).
 */
export function chooseEditRoute({
  preference,
  model,
  verdict,
  activeFile,
  intent = "chat",
  bench = PREDICTION_BENCH,
}: {
  preference: EditChannelPreference;
  model: Pick<ModelCapabilities, "tools" | "editChannel" | "predictedOutputs">;
  verdict: ToolStreamVerdict | null;
  /** The request names an active file that exists (its text is what would be predicted). */
  activeFile: boolean;
  intent?: "chat" | "inline-edit";
  bench?: { rewrite: number; patch: number };
}): EditRoute {
  const canPredict = model.predictedOutputs && activeFile;
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
export function predictsRewrites(model: Pick<ModelCapabilities, "tools" | "editChannel" | "predictedOutputs">, verdict: ToolStreamVerdict | null): boolean {
  return chooseEditRoute({ preference: "auto", model, verdict, activeFile: true }).reason === "prediction";
}
