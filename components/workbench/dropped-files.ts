/** Files and folders dropped from the desktop onto the explorer: collected, decoded, and summarised. */

export interface DroppedFile {
  /** Relative to the drop: `notes.md`, or `folder/sub/file.ts` for a dropped folder. */
  relativePath: string;
  file: File;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Text as stored, or null for what Wafer does not store (binary: NUL bytes or not UTF-8). */
export function decodeDropped(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

export function hasDroppedFiles(data: DataTransfer | null): boolean {
  return data?.types.includes("Files") ?? false;
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    // readEntries answers in batches until an empty one.
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: DroppedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ relativePath: path, file });
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, path, out);
  }
}

/**
 * Everything dropped, folders walked. Must be called during the drop event: the browser empties
 * the DataTransfer afterwards, so its entries are taken synchronously before any await.
 */
export function collectDropped(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...data.items].flatMap((item) => {
    const entry = item.kind === "file" ? item.webkitGetAsEntry?.() : null;
    return entry ? [entry] : [];
  });
  const files = [...data.files];
  return (async () => {
    if (entries.length === 0) return files.map((file) => ({ relativePath: file.name, file }));
    const out: DroppedFile[] = [];
    for (const entry of entries) await walk(entry, "", out);
    return out;
  })();
}

export interface UploadOutcome {
  added: string[];
  binary: string[];
  existing: string[];
  failed: { path: string; message: string }[];
}

/** The toast after a drop: what was added and what was not, and why. */
export function describeUpload(outcome: UploadOutcome): { title: string; description: string | null } {
  const n = outcome.added.length;
  const title = n === 0 ? "No files were added" : `Added ${n} file${n === 1 ? "" : "s"}`;
  const notes = [
    outcome.binary.length ? `${outcome.binary.length} binary file${outcome.binary.length === 1 ? "" : "s"} skipped (Wafer stores text only: ${outcome.binary.slice(0, 3).join(", ")})` : null,
    outcome.existing.length ? `${outcome.existing.length} already existed and ${outcome.existing.length === 1 ? "was" : "were"} left as is (${outcome.existing.slice(0, 3).join(", ")})` : null,
    ...outcome.failed.slice(0, 3).map((f) => `${f.path}: ${f.message}`),
  ].filter(Boolean);
  return { title, description: notes.length ? `${notes.join(". ")}.` : null };
}
