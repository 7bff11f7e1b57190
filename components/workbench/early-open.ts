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
const reads = new Map<string, { read: Promise<FileDocument>; at: number }>();

/** Past this, an unclaimed early read is dropped: a file opened later is read afresh. */
const EARLY_READ_TTL_MS = 15_000;

const IDE_PATH = /^\/p\/([^/]+)\/?$/;

export function startEarlyLoad(pathname: string, storage: Pick<Storage, "getItem"> | null, fetchImpl?: typeof fetch, now = Date.now()): void {
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
  reads.set(readKey(decodeURIComponent(projectId), active), { read, at: now });
}

/** The early read of this file, once and while fresh; later reads go to the server. */
export function takeEarlyRead(projectId: string, path: string, now = Date.now()): Promise<FileDocument> | undefined {
  for (const [key, early] of reads) if (now - early.at > EARLY_READ_TTL_MS) reads.delete(key);
  const key = readKey(projectId, path);
  const early = reads.get(key);
  reads.delete(key);
  return early?.read;
}

function readKey(projectId: string, path: string): string {
  return `${projectId}\u0000${path}`;
}
