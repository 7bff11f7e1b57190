import { z } from "zod";

import { applyHunks, computeHunks } from "@/lib/edits";
import { checkRelativePath } from "@/lib/edits/paths";

import type { FileProposal } from "./proposals";

const hunkDecisions = ["accepted", "rejected"] as const;
export type HunkDecision = (typeof hunkDecisions)[number];

/** The decision key of a change without hunks (an empty file added or deleted): the file as a whole. */
export const WHOLE_FILE_DECISION = "file";

/**
 * The decision keys a turn's proposals for one file can have: the ids of their hunks, computed the
 * way the review UI computes them (each later proposal against the file plus the earlier proposals'
 * accepted hunks), or the whole-file key when the latest proposal has no hunks. Anything else in a
 * review body names nothing and would only grow the stored decisions.
 */
export function reviewableDecisionKeys(proposals: readonly FileProposal[], decisions: Readonly<Record<string, string>>): Set<string> {
  const keys = new Set<string>();
  const first = proposals[0];
  const latest = proposals.at(-1);
  if (!first || !latest) return keys;
  let base = first.before ?? "";
  let acceptedEarlier = false;
  for (const earlier of proposals.slice(0, -1)) {
    const hunks = computeHunks(base, earlier.after ?? "");
    for (const hunk of hunks) keys.add(hunk.id);
    const accepted = hunks.filter((h) => decisions[h.id] === "accepted").map((h) => h.id);
    acceptedEarlier ||= accepted.length > 0;
    base = applyHunks(base, hunks, accepted);
  }
  const created = first.before === null && !acceptedEarlier;
  const hunks = computeHunks(created ? "" : base, latest.after ?? "");
  for (const hunk of hunks) keys.add(hunk.id);
  if (hunks.length === 0) keys.add(WHOLE_FILE_DECISION);
  return keys;
}

/** A file has at most one hunk per two lines; no review of a file within the size limit needs more. */
export const MAX_DECISIONS_PER_REVIEW = 10_000;

/**
 * One review action on one file of one AI turn: decisions on its hunks and, when anything was
 * accepted, the file's new content written from the version the client saw.
 */
export const reviewBodySchema = z
  .object({
    messageId: z.uuid(),
    path: z.string().refine((p) => checkRelativePath(p).ok, "Invalid file path."),
    decisions: z
      .record(z.string().min(1).max(200), z.enum(hunkDecisions))
      .refine((d) => Object.keys(d).length <= MAX_DECISIONS_PER_REVIEW, "Too many decisions."),
    write: z
      .object({
        content: z.string().nullable(),
        baseVersion: z.number().int().positive().nullable(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ReviewBody = z.infer<typeof reviewBodySchema>;

export interface ReviewResponse {
  path: string;
  /** The file's version after the write; null if deleted or nothing was written. */
  version: number | null;
  decisions: Record<string, HunkDecision>;
}

export interface RestoreResponse {
  files: { path: string; version: number | null }[];
  restoredMessageIds: string[];
}
