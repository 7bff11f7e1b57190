import type { SessionDetail, SessionSummary } from "@/lib/chat/contract";
import type { RestoreResponse } from "@/lib/chat/review";
import type { ModelCapabilities } from "@/lib/ai/catalog";
import { apiFetch, apiRequest } from "@/lib/http/client";
import type { SessionUsageView } from "@/lib/usage/report";

/** GET /api/models, as lib/ai/models.ts answers it. */
export interface ModelsListing {
  models: (ModelCapabilities & { toolStream?: "progressive" | "buffered" | null; predictionRefused?: boolean; locked?: boolean })[];
  defaultModel: string;
  endpoint: "cerebras" | "custom" | "demo";
  warning?: string;
  workspace?: { plan: "free" | "pro" | "team"; slug: string; keySource: "wafer" | "workspace" };
}

const sessionUrl = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The chat pane's view of the session and model APIs. Errors reject as AppError. */
export const chatApi = {
  models: (projectId: string) => apiFetch<ModelsListing>(`/api/models?projectId=${encodeURIComponent(projectId)}`, { cache: "no-store" }),
  sessions: async (projectId: string) =>
    (await apiFetch<{ sessions: SessionSummary[] }>(`/api/projects/${encodeURIComponent(projectId)}/sessions`, { cache: "no-store" })).sessions,
  createSession: (projectId: string, title?: string) =>
    apiFetch<SessionSummary>(`/api/projects/${encodeURIComponent(projectId)}/sessions`, { method: "POST", json: title ? { title } : {} }),
  session: (sessionId: string) => apiFetch<SessionDetail>(sessionUrl(sessionId), { cache: "no-store" }),
  usage: (sessionId: string) => apiFetch<SessionUsageView>(`${sessionUrl(sessionId)}/usage`, { cache: "no-store" }),
  renameSession: (sessionId: string, title: string) => apiFetch<{ id: string; title: string }>(sessionUrl(sessionId), { method: "PATCH", json: { title } }),
  deleteSession: (sessionId: string) => apiFetch<void>(sessionUrl(sessionId), { method: "DELETE" }),
  restore: (sessionId: string, messageId: string) =>
    apiFetch<RestoreResponse>(`${sessionUrl(sessionId)}/checkpoints/${encodeURIComponent(messageId)}/restore`, { method: "POST" }),
  /** Stop for a streaming answer (202): the turn's own stream then brings the stored outcome. */
  stopTurn: (sessionId: string, messageId: string) =>
    apiFetch<{ stopping: boolean }>(`${sessionUrl(sessionId)}/turns/${encodeURIComponent(messageId)}/stop`, { method: "POST" }),
  /** The session's accepted edits as a Codex patch; null when there are none yet. */
  patch: async (sessionId: string): Promise<{ text: string; filename: string } | null> => {
    const response = await apiRequest(`${sessionUrl(sessionId)}/patch`, { cache: "no-store", passStatuses: [404] });
    if (response.status === 404) return null;
    const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `wafer-session-${sessionId.slice(0, 8)}.patch`;
    return { text: await response.text(), filename };
  },
};

/** crypto.randomUUID exists only in secure contexts; Wafer may be served over plain http on a LAN. */
export function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
