import type { StoreApi } from "zustand/vanilla";

import type { FileDocument, FileEntry } from "@/lib/files/contract";

import type { EditorFileTransport, EditorProblem, EditorState, OpenFileState } from "./editor-types";
import { isSameOrInside } from "./paths";
import { SaveQueue, type SaveSnapshot } from "./save-queue";

/** The slice of a Monaco text model the documents need; tests pass a small fake. */
export interface DocumentModel {
  getValue(): string;
  getAlternativeVersionId(): number;
  onDidChangeContent(listener: () => void): { dispose(): void };
  isDisposed(): boolean;
  dispose(): void;
}

export interface OpenDocument<M extends DocumentModel, V = unknown> {
  path: string;
  model: M;
  queue: SaveQueue | null;
  viewState: V | null;
  autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  autosaveHolds: number;
  disposables: { dispose(): void }[];
}

export interface OpenDocumentsOptions<M extends DocumentModel> {
  store: StoreApi<EditorState>;
  transport: Pick<EditorFileTransport, "save">;
  readOnly: boolean;
  autosaveDelayMs: number;
  onProblem?: (problem: EditorProblem) => void;
  /** Whole-buffer replacement that keeps undo history (taking a remote copy, "use theirs"). */
  replaceContent: (model: M, content: string) => void;
}

/**
 * The open files without the editor widget: one model and save queue per path, autosave, and
 * keeping buffers in step with the server's tree. Publishes each file's save state to `store`.
 */
export class OpenDocuments<M extends DocumentModel, V = unknown> {
  private readonly docs = new Map<string, OpenDocument<M, V>>();

  constructor(private readonly options: OpenDocumentsOptions<M>) {}

  get(path: string): OpenDocument<M, V> | undefined {
    return this.docs.get(path);
  }

  all(): OpenDocument<M, V>[] {
    return [...this.docs.values()];
  }

  /** Registers `model` as the buffer of `path`, with a save queue unless read-only. */
  add(path: string, model: M, save: { baseVersion: number; dirty: boolean }): OpenDocument<M, V> {
    const doc: OpenDocument<M, V> = {
      path,
      model,
      queue: null,
      viewState: null,
      autosaveTimer: undefined,
      autosaveHolds: 0,
      disposables: [],
    };
    if (!this.options.readOnly) {
      doc.queue = new SaveQueue(
        {
          versionId: () => model.getAlternativeVersionId(),
          content: () => model.getValue(),
          replace: (content) => this.options.replaceContent(model, content),
        },
        (text, baseVersion) => this.options.transport.save(path, text, baseVersion),
        save,
        (snapshot) => this.onSnapshot(path, snapshot),
      );
      doc.disposables.push(
        model.onDidChangeContent(() => {
          doc.queue?.touched();
          this.scheduleAutosave(doc);
        }),
      );
    }
    this.docs.set(path, doc);
    return doc;
  }

  /** Stops autosave and disposes the model; the caller detaches it from any editor first. */
  dispose(doc: OpenDocument<M, V>): void {
    this.cancelAutosave(doc);
    doc.disposables.forEach((disposable) => disposable.dispose());
    doc.model.dispose();
    this.docs.delete(doc.path);
  }

  async save(path: string): Promise<SaveSnapshot | null> {
    const doc = this.docs.get(path);
    if (!doc?.queue) return null;
    this.cancelAutosave(doc);
    return doc.queue.save();
  }

  async saveAll(): Promise<void> {
    await Promise.all([...this.docs.keys()].map((path) => this.save(path)));
  }

  hasUnsavedChanges(): boolean {
    for (const doc of this.docs.values()) {
      const snapshot = doc.queue?.snapshot();
      if (snapshot && (snapshot.dirty || snapshot.status === "saving")) return true;
    }
    return false;
  }

  keepMine(path: string): Promise<SaveSnapshot | null> {
    const doc = this.docs.get(path);
    return doc?.queue ? doc.queue.keepMine() : Promise.resolve(null);
  }

  useTheirs(path: string): void {
    const doc = this.docs.get(path);
    doc?.queue?.useTheirs((content) => this.options.replaceContent(doc.model, content));
  }

  baseVersion(path: string): number | null {
    return this.docs.get(path)?.queue?.snapshot().baseVersion ?? null;
  }

  whenSaveIdle(path: string): Promise<void> {
    return this.docs.get(path)?.queue?.whenIdle() ?? Promise.resolve();
  }

  markSaved(path: string, version: number, versionId?: number, content?: string): void {
    this.docs.get(path)?.queue?.markSaved(version, versionId, content);
  }

  holdAutosave(path: string): () => void {
    const doc = this.docs.get(path);
    if (!doc) return () => {};
    doc.autosaveHolds++;
    this.cancelAutosave(doc);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      doc.autosaveHolds--;
      if (doc.autosaveHolds === 0 && doc.queue?.dirty) this.scheduleAutosave(doc);
    };
  }

  /** Saves pending edits of open files under `prefix`; returns the paths that could not be saved. */
  async settle(prefix: string): Promise<string[]> {
    const affected = [...this.docs.values()].filter((doc) => isSameOrInside(doc.path, prefix) && doc.queue);
    const results = await Promise.all(
      affected.map(async (doc) => {
        this.cancelAutosave(doc);
        const snapshot = doc.queue!.dirty ? await doc.queue!.save() : (await doc.queue!.whenIdle(), doc.queue!.snapshot());
        return snapshot.status === "saved" ? null : doc.path;
      }),
    );
    return results.filter((path): path is string => path !== null);
  }

  /** Takes the server's newer copy where our buffer is clean; dirty buffers surface a conflict on save. */
  async syncWithTree(entries: readonly FileEntry[], read: (path: string) => Promise<FileDocument>): Promise<void> {
    const versions = new Map(entries.map((entry) => [entry.path, entry.version]));
    await Promise.all(
      [...this.docs.values()].map(async (doc) => {
        const queue = doc.queue;
        const version = versions.get(doc.path);
        if (!queue || version === undefined) return;
        const snapshot = queue.snapshot();
        if (version <= snapshot.baseVersion || snapshot.dirty || snapshot.status !== "saved") return;
        const fresh = await read(doc.path).catch(() => null);
        if (fresh && !doc.model.isDisposed()) queue.acceptRemote(fresh, (content) => this.options.replaceContent(doc.model, content));
      }),
    );
  }

  scheduleAutosave(doc: OpenDocument<M, V>): void {
    this.cancelAutosave(doc);
    if (doc.autosaveHolds > 0 || !doc.queue) return;
    doc.autosaveTimer = setTimeout(() => {
      doc.autosaveTimer = undefined;
      void doc.queue?.save();
    }, this.options.autosaveDelayMs);
  }

  cancelAutosave(doc: OpenDocument<M, V>): void {
    if (doc.autosaveTimer !== undefined) clearTimeout(doc.autosaveTimer);
    doc.autosaveTimer = undefined;
  }

  /** The save fields of `path`'s tab state, or none if it has no save queue. */
  saveFields(path: string): Partial<OpenFileState> {
    const queue = this.docs.get(path)?.queue;
    return queue ? snapshotFields(queue.snapshot()) : {};
  }

  updateFile(path: string, patch: Partial<OpenFileState>): void {
    const { files } = this.options.store.getState();
    const current = files[path];
    if (!current) return;
    this.options.store.setState({ files: { ...files, [path]: { ...current, ...patch } } });
  }

  private onSnapshot(path: string, snapshot: SaveSnapshot): void {
    const previous = this.options.store.getState().files[path];
    this.updateFile(path, snapshotFields(snapshot));
    if (snapshot.status === previous?.status) return;
    if (snapshot.status === "conflict") this.options.onProblem?.({ kind: "conflict", path });
    if (snapshot.status === "error" && snapshot.error) this.options.onProblem?.({ kind: "save-failed", path, message: snapshot.error });
  }
}

function snapshotFields(snapshot: SaveSnapshot): Pick<OpenFileState, "status" | "dirty" | "error" | "conflict"> {
  return { status: snapshot.status, dirty: snapshot.dirty, error: snapshot.error, conflict: snapshot.conflict };
}

/**
 * The base version of a buffer moved on the server. A move bumps the version once at most; anything
 * beyond means someone else also wrote, so keep the old base and let the next save surface a
 * conflict instead of overwriting them.
 */
export function baseVersionAfterMove(oldBase: number, serverVersion: number | undefined): number {
  return serverVersion === oldBase || serverVersion === oldBase + 1 ? serverVersion : oldBase;
}
