import type { FileDocument } from "@/lib/files/contract";
import { apiFetch, filePathUrl } from "@/lib/http/client";

import { savedTabsKey } from "./tab-memory";

/**
 * The IDE's first keystroke waits on Monaco (fetched as the IDE's code first runs, editor-area.tsx)
 * and on the file the last visit left active, which the tab memory would only ask for after
 * hydration, behind the chat's first requests. `startEarlyLoad` (called from
 * instrumentation-client.ts, before hydration) reads that file on a full load of an IDE URL; the
 * files API takes the read once instead of sending its own (see `takeEarlyRead`).
 */
const reads = new Map<string, Promise<FileDocument>>();

const IDE_PATH = /^\/p\/([^/]+)\/?$/;

export function startEarlyLoad(pathname: string, storage: Pick<Storage, "getItem"> | null, fetchImpl?: typeof fetch): void {
  const projectId = IDE_PATH.exec(pathname)?.[1];
  if (!projectId) return;
  let active: string | null = null;
  try {
    const saved = JSON.parse(storage?.getItem(savedTabsKey(decodeURIComponent(projectId))) ?? "null") as { active?: unknown } | null;
    if (typeof saved?.active === "string") active = saved.active;
  } catch {
    // Junk or no storage: nothing to read early.
  }
  if (!active) return;
  const read = apiFetch<FileDocument>(filePathUrl(decodeURIComponent(projectId), active), { cache: "no-store", fetch: fetchImpl });
  // Unclaimed (the file is gone from the tree, or the tab memory changed): not an error.
  read.catch(() => {});
  reads.set(readKey(decodeURIComponent(projectId), active), read);
}

/** The early read of this file, once; later reads go to the server. */
export function takeEarlyRead(projectId: string, path: string): Promise<FileDocument> | undefined {
  const key = readKey(projectId, path);
  const read = reads.get(key);
  reads.delete(key);
  return read;
}

function readKey(projectId: string, path: string): string {
  return `${projectId}\u0000${path}`;
}
