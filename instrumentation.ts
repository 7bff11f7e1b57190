/**
 * Runs once when a server instance starts: stamps requests with their socket address, and pays the
 * tokenizer's table load and the model list fetch up front, so no user's first turn waits on them.
 */
export async function register() {
  // A block, not an early return, so the Edge build drops the Node-only imports.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Per-IP throttles need the socket address, which Next does not pass on (lib/http/client-address).
    const { installPeerAddressStamp } = await import("@/lib/http/client-address");
    installPeerAddressStamp();
    const { warmTokenizer } = await import("@/lib/ai/tokens");
    warmTokenizer();
    const { listModels } = await import("@/lib/ai/models");
    void listModels().catch(() => {});
    // One LISTEN connection per instance, probed now: Stop and live follow are heard from the first turn.
    const { liveHub } = await import("@/lib/live/hub");
    void liveHub()
      .start()
      .catch((error: unknown) => console.error("[live] hub did not start:", error));
  }
}
