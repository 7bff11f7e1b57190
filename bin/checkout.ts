/**
 * The local checkout as a FileSource, confined to one root directory, and the
 * all-or-nothing writer for apply results.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { checkRelativePath, type FileSource } from "../lib/edits/index";

export class CheckoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckoutError";
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export class Checkout implements FileSource {
  readonly root: string;

  constructor(dir: string) {
    try {
      this.root = realpathSync(resolve(dir));
    } catch {
      throw new CheckoutError(`cannot open directory ${dir}`);
    }
    if (!statSync(this.root).isDirectory()) throw new CheckoutError(`${dir} is not a directory`);
  }

  /**
   * The real location of `rel`, following symlinks, refusing anything that resolves
   * outside the root. `followLast: false` resolves only the parent (deleting a
   * symlink removes the link, not its target).
   */
  locate(rel: string, followLast = true): string {
    const checked = checkRelativePath(rel);
    if (!checked.ok) throw new CheckoutError(`refusing ${JSON.stringify(rel)}: ${checked.reason}`);
    const wanted = join(this.root, checked.path);
    const start = followLast ? wanted : dirname(wanted);
    // realpath the deepest existing ancestor; the missing rest cannot hide a symlink.
    let existing = start;
    while (!exists(existing)) existing = dirname(existing);
    let real: string;
    try {
      real = realpathSync(existing);
    } catch {
      throw new CheckoutError(`refusing ${rel}: it is a symlink to nothing`);
    }
    if (real !== this.root && !real.startsWith(this.root + sep)) {
      throw new CheckoutError(`refusing ${rel}: it resolves outside ${this.root}`);
    }
    const resolved = join(real, relative(existing, start));
    return followLast ? resolved : join(resolved, basename(wanted));
  }

  readFile(rel: string): string | null {
    const path = this.locate(rel);
    let bytes: Buffer;
    try {
      if (!statSync(path).isFile()) return null;
      bytes = readFileSync(path);
    } catch {
      return null;
    }
    const text = bytes.toString("utf8");
    // Decoding must be lossless, or writing the text back would corrupt the file.
    if (!Buffer.from(text, "utf8").equals(bytes)) throw new CheckoutError(`refusing ${rel}: not UTF-8 text`);
    return text;
  }

  isDirectory(rel: string): boolean {
    try {
      return statSync(this.locate(rel)).isDirectory();
    } catch (err) {
      if (err instanceof CheckoutError) throw err;
      return false;
    }
  }

  /**
   * Writes every file (temp file + rename, keeping the mode), then deletes; on any
   * failure restores what was already done and rethrows.
   */
  writeAll(files: ReadonlyMap<string, string | null>): void {
    const writes = [...files].filter((e): e is [string, string] => e[1] !== null);
    const deletes = [...files].filter(([, text]) => text === null).map(([rel]) => rel);
    // Resolve everything before touching the disk.
    const planned = [
      ...writes.map(([rel, text]) => ({ path: this.locate(rel), text })),
      ...deletes.map((rel) => ({ path: this.locate(rel, false), text: null })),
    ];
    const undo: (() => void)[] = [];
    try {
      for (const { path, text } of planned) {
        const previous = exists(path) ? readFileSync(path) : null;
        if (text === null) {
          unlinkSync(path);
          undo.push(() => writeFileSync(path, previous!));
          continue;
        }
        const dirs = missingDirectories(dirname(path));
        mkdirSync(dirname(path), { recursive: true });
        undo.push(() => dirs.forEach((dir) => rmdirSync(dir)));
        const temp = join(dirname(path), `.${basename(path)}.wafer-${process.pid}.tmp`);
        try {
          writeFileSync(temp, text);
          if (previous !== null) chmodSync(temp, statSync(path).mode & 0o7777);
          renameSync(temp, path);
        } catch (err) {
          rmSync(temp, { force: true });
          throw err;
        }
        undo.push(() => (previous === null ? unlinkSync(path) : writeFileSync(path, previous)));
      }
    } catch (err) {
      for (const step of undo.reverse()) {
        try {
          step();
        } catch {
          // Best effort: keep undoing the rest.
        }
      }
      throw err;
    }
  }
}

/** Directories `mkdir -p dir` would create, innermost first (the order to remove them). */
function missingDirectories(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !exists(d); d = dirname(d)) missing.push(d);
  return missing;
}
