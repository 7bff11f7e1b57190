import type { Script } from "@/lib/testing/upstream";

import { E2E_UPSTREAM_PORT } from "./ports";

/** The scripted upstream's control API: what the model will "say" next, and what Wafer sent it. */
const base = `http://127.0.0.1:${E2E_UPSTREAM_PORT}/__control`;

async function control(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`upstream ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export const upstream = {
  queue: (...scripts: Script[]) => control("scripts", { scripts }),
  reset: () => control("reset", {}),
  /** How the scripted model delivers edit tool calls until the next reset. */
  mode: (mode: "progressive" | "buffered" | "content") => control("mode", { mode }),
  /** Workspace keys (bring your own key) the upstream accepts, each with the models it reaches. */
  keys: (keys: Record<string, string[]>) =>
    control("keys", { keys: Object.fromEntries(Object.entries(keys).map(([key, ids]) => [key, ids.map((id) => ({ id, owned_by: "cerebras" }))])) }),
  requests: async () =>
    ((await control("requests")) as {
      requests: { aborted: boolean; outcome: string; headers: { keyLast4: string | null }; body: { model: string; messages: { role: string; content: unknown }[]; tools?: { function: { name: string } }[]; prediction?: { type: string; content: string } } }[];
    })
      .requests,
};
