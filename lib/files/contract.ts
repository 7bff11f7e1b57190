import { z } from "zod";

import { fileKinds, type FileKind } from "@/db/enums";

/**
 * The files API, shared by route handlers (parsing) and the workbench (typing responses).
 * Paths are project-relative, normalised, `/`-separated.
 */
export const FILE_SIZE_LIMIT_BYTES = 1024 * 1024;
export const PROJECT_FILE_LIMIT = 2000;
export const PROJECT_SIZE_LIMIT_BYTES = 50 * 1024 * 1024;
export { MAX_PATH_LENGTH as PATH_MAX_LENGTH } from "@/lib/edits/paths";

export const fileKindSchema = z.enum(fileKinds);

export interface FileEntry {
  path: string;
  kind: FileKind;
  version: number;
  size: number;
  updatedAt: string;
}

export interface FileDocument extends FileEntry {
  content: string;
}

export interface TreeResponse {
  entries: FileEntry[];
}

export interface SaveFileResponse {
  path: string;
  version: number;
  size: number;
  updatedAt: string;
}

/** `details` of a `conflict:files` error on save: the server's copy, so the client can show a diff. */
export interface SaveConflictDetails {
  current: FileDocument;
}

export const createEntryBodySchema = z
  .object({
    path: z.string(),
    kind: fileKindSchema.default("file"),
    content: z.string().default(""),
  })
  .strict();
export type CreateEntryBody = z.input<typeof createEntryBodySchema>;

export const saveFileBodySchema = z
  .object({
    content: z.string(),
    baseVersion: z.number().int().positive(),
  })
  .strict();
export type SaveFileBody = z.infer<typeof saveFileBodySchema>;

export const moveEntryBodySchema = z.object({ newPath: z.string() }).strict();
export type MoveEntryBody = z.infer<typeof moveEntryBodySchema>;
