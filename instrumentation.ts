/**
 * Runs once when a server instance starts: pays the tokenizer's table load and the model list
 * fetch up front, so no user's first turn waits on them.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { warmTokenizer } = await import("@/lib/ai/tokens");
  warmTokenizer();
  const { listModels } = await import("@/lib/ai/models");
  void listModels().catch(() => {});
}
