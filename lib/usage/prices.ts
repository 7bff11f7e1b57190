import { env } from "@/lib/env";

/** USD per 1M tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Where the figure comes from, shown on the usage page. */
  source: string;
}

/**
 * Catalog prices for Wafer's key, per catalog model id. Overridable per model with WAFER_MODEL_PRICES
 * (lib/env.ts). Figures other than gpt-oss-120b are Cerebras's published pay-as-you-go list prices
 * as last seen; they change, so treat them as estimates and set the override to what you pay.
 */
export const modelPrices: Readonly<Record<string, ModelPrice>> = {
  "gpt-oss-120b": { input: 0.35, output: 0.75, source: "Cerebras list price" },
  "llama3.1-8b": { input: 0.1, output: 0.1, source: "Cerebras list price (assumed current)" },
  "qwen-3-235b-a22b-instruct-2507": { input: 0.6, output: 1.2, source: "Cerebras list price (assumed current)" },
  "zai-glm-4.6": { input: 2.25, output: 2.75, source: "Cerebras list price (assumed current)" },
  "zai-glm-4.7": { input: 2.25, output: 2.75, source: "assumed equal to GLM 4.6" },
  "wafer-demo": { input: 0, output: 0, source: "served by Wafer itself" },
};

/** A model the table does not know is priced like the default model, and says so. */
const unknownModelPrice: ModelPrice = { input: 0.35, output: 0.75, source: "unknown model: assumed gpt-oss-120b's price" };

export function priceFor(model: string): ModelPrice {
  const override = env().WAFER_MODEL_PRICES[model];
  if (override) return { ...override, source: "operator setting (WAFER_MODEL_PRICES)" };
  return modelPrices[model] ?? unknownModelPrice;
}

/** Estimated USD for one call. */
export function callCost(price: Pick<ModelPrice, "input" | "output">, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}
