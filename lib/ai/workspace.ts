import "server-only";

import { getFileByPath, listFilesByProjectId } from "@/db/queries/files";
import type { TurnFileEntry } from "@/db/queries/sessions";
import { parentDirectories } from "@/lib/edits/paths";
import type { FileSource } from "@/lib/edits/apply";
import type { FileProposal } from "@/lib/chat/proposals";

interface Known {
  content: string | null;
  version: number;
}

/**
 * The project as one chat turn sees it: saved files, plus what earlier tool calls in this turn
 * proposed, so consecutive edits compose. Lives for one request; nothing here outlasts the turn.
 */
export class TurnWorkspace {
  /** Built on a tool's first use, not before the model's first token (a tree can hold 2,000 files). */
  private index: { saved: Map<string, Known>; folders: Set<string> } | null = null;
  /** Proposed text per path this turn (null: deleted). */
  private readonly overlay = new Map<string, string | null>();
  private allLoaded = false;

  constructor(
    private readonly projectId: string,
    private readonly entries: readonly TurnFileEntry[],
  ) {}

  private get saved(): Map<string, Known> {
    return this.built().saved;
  }

  private get folders(): Set<string> {
    return this.built().folders;
  }

  private built(): { saved: Map<string, Known>; folders: Set<string> } {
    if (!this.index) {
      const saved = new Map<string, Known>();
      const folders = new Set<string>();
      for (const entry of this.entries) {
        if (entry.kind === "folder") folders.add(entry.path);
        else saved.set(entry.path, { content: entry.content, version: entry.version });
      }
      this.index = { saved, folders };
    }
    return this.index;
  }

  private async loadSaved(path: string): Promise<Known | null> {
    const known = this.saved.get(path);
    if (!known) return null;
    if (known.content === null) {
      const row = await getFileByPath({ projectId: this.projectId, path });
      if (!row || row.kind !== "file") return null;
      known.content = row.content;
      known.version = row.version;
    }
    return known;
  }

  /** Current text at `path` for this turn, or null if there is no such file. */
  async read(path: string): Promise<string | null> {
    if (this.overlay.has(path)) return this.overlay.get(path) ?? null;
    return (await this.loadSaved(path))?.content ?? null;
  }

  /** The saved version the turn's view of `path` started from (null: not a saved file). */
  async savedState(path: string): Promise<{ content: string; version: number } | null> {
    const known = await this.loadSaved(path);
    return known && known.content !== null ? { content: known.content, version: known.version } : null;
  }

  paths(): string[] {
    const all = new Set<string>([...this.saved.keys()]);
    for (const [path, content] of this.overlay) {
      if (content === null) all.delete(path);
      else all.add(path);
    }
    return [...all].sort();
  }

  isDirectory(path: string): boolean {
    if (this.folders.has(path)) return true;
    return this.paths().some((p) => parentDirectories(p).includes(path));
  }

  /** Loads `paths` so a synchronous FileSource can serve them (lib/edits applies patches synchronously). */
  async sourceFor(paths: string[]): Promise<FileSource> {
    const texts = new Map<string, string | null>();
    for (const path of paths) texts.set(path, await this.read(path));
    const directories = new Set([...this.folders, ...this.paths().flatMap((p) => parentDirectories(p))]);
    return {
      readFile: (path) => texts.get(path) ?? null,
      isDirectory: (path) => directories.has(path),
    };
  }

  /**
   * Records a tool's changes and returns them as proposals. Each proposal is cumulative against the
   * saved file, so when a turn edits a file twice, the later proposal supersedes the earlier one and
   * review always diffs what the user has against where the turn ended.
   */
  async propose(changes: Map<string, string | null>, moves: ReadonlyMap<string, string> = new Map()): Promise<FileProposal[]> {
    const proposals: FileProposal[] = [];
    for (const [path, after] of changes) {
      const saved = await this.savedState(path);
      this.overlay.set(path, after);
      const before = saved?.content ?? null;
      if (before === after) continue;
      proposals.push({ path, before, after, baseVersion: saved?.version ?? null, ...(moves.has(path) ? { moveTo: moves.get(path) } : {}) });
    }
    return proposals;
  }

  /** Every file's text for search: one query on first use, then the overlay on top. */
  async allTexts(): Promise<Map<string, string>> {
    if (!this.allLoaded) {
      const rows = await listFilesByProjectId({ projectId: this.projectId });
      for (const row of rows) {
        if (row.kind === "folder") continue;
        this.saved.set(row.path, { content: row.content, version: row.version });
      }
      this.allLoaded = true;
    }
    const texts = new Map<string, string>();
    for (const path of this.paths()) {
      const text = await this.read(path);
      if (text !== null) texts.set(path, text);
    }
    return texts;
  }
}
