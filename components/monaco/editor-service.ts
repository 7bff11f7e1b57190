import type * as MonacoApi from "monaco-editor";
import { createStore, type StoreApi } from "zustand/vanilla";

import type { FileDocument, FileEntry } from "@/lib/files/contract";

import { PLAIN_TEXT, resolveLanguage, type ResolvedLanguage } from "./languages";
import { loadMonaco, monacoThemeFor, type Monaco, type ResolvedTheme } from "./load-monaco";
import { isSameOrInside, remapPath } from "./paths";
import {
  EDITOR_FONT,
  initialEditorState,
  type CodeEditor,
  type CursorState,
  type EditOperation,
  type EditorContribution,
  type EditorServiceOptions,
  type EditorState,
  type OpenDocument,
  type OpenFileState,
  type TextModel,
} from "./editor-types";
import { SaveQueue, type SaveSnapshot } from "./save-queue";

function pathToUri(monaco: Monaco, path: string): MonacoApi.Uri {
  return monaco.Uri.from({ scheme: "file", path: `/${path}` });
}

/**
 * Owns Monaco for the workbench: one model per open file (URI `file:///<path>`), one code editor
 * that swaps models per tab, per-file save queues with autosave, and the API later features (the AI
 * chat) use to open files and stream edits into them. React sees only `store` (tabs, statuses,
 * cursor); models and editors never enter React state, so typing re-renders nothing but the bits
 * whose visible state changed.
 */
export class EditorService {
  readonly store: StoreApi<EditorState>;
  private monacoApi: Monaco | null = null;
  private editor: CodeEditor | null = null;
  private editorDisposables: MonacoApi.IDisposable[] = [];
  private readonly contributions = new Set<EditorContribution>();
  private readonly docs = new Map<string, OpenDocument>();
  private readonly loading = new Map<string, Promise<OpenDocument | null>>();
  private theme: ResolvedTheme = "light";
  /** Bumped by reset(), so loads started before it do not land in the fresh state. */
  private generation = 0;
  private readonly autosaveDelayMs: number;

  constructor(private readonly options: EditorServiceOptions) {
    this.store = createStore<EditorState>(() => initialEditorState(options.readOnly));
    this.autosaveDelayMs = options.autosaveDelayMs ?? 800;
  }

  // ── Monaco and the editor widget ─────────────────────────────────────────────────────────────

  async monaco(): Promise<Monaco> {
    if (this.monacoApi) return this.monacoApi;
    if (this.state.monaco === "idle") this.store.setState({ monaco: "loading" });
    try {
      const monaco = await loadMonaco();
      this.monacoApi = monaco;
      monaco.editor.setTheme(monacoThemeFor(this.theme));
      this.store.setState({ monaco: "ready" });
      return monaco;
    } catch (error) {
      this.store.setState({ monaco: "failed" });
      throw error;
    }
  }

  getMonaco(): Monaco | null {
    return this.monacoApi;
  }

  /** Creates the code editor in `container`; returns its disposer. Only one is mounted at a time. */
  mountEditor(container: HTMLElement): () => void {
    let disposed = false;
    void this.monaco().then((monaco) => {
      if (disposed) return;
      this.unmountEditor();
      const editor = monaco.editor.create(container, {
        model: null,
        automaticLayout: true,
        readOnly: this.options.readOnly,
        readOnlyMessage: { value: "You have view-only access to this project." },
        ...EDITOR_FONT,
        minimap: { enabled: true, renderCharacters: false, maxColumn: 80 },
        scrollBeyondLastLine: false,
        smoothScrolling: true,
        padding: { top: 8 },
        renderLineHighlight: "all",
        fixedOverflowWidgets: true,
        tabSize: 2,
        // The experimental EditContext input path ignores synthetic key events (automation, some
        // IMEs); the long-standing textarea path handles both.
        editContext: false,
      });
      this.editor = editor;
      this.editorDisposables = [
        editor.onDidChangeCursorSelection(() => this.publishCursor()),
        editor.onDidChangeModel(() => this.publishCursor()),
        ...[...this.contributions].map((contribute) => contribute(editor, monaco)),
      ];
      this.showActiveModel({ focus: false });
    });
    return () => {
      disposed = true;
      this.unmountEditor();
    };
  }

  getActiveEditor(): CodeEditor | null {
    return this.editor;
  }

  /** Adds `contribute` to the mounted editor and every one mounted later; returns its remover. */
  contributeToEditor(contribute: EditorContribution): () => void {
    this.contributions.add(contribute);
    const editor = this.editor;
    const current = editor && this.monacoApi ? contribute(editor, this.monacoApi) : null;
    if (current) this.editorDisposables.push(current);
    return () => {
      this.contributions.delete(contribute);
      if (current && this.editor === editor) {
        current.dispose();
        this.editorDisposables = this.editorDisposables.filter((disposable) => disposable !== current);
      }
    };
  }

  setTheme(theme: ResolvedTheme): void {
    this.theme = theme;
    this.monacoApi?.editor.setTheme(monacoThemeFor(theme));
  }

  focusEditor(): void {
    this.editor?.focus();
  }

  // ── Tabs ─────────────────────────────────────────────────────────────────────────────────────

  get state(): EditorState {
    return this.store.getState();
  }

  getModel(path: string): TextModel | null {
    return this.docs.get(path)?.model ?? null;
  }

  isOpen(path: string): boolean {
    return this.state.tabs.includes(path);
  }

  /** Opens `path` in a tab (loading it if needed) and resolves with its model, or null if it failed. */
  async openFile(path: string, { activate = true, focus = true }: { activate?: boolean; focus?: boolean } = {}): Promise<TextModel | null> {
    const existing = this.docs.get(path);
    if (existing) {
      if (activate) this.activate(path, { focus });
      return existing.model;
    }
    let pending = this.loading.get(path);
    if (!pending) {
      this.addTab(path);
      const loading = this.load(path);
      this.loading.set(path, loading);
      void loading.finally(() => {
        if (this.loading.get(path) === loading) this.loading.delete(path);
      });
      pending = loading;
    }
    if (activate) this.activate(path, { focus });
    const doc = await pending;
    if (doc && activate && this.state.activePath === path) this.showActiveModel({ focus });
    return doc?.model ?? null;
  }

  /**
   * Opens a tab for a file that does not exist yet (an AI proposal to create it). The tab has no
   * model; `openFile` loads the file once it exists, and closing the tab just drops it.
   */
  openPlaceholderTab(path: string, { activate = true }: { activate?: boolean } = {}): void {
    if (!this.isOpen(path)) {
      this.addTab(path);
      this.updateFile(path, { loading: false });
    }
    if (activate) this.activate(path, { focus: false });
  }

  activate(path: string, { focus = true }: { focus?: boolean } = {}): void {
    if (!this.isOpen(path)) return;
    if (this.state.activePath !== path) {
      this.rememberViewState();
      this.store.setState({ activePath: path });
    }
    this.showActiveModel({ focus });
  }

  /** Closes a tab; with unsaved changes asks first (unless `force`). Resolves false if it stayed open. */
  async closeFile(path: string, { force = false }: { force?: boolean } = {}): Promise<boolean> {
    const doc = this.docs.get(path);
    if (doc?.queue && !force) {
      this.cancelAutosave(doc);
      if (doc.queue.dirty || doc.queue.snapshot().conflict) {
        const choice = (await this.options.confirmClose?.([path])) ?? "cancel";
        if (choice === "cancel") {
          if (doc.queue.dirty) this.scheduleAutosave(doc);
          return false;
        }
        if (choice === "save") {
          const result = await doc.queue.save();
          if (result.status !== "saved") {
            this.activate(path);
            return false;
          }
        }
      }
      await doc.queue.whenIdle();
    }
    this.forget(path);
    return true;
  }

  /** Closes several tabs, asking once about all of their unsaved changes. */
  async closeFiles(paths: string[]): Promise<boolean> {
    const unsaved = paths.filter((path) => this.docs.get(path)?.queue?.dirty);
    if (unsaved.length > 0) {
      const choice = (await this.options.confirmClose?.(unsaved)) ?? "cancel";
      if (choice === "cancel") return false;
      if (choice === "save") {
        const results = await Promise.all(unsaved.map((path) => this.save(path)));
        const failed = unsaved.find((_, index) => results[index]?.status !== "saved");
        if (failed) {
          this.activate(failed);
          return false;
        }
      }
    }
    for (const path of paths) {
      await this.docs.get(path)?.queue?.whenIdle();
      this.forget(path);
    }
    return true;
  }

  moveTab(path: string, toIndex: number): void {
    const tabs = this.state.tabs.filter((tab) => tab !== path);
    tabs.splice(Math.max(0, Math.min(toIndex, tabs.length)), 0, path);
    this.store.setState({ tabs });
  }

  // ── Saving ───────────────────────────────────────────────────────────────────────────────────

  async save(path: string): Promise<SaveSnapshot | null> {
    const doc = this.docs.get(path);
    if (!doc?.queue) return null;
    this.cancelAutosave(doc);
    return doc.queue.save();
  }

  saveActive(): Promise<SaveSnapshot | null> {
    const path = this.state.activePath;
    return path ? this.save(path) : Promise.resolve(null);
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

  /** Conflict: save my buffer over theirs (after the user saw the diff and maybe merged). */
  keepMine(path: string): Promise<SaveSnapshot | null> {
    const doc = this.docs.get(path);
    return doc?.queue ? doc.queue.keepMine() : Promise.resolve(null);
  }

  /** Conflict: replace my buffer with theirs; still undoable with Ctrl+Z. */
  useTheirs(path: string): void {
    const doc = this.docs.get(path);
    doc?.queue?.useTheirs((content) => replaceContent(doc.model, content));
  }

  /** The server version an open file's buffer is based on: what a write of it must name as its base. */
  baseVersion(path: string): number | null {
    return this.docs.get(path)?.queue?.snapshot().baseVersion ?? null;
  }

  /** Resolves when no save of `path` is in flight. */
  whenSaveIdle(path: string): Promise<void> {
    return this.docs.get(path)?.queue?.whenIdle() ?? Promise.resolve();
  }

  /**
   * The buffer (as of `versionId`, by default now) was written to the server as `version` by
   * another writer, e.g. an accepted AI change saved with its review. Hold autosave and wait for
   * `whenSaveIdle` around such a write, so it never races a save.
   */
  markSaved(path: string, version: number, versionId?: number): void {
    this.docs.get(path)?.queue?.markSaved(version, versionId);
  }

  /** Holds autosave for `path` (e.g. while a stream is writing into it); call the result to release. */
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

  // ── Edits (the API the AI features build on) ─────────────────────────────────────────────────

  /** Applies edits as one undo step, without touching the cursor. Returns false if `path` is not open. */
  applyEdits(path: string, edits: EditOperation[]): boolean {
    const model = this.getModel(path);
    if (!model) return false;
    model.pushStackElement();
    model.pushEditOperations([], edits, () => null);
    model.pushStackElement();
    return true;
  }

  // ── Keeping open files in step with the tree ─────────────────────────────────────────────────

  /**
   * Before moving or deleting `prefix` on the server: saves pending edits of open files under it so
   * nothing is lost or written to a path that no longer exists. Returns the paths that could not be
   * saved (conflicts, errors); the caller should not proceed while there are any.
   */
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

  /**
   * After the server moved `from` to `to`: re-homes open tabs (models cannot change URI, so each
   * gets a new model with the same text, language by the new name, dirty state and view state).
   */
  async applyMove(from: string, to: string, entries: readonly FileEntry[]): Promise<void> {
    const monaco = this.monacoApi;
    if (!monaco) return;
    // Tabs still loading are simply closed; reopening them under the new path is one click.
    for (const path of [...this.loading.keys()]) if (isSameOrInside(path, from)) this.forget(path);
    const versions = new Map(entries.map((entry) => [entry.path, entry.version]));
    const renames = new Map<string, string>();
    for (const doc of [...this.docs.values()]) {
      const newPath = remapPath(doc.path, from, to);
      if (newPath === null) continue;
      renames.set(doc.path, newPath);
      const snapshot = doc.queue?.snapshot();
      const oldBase = snapshot?.baseVersion ?? 0;
      const serverVersion = versions.get(newPath);
      // A move bumps the version once at most; anything beyond means someone else also wrote, so
      // keep the old base and let the next save surface a conflict instead of overwriting them.
      const baseVersion = serverVersion === oldBase || serverVersion === oldBase + 1 ? serverVersion : oldBase;
      const viewState = this.state.activePath === doc.path && this.editor ? this.editor.saveViewState() : doc.viewState;
      const content = doc.model.getValue();
      this.disposeDoc(doc);
      const moved = this.createDoc(monaco, newPath, content, { baseVersion, dirty: snapshot?.dirty ?? false });
      moved.viewState = viewState;
    }
    if (renames.size === 0) return;
    const { tabs, activePath, files } = this.state;
    const nextFiles: Record<string, OpenFileState> = {};
    for (const [path, file] of Object.entries(files)) {
      const newPath = renames.get(path) ?? path;
      nextFiles[newPath] = { ...file, ...(this.docs.get(newPath) ? this.fileState(newPath) : {}), path: newPath };
    }
    this.store.setState({
      tabs: tabs.map((path) => renames.get(path) ?? path),
      activePath: activePath ? (renames.get(activePath) ?? activePath) : null,
      files: nextFiles,
    });
    this.showActiveModel({ focus: false });
  }

  /** After a delete on the server: closes tabs under `prefix` without asking (the file is gone). */
  forgetUnder(prefix: string): void {
    for (const path of [...this.state.tabs]) if (isSameOrInside(path, prefix)) this.forget(path);
  }

  /**
   * Another tab or device saved files we have open: quietly take their copy where our buffer is
   * clean. Dirty buffers are left alone; their next save will surface the conflict.
   */
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
        if (fresh && !doc.model.isDisposed()) queue.acceptRemote(fresh, (content) => replaceContent(doc.model, content));
      }),
    );
  }

  /** Disposes every model and the editor; the service can be used again afterwards. */
  reset(): void {
    this.generation++;
    this.unmountEditor();
    for (const doc of [...this.docs.values()]) this.disposeDoc(doc);
    this.loading.clear();
    this.store.setState({ ...initialEditorState(this.options.readOnly), monaco: this.monacoApi ? "ready" : "idle" });
  }

  // ── Internals ────────────────────────────────────────────────────────────────────────────────

  private async load(path: string): Promise<OpenDocument | null> {
    const generation = this.generation;
    try {
      const [monaco, file] = await Promise.all([this.monaco(), this.options.transport.read(path)]);
      // Closed, moved away or reset while loading.
      if (generation !== this.generation || !this.isOpen(path)) return null;
      if (file.kind !== "file") throw new Error(`${path} is a folder.`);
      const doc = this.createDoc(monaco, path, file.content, { baseVersion: file.version, dirty: false });
      this.updateFile(path, { loading: false });
      return doc;
    } catch (error) {
      if (generation !== this.generation) return null;
      const message = error instanceof Error ? error.message : String(error);
      this.forget(path);
      this.options.onProblem?.({ kind: "open-failed", path, message });
      return null;
    }
  }

  private createDoc(monaco: Monaco, path: string, content: string, save: { baseVersion: number; dirty: boolean }): OpenDocument {
    const uri = pathToUri(monaco, path);
    monaco.editor.getModel(uri)?.dispose();
    const language = this.languageFor(path);
    const model = monaco.editor.createModel(content, language.id, uri);
    // Monaco defaults new lines to the OS's EOL (CRLF on Windows) when the text has none to copy;
    // project files are LF unless they already use CRLF.
    if (!content.includes("\r\n")) model.setEOL(monaco.editor.EndOfLineSequence.LF);
    const doc: OpenDocument = {
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
        { versionId: () => model.getAlternativeVersionId(), content: () => model.getValue() },
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
    this.updateFile(path, { language, ...(doc.queue ? snapshotFields(doc.queue.snapshot()) : {}) });
    return doc;
  }

  private onSnapshot(path: string, snapshot: SaveSnapshot): void {
    const previous = this.state.files[path];
    this.updateFile(path, snapshotFields(snapshot));
    if (snapshot.status === previous?.status) return;
    if (snapshot.status === "conflict") this.options.onProblem?.({ kind: "conflict", path });
    if (snapshot.status === "error" && snapshot.error) this.options.onProblem?.({ kind: "save-failed", path, message: snapshot.error });
  }

  private scheduleAutosave(doc: OpenDocument): void {
    this.cancelAutosave(doc);
    if (doc.autosaveHolds > 0 || !doc.queue) return;
    doc.autosaveTimer = setTimeout(() => {
      doc.autosaveTimer = undefined;
      void doc.queue?.save();
    }, this.autosaveDelayMs);
  }

  private cancelAutosave(doc: OpenDocument): void {
    if (doc.autosaveTimer !== undefined) clearTimeout(doc.autosaveTimer);
    doc.autosaveTimer = undefined;
  }

  private addTab(path: string): void {
    const { tabs, files } = this.state;
    this.store.setState({
      tabs: tabs.includes(path) ? tabs : [...tabs, path],
      files: {
        ...files,
        [path]: { path, language: this.languageFor(path), loading: true, status: "saved", dirty: false, error: null, conflict: null },
      },
    });
  }

  private forget(path: string): void {
    const doc = this.docs.get(path);
    if (doc) this.disposeDoc(doc);
    const { tabs, activePath, files } = this.state;
    const index = tabs.indexOf(path);
    if (index === -1) return;
    const nextTabs = tabs.filter((tab) => tab !== path);
    const nextFiles = { ...files };
    delete nextFiles[path];
    const nextActive = activePath === path ? (nextTabs[index] ?? nextTabs[index - 1] ?? null) : activePath;
    this.store.setState({ tabs: nextTabs, files: nextFiles, activePath: nextActive });
    if (activePath === path) this.showActiveModel({ focus: false });
  }

  private disposeDoc(doc: OpenDocument): void {
    this.cancelAutosave(doc);
    if (this.editor?.getModel() === doc.model) this.editor.setModel(null);
    doc.disposables.forEach((disposable) => disposable.dispose());
    doc.model.dispose();
    this.docs.delete(doc.path);
  }

  private rememberViewState(): void {
    const active = this.state.activePath;
    const doc = active ? this.docs.get(active) : undefined;
    if (doc && this.editor?.getModel() === doc.model) doc.viewState = this.editor.saveViewState();
  }

  private showActiveModel({ focus }: { focus: boolean }): void {
    const editor = this.editor;
    if (!editor) return;
    const active = this.state.activePath;
    const doc = active ? this.docs.get(active) : undefined;
    if (!doc) {
      if (!active || !this.loading.has(active)) editor.setModel(null);
      return;
    }
    if (editor.getModel() !== doc.model) {
      editor.setModel(doc.model);
      if (doc.viewState) editor.restoreViewState(doc.viewState);
    }
    if (focus) editor.focus();
  }

  private unmountEditor(): void {
    if (!this.editor) return;
    this.rememberViewState();
    this.editorDisposables.forEach((disposable) => disposable.dispose());
    this.editorDisposables = [];
    this.editor.dispose();
    this.editor = null;
    this.store.setState({ cursor: null });
  }

  private publishCursor(): void {
    const selection = this.editor?.getSelection();
    const model = this.editor?.getModel();
    if (!selection || !model) {
      if (this.state.cursor) this.store.setState({ cursor: null });
      return;
    }
    const cursor: CursorState = {
      lineNumber: selection.positionLineNumber,
      column: selection.positionColumn,
      selected: selection.isEmpty() ? 0 : model.getValueLengthInRange(selection),
    };
    const previous = this.state.cursor;
    if (previous && previous.lineNumber === cursor.lineNumber && previous.column === cursor.column && previous.selected === cursor.selected) return;
    this.store.setState({ cursor });
  }

  private languageFor(path: string): ResolvedLanguage {
    return this.monacoApi ? resolveLanguage(path, this.monacoApi.languages.getLanguages()) : PLAIN_TEXT;
  }

  private fileState(path: string): Partial<OpenFileState> {
    const doc = this.docs.get(path);
    return { language: this.languageFor(path), loading: false, ...(doc?.queue ? snapshotFields(doc.queue.snapshot()) : {}) };
  }

  private updateFile(path: string, patch: Partial<OpenFileState>): void {
    const { files } = this.state;
    const current = files[path];
    if (!current) return;
    this.store.setState({ files: { ...files, [path]: { ...current, ...patch } } });
  }
}

function snapshotFields(snapshot: SaveSnapshot): Pick<OpenFileState, "status" | "dirty" | "error" | "conflict"> {
  return { status: snapshot.status, dirty: snapshot.dirty, error: snapshot.error, conflict: snapshot.conflict };
}

/** Whole-buffer replacement as an undoable edit (never setValue, which drops undo history). */
function replaceContent(model: TextModel, content: string): void {
  if (model.getValue() === content) return;
  model.pushStackElement();
  model.pushEditOperations([], [{ range: model.getFullModelRange(), text: content }], () => null);
  model.pushStackElement();
}

