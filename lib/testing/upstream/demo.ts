import { DEMO_RATE, DEMO_TTFT_MS, demoReply } from "@/lib/ai/demo/reply";

import type { ChatRequest, Script } from "./schema";

/** The offline demo model's reply (lib/ai/demo/reply.ts) as a script, so tests can play it with faults. */
export function demoScript(body: ChatRequest): Script {
  const tools = (body.tools ?? []).map((tool) => tool.function.name);
  return { rate: DEMO_RATE, ttftMs: DEMO_TTFT_MS, steps: demoReply(body.messages, tools) };
}
