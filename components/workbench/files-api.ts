import type { SaveOutcome } from "@/components/monaco/save-queue";
import { AppError } from "@/lib/errors";
import type { FileDocument, FileEntry, SaveConflictDetails, SaveFileResponse, TreeResponse } from "@/lib/files/contract";
import { apiFetch, filePathUrl } from "@/lib/http/client";

import { takeEarlyRead } from "./early-open";


/** The workbench's view of the files API for one project. Errors reject as AppError. */
type FileKind = FileEntry["kind"];

export interface FilesApi {
  tree(): Promise<FileEntry[]>;
  read(path: string): Promise<FileDocument>;
  create(path: string, kind: FileKind, content?: string): Promise<FileEntry>;
  /** Never rejects: a save's result, including a conflict with the server's copy, is data. */
  save(path: string, content: string, baseVersion: number): Promise<SaveOutcome>;
  move(path: string, newPath: string): Promise<{ moved: number }>;
  remove(path: string): Promise<void>;
  exportUrl: string;
}

function isSaveConflictDetails(details: unknown): details is SaveConflictDetails {
  const current = (details as SaveConflictDetails | undefined)?.current;
  return typeof current?.content === "string" && typeof current.version === "number" && typeof current.path === "string";
}

export function saveOutcomeFromError(error: unknown): SaveOutcome {
  if (error instanceof AppError && error.type === "conflict" && isSaveConflictDetails(error.details)) {
    return { kind: "conflict", current: error.details.current };
  }
  return { kind: "error", message: error instanceof Error ? error.message : "The save failed." };
}

export function createFilesApi(projectId: string): FilesApi {
  const base = `/api/projects/${encodeURIComponent(projectId)}`;
  return {
    tree: async () => (await apiFetch<TreeResponse>(`${base}/tree`, { cache: "no-store" })).entries,
    read: (path) => takeEarlyRead(projectId, path) ?? apiFetch<FileDocument>(filePathUrl(projectId, path), { cache: "no-store" }),
    create: (path, kind, content) => apiFetch<FileEntry>(`${base}/files`, { method: "POST", json: { path, kind, content } }),
    save: async (path, content, baseVersion) => {
      try {
        const saved = await apiFetch<SaveFileResponse>(filePathUrl(projectId, path), { method: "PUT", json: { content, baseVersion } });
        return { kind: "saved", version: saved.version };
      } catch (error) {
        return saveOutcomeFromError(error);
      }
    },
    move: (path, newPath) => apiFetch<{ moved: number }>(filePathUrl(projectId, path), { method: "PATCH", json: { newPath } }),
    remove: (path) => apiFetch<void>(filePathUrl(projectId, path), { method: "DELETE" }),
    exportUrl: `${base}/export`,
  };
}
