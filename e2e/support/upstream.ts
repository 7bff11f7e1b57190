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
  requests: async () =>
    ((await control("requests")) as {
      requests: { aborted: boolean; outcome: string; body: { model: string; messages: { role: string; content: unknown }[]; tools?: { function: { name: string } }[] } }[];
    })
      .requests,
};
