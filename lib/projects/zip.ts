import "server-only";

import { zipSync } from "fflate";
import yauzl, { type Entry, type ZipFile } from "yauzl";

import { AppError } from "@/lib/errors";
import {
  FILE_SIZE_LIMIT_BYTES,
  PROJECT_FILE_LIMIT,
  PROJECT_SIZE_LIMIT_BYTES,
} from "@/lib/files/contract";
import { normalizeProjectPath } from "@/lib/files/paths";
import type { NewEntry } from "@/lib/files/service";

export const ZIP_UPLOAD_LIMIT_BYTES = 60 * 1024 * 1024;

/** Folders nobody wants in a browser IDE; skipping them keeps real-world repo zips under the limits. */
const SKIPPED_SEGMENTS = new Set(["__MACOSX", ".git", "node_modules", ".DS_Store", ".next", "__pycache__", ".venv"]);

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

export interface ZipImport {
  entries: NewEntry[];
  skipped: { path: string; reason: "ignored" | "binary" }[];
}

interface PlannedEntry {
  entry: Entry;
  path: string;
  kind: "file" | "folder";
}

const zipError = (message: string) => new AppError("bad_request:zip", { message });
export const NOT_A_ZIP = "That file is not a .zip archive. Choose a .zip file (on most systems: right-click a folder, then Compress).";
const DAMAGED_ZIP = "That .zip file is damaged or incomplete. Try compressing the folder again.";
const UNSAFE_ZIP = "That .zip file contains an unsafe path (pointing outside its folder), so nothing was imported.";

function openZip(buffer: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true }, (error, zip) => {
      // yauzl's wording ("End of central directory record signature not found") means nothing to a
      // user; it goes to the log as the cause.
      if (error || !zip) reject(new AppError("bad_request:zip", { message: NOT_A_ZIP, cause: error }));
      else resolve(zip);
    });
  });
}

/** Reads the central directory only: nothing is decompressed until every entry has passed the checks. */
function readDirectory(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      // Count the directory as we go, so a zip declaring millions of entries is refused early.
      if (entries.length > PROJECT_FILE_LIMIT * 2) {
        zip.close();
        reject(zipError(`The archive has more than ${PROJECT_FILE_LIMIT} entries.`));
        return;
      }
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", (error: Error) => {
      // yauzl refuses `../` and absolute entry names itself; everything else means a broken archive.
      const unsafe = /relative path|absolute path/i.test(error.message);
      reject(new AppError("bad_request:zip", { message: unsafe ? UNSAFE_ZIP : DAMAGED_ZIP, cause: error }));
    });
    zip.readEntry();
  });
}

/** When every entry sits under one folder (a zipped project folder), that folder is dropped. */
function commonRoot(candidates: { name: string; kind: "file" | "folder" }[]): string | null {
  const first = candidates[0]?.name.split("/")[0];
  if (!first) return null;
  const allUnder = candidates.every((c) => (c.name === first ? c.kind === "folder" : c.name.startsWith(`${first}/`)));
  return allUnder ? first : null;
}

export function planZipEntries(entries: Entry[]): { planned: PlannedEntry[]; skipped: ZipImport["skipped"] } {
  const skipped: ZipImport["skipped"] = [];
  const candidates: { entry: Entry; name: string; kind: "file" | "folder" }[] = [];
  for (const entry of entries) {
    const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (mode === S_IFLNK) throw zipError(`The archive contains a symbolic link (${entry.fileName}); links are refused.`);
    if (entry.isEncrypted()) throw zipError(`The archive contains an encrypted entry (${entry.fileName}).`);
    const isFolder = entry.fileName.endsWith("/") || mode === S_IFDIR;
    const name = entry.fileName.replace(/\/+$/, "");
    if (name === "") continue;
    if (name.split("/").some((segment) => SKIPPED_SEGMENTS.has(segment))) {
      if (!isFolder) skipped.push({ path: name, reason: "ignored" });
      continue;
    }
    candidates.push({ entry, name, kind: isFolder ? "folder" : "file" });
  }

  const root = commonRoot(candidates);
  const planned: PlannedEntry[] = [];
  let totalBytes = 0;
  for (const candidate of candidates) {
    const relative = root ? candidate.name.slice(root.length + 1) : candidate.name;
    if (relative === "") continue;
    const normalized = normalizeProjectPath(relative);
    if (!normalized.ok) throw zipError(`Unsafe path in archive: ${JSON.stringify(candidate.entry.fileName)} (${normalized.problem}).`);
    if (candidate.kind === "file") {
      if (candidate.entry.uncompressedSize > FILE_SIZE_LIMIT_BYTES) {
        throw zipError(`${normalized.path} is larger than the 1 MiB file limit.`);
      }
      totalBytes += candidate.entry.uncompressedSize;
    }
    planned.push({ entry: candidate.entry, path: normalized.path, kind: candidate.kind });
  }
  if (planned.length > PROJECT_FILE_LIMIT) throw zipError(`The archive has ${planned.length} entries; a project holds at most ${PROJECT_FILE_LIMIT}.`);
  if (totalBytes > PROJECT_SIZE_LIMIT_BYTES) throw zipError("The archive expands to more than the 50 MiB project limit.");
  // Folders implied by files need no row of their own.
  const implied = new Set(planned.filter((p) => p.kind === "file").flatMap((p) => prefixes(p.path)));
  return { planned: planned.filter((p) => p.kind === "file" || !implied.has(p.path)), skipped };
}

function prefixes(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("/"));
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(zipError(`Could not read ${entry.fileName}: ${error?.message ?? "no data"}`));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        // validateEntrySizes catches lies too, but only at the end; this stops a bomb mid-stream.
        if (size > FILE_SIZE_LIMIT_BYTES) {
          stream.destroy();
          reject(zipError(`${entry.fileName} expands beyond its declared size.`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on("end", () => resolve(Buffer.concat(chunks)));
      stream.on("error", (streamError: Error) => reject(zipError(`${entry.fileName} is corrupt: ${streamError.message}`)));
    });
  });
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export async function readZipImport(buffer: Buffer): Promise<ZipImport> {
  if (buffer.length > ZIP_UPLOAD_LIMIT_BYTES) throw new AppError("payload_too_large:zip", { message: "The archive is larger than 60 MiB." });
  const zip = await openZip(buffer);
  try {
    const { planned, skipped } = planZipEntries(await readDirectory(zip));
    const entries: NewEntry[] = [];
    for (const item of planned) {
      if (item.kind === "folder") {
        entries.push({ path: item.path, kind: "folder", content: "" });
        continue;
      }
      const text = decodeText(await readEntry(zip, item.entry));
      if (text === null) skipped.push({ path: item.path, reason: "binary" });
      else entries.push({ path: item.path, kind: "file", content: text });
    }
    return { entries, skipped };
  } finally {
    zip.close();
  }
}

function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

export function buildZip(entries: { path: string; kind: "file" | "folder"; content: string }[]): Uint8Array {
  const encoder = new TextEncoder();
  const tree: Record<string, Uint8Array> = {};
  for (const entry of entries) {
    if (entry.kind === "folder") tree[`${entry.path}/`] = new Uint8Array(0);
    else tree[entry.path] = encoder.encode(entry.content);
  }
  return zipSync(tree, { level: 6 });
}
