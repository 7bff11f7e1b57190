import { z } from "zod";

import { checkRelativePath } from "@/lib/edits/paths";

const hunkDecisions = ["accepted", "rejected"] as const;
export type HunkDecision = (typeof hunkDecisions)[number];

/**
 * One review action on one file of one AI turn: decisions on its hunks and, when anything was
 * accepted, the file's new content written from the version the client saw.
 */
export const reviewBodySchema = z
  .object({
    messageId: z.uuid(),
    path: z.string().refine((p) => checkRelativePath(p).ok, "Invalid file path."),
    decisions: z.record(z.string().min(1).max(200), z.enum(hunkDecisions)),
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
