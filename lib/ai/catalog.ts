import type { EditChannel } from "@/lib/chat/contract";

/**
 * What Wafer knows about a model's abilities. Abilities are flags here, never guessed from ids.
 * The live list comes from the provider's /models; this table only adds flags to ids it knows,
 * and unknown ids get conservative defaults, so retired or new models never break the picker.
 */
export interface ModelCapabilities {
  id: string;
  label: string;
  contextWindow: number;
  maxOutputTokens: number;
  tools: boolean;
  /** Cerebras Predicted Outputs: `prediction: { type: "content", content }` on the request. */
  predictedOutputs: boolean;
  reasoning: boolean;
  /** Gated to paid plans (entitlements arrive with billing; the flag is read server-side now). */
  premium: boolean;
  /** Served by Wafer's scripted upstream, not a real model. */
  demo: boolean;
  /** Known to need the content channel for edits (its server buffers tool calls); null: decided by what is observed. */
  editChannel: EditChannel | null;
}

export const DEMO_MODEL_ID = "wafer-demo";
export const DEFAULT_MODEL_ID = "gpt-oss-120b";


export const modelCatalog: Record<string, Omit<ModelCapabilities, "id">> = {
  "gpt-oss-120b": {
    label: "GPT-OSS 120B",
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    tools: true,
    predictedOutputs: true,
    reasoning: true,
    premium: false,
    demo: false,
    editChannel: null,
  },
  "zai-glm-4.7": {
    label: "GLM 4.7",
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    tools: true,
    predictedOutputs: false,
    reasoning: true,
    premium: true,
    demo: false,
    editChannel: null,
  },
  "zai-glm-4.6": {
    label: "GLM 4.6",
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    tools: true,
    predictedOutputs: false,
    reasoning: true,
    premium: true,
    demo: false,
    editChannel: null,
  },
  "qwen-3-235b-a22b-instruct-2507": {
    label: "Qwen 3 235B Instruct",
    contextWindow: 131_072,
    maxOutputTokens: 32_768,
    tools: true,
    predictedOutputs: false,
    reasoning: false,
    premium: true,
    demo: false,
    editChannel: null,
  },
  "llama3.1-8b": {
    label: "Llama 3.1 8B",
    contextWindow: 32_768,
    maxOutputTokens: 8_192,
    tools: true,
    predictedOutputs: false,
    reasoning: false,
    premium: false,
    demo: false,
    editChannel: null,
  },
  [DEMO_MODEL_ID]: {
    label: "Demo model (offline)",
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    tools: true,
    predictedOutputs: false,
    reasoning: false,
    premium: false,
    demo: true,
    editChannel: null,
  },
};

/** Unknown ids from /models: usable, but packed conservatively until someone adds their flags. */
const unknownModelDefaults: Omit<ModelCapabilities, "id" | "label"> = {
  contextWindow: 32_768,
  maxOutputTokens: 8_192,
  tools: true,
  predictedOutputs: false,
  reasoning: false,
  premium: false,
  demo: false,
  editChannel: null,
};

export function capabilitiesFor(id: string): ModelCapabilities {
  const entry = modelCatalog[id];
  return entry ? { id, ...entry } : { id, label: id, ...unknownModelDefaults };
}

/** The live ids, in the provider's order, each with its flags. Catalog entries the provider no longer serves are dropped. */
export function mergeCatalog(liveIds: readonly string[]): ModelCapabilities[] {
  const seen = new Set<string>();
  const merged: ModelCapabilities[] = [];
  for (const id of liveIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    merged.push(capabilitiesFor(id));
  }
  return merged;
}
