import type { ReviewBody, ReviewResponse } from "@/lib/chat/review";
import { apiFetch } from "@/lib/http/client";

/**
 * POST /api/sessions/:id/review: records hunk decisions for one file of one AI turn and, with
 * `write`, saves the file from `write.baseVersion` (409 `conflict:files` when stale) together with
 * the turn's checkpoint. Rejects with the server's AppError.
 */
export function postReview(sessionId: string, body: ReviewBody): Promise<ReviewResponse> {
  return apiFetch<ReviewResponse>(`/api/sessions/${encodeURIComponent(sessionId)}/review`, { method: "POST", json: body });
}
