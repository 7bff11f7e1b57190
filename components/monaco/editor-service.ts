import type * as MonacoApi from "monaco-editor";
import { createStore, type StoreApi } from "zustand/vanilla";

import type { FileDocument, FileEntry } from "@/lib/files/contract";
import type { EditorSettings } from "@/lib/settings/contract";

import { PLAIN_TEXT, resolveLanguage, type ResolvedLanguage } from "./languages";
import type { Monaco, ResolvedTheme } from "./load-monaco";
import { EditorWidget } from "./editor-widget";
import { applyEditsAsOneStep, createFileModel, replaceContent } from "./monaco-models";
import { baseVersionAfterMove, OpenDocuments, type OpenDocument } from "./open-documents";
import { isSameOrInside, remapPath } from "./paths";
import {
  initialEditorState,
  type CodeEditor,
  type EditOperation,
  type EditorContribution,
  type EditorServiceOptions,
  type EditorState,
  type OpenFileState,
  type TextModel,
} from "./editor-types";
import type { SaveSnapshot } from "./save-queue";
import { SettingsFanout } from "./settings-fanout";
import { withRenamedTabs, withTab, withTabMoved, withoutTab } from "./tab-state";

type Doc = OpenDocument<TextModel, MonacoApi.editor.ICodeEditorViewState>;

/**
 * Owns Monaco for the workbench: one model per open file (URI `file:///<path>`), one code editor
 * that swaps models per tab, per-file save queues with autosave, and the API later features (the AI
 * chat) use to open files and stream edits into them. React sees only `store` (tabs, statuses,
 * cursor); models and editors never enter React state, so typing re-renders nothing but the bits
 * whose visible state changed. Tabs live here; buffers and saving in `OpenDocuments`, the code editor
 * in `EditorWidget`.
 */
export class EditorService {
  readonly store: StoreApi<EditorState>;
  private readonly widget: EditorWidget;
  private readonly docs: OpenDocuments<TextModel, MonacoApi.editor.ICodeEditorViewState>;
  private readonly loading = new Map<string, Promise<Doc | null>>();
  /** Bumped by reset(), so loads started before it do not land in the fresh state. */
  private generation = 0;
  private readonly settings = new SettingsFanout();

  constructor(private readonly options: EditorServiceOptions) {
    this.store = createStore<EditorState>(() => initialEditorState(options.readOnly));
    this.docs = new OpenDocuments({
      store: this.store,
      transport: options.transport,
      readOnly: options.readOnly,
      autosaveDelayMs: options.autosaveDelayMs ?? 800,
      onProblem: (problem) => this.options.onProblem?.(problem),
      replaceContent,
    });
    this.widget = new EditorWidget(this.store, options.readOnly, {
      activeDocument: () => (this.state.activePath ? this.docs.get(this.state.activePath) : undefined),
      activeIsLoading: () => this.state.activePath !== null && this.loading.has(this.state.activePath),
    });
  }

  // ── Monaco and the editor widget ─────────────────────────────────────────────────────────────

  monaco(): Promise<Monaco> {
    return this.widget.monaco();
  }

  getMonaco(): Monaco | null {
    return this.widget.getMonaco();
  }

  /** Creates the code editor in `container`; returns its disposer. Only one is mounted at a time. */
  mountEditor(container: HTMLElement): () => void {
    return this.widget.mount(container);
  }

  getActiveEditor(): CodeEditor | null {
    return this.widget.getEditor();
  }

  /** Adds `contribute` to the mounted editor and every one mounted later; returns its remover. */
  contributeToEditor(contribute: EditorContribution): () => void {
    return this.widget.contribute(contribute);
  }

  /** The user's editor settings (font size, tab size, wrap, minimap, keybindings), applied live. */
  setSettings(settings: EditorSettings): void {
    this.widget.setSettings(settings);
    this.settings.set(settings);
  }

  /**
   * Calls `apply` with the user's settings now and on every change, so the page's other editors
   * (conflict diff, AI proposal view) follow the same source as the code editor. Returns its remover.
   */
  watchSettings(apply: (settings: EditorSettings) => void): () => void {
    return this.settings.watch(apply);
  }

  setTheme(theme: ResolvedTheme): void {
    this.widget.setTheme(theme);
  }

  focusEditor(): void {
    this.widget.focus();
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

  /** Opens `path`, selects line `line`'s columns [start, end) (0-based) and scrolls it into view. */
  async revealAt(path: string, line: number, start = 0, end = start): Promise<void> {
    const model = await this.openFile(path, { activate: true, focus: true });
    if (!model) return;
    await this.widget.selectWhenShown(model, { startLineNumber: line, startColumn: start + 1, endLineNumber: line, endColumn: end + 1 });
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
    if (doc && activate && this.state.activePath === path) this.widget.showActiveModel({ focus });
    return doc?.model ?? null;
  }

  /**
   * Opens a tab for a file that does not exist yet (an AI proposal to create it). The tab has no
   * model; `openFile` loads the file once it exists, and closing the tab just drops it.
   */
  openPlaceholderTab(path: string, { activate = true }: { activate?: boolean } = {}): void {
    if (!this.isOpen(path)) {
      this.addTab(path);
      this.docs.updateFile(path, { loading: false });
    }
    if (activate) this.activate(path, { focus: false });
  }

  activate(path: string, { focus = true }: { focus?: boolean } = {}): void {
    if (!this.isOpen(path)) return;
    if (this.state.activePath !== path) {
      this.widget.rememberViewState();
      this.store.setState({ activePath: path });
    }
    this.widget.showActiveModel({ focus });
  }

  /** Closes a tab; with unsaved changes asks first (unless `force`). Resolves false if it stayed open. */
  async closeFile(path: string, { force = false }: { force?: boolean } = {}): Promise<boolean> {
    const doc = this.docs.get(path);
    if (doc?.queue && !force) {
      this.docs.cancelAutosave(doc);
      if (doc.queue.dirty || doc.queue.snapshot().conflict) {
        const choice = (await this.options.confirmClose?.([path])) ?? "cancel";
        if (choice === "cancel") {
          if (doc.queue.dirty) this.docs.scheduleAutosave(doc);
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
    this.store.setState({ tabs: withTabMoved(this.state.tabs, path, toIndex) });
  }

  // ── Saving ───────────────────────────────────────────────────────────────────────────────────

  save(path: string): Promise<SaveSnapshot | null> {
    return this.docs.save(path);
  }

  saveActive(): Promise<SaveSnapshot | null> {
    const path = this.state.activePath;
    return path ? this.save(path) : Promise.resolve(null);
  }

  saveAll(): Promise<void> {
    return this.docs.saveAll();
  }

  hasUnsavedChanges(): boolean {
    return this.docs.hasUnsavedChanges();
  }

  /** Conflict: save my buffer over theirs (after the user saw the diff and maybe merged). */
  keepMine(path: string): Promise<SaveSnapshot | null> {
    return this.docs.keepMine(path);
  }

  /** Conflict: replace my buffer with theirs; still undoable with Ctrl+Z. */
  useTheirs(path: string): void {
    this.docs.useTheirs(path);
  }

  /** The server version an open file's buffer is based on: what a write of it must name as its base. */
  baseVersion(path: string): number | null {
    return this.docs.baseVersion(path);
  }

  /** Resolves when no save of `path` is in flight. */
  whenSaveIdle(path: string): Promise<void> {
    return this.docs.whenSaveIdle(path);
  }

  /**
   * The buffer (as of `versionId`, by default now) was written to the server as `version` by
   * another writer, e.g. an accepted AI change saved with its review. Hold autosave and wait for
   * `whenSaveIdle` around such a write, so it never races a save.
   */
  markSaved(path: string, version: number, versionId?: number, content?: string): void {
    this.docs.markSaved(path, version, versionId, content);
  }

  /** Holds autosave for `path` (e.g. while a stream is writing into it); call the result to release. */
  holdAutosave(path: string): () => void {
    return this.docs.holdAutosave(path);
  }

  // ── Edits (the API the AI features build on) ─────────────────────────────────────────────────

  /** Applies edits as one undo step, without touching the cursor. Returns false if `path` is not open. */
  applyEdits(path: string, edits: EditOperation[]): boolean {
    const model = this.getModel(path);
    if (!model) return false;
    applyEditsAsOneStep(model, edits);
    return true;
  }

  // ── Keeping open files in step with the tree ─────────────────────────────────────────────────

  /**
   * Before moving or deleting `prefix` on the server: saves pending edits of open files under it so
   * nothing is lost or written to a path that no longer exists. Returns the paths that could not be
   * saved (conflicts, errors); the caller should not proceed while there are any.
   */
  settle(prefix: string): Promise<string[]> {
    return this.docs.settle(prefix);
  }

  /**
   * After the server moved `from` to `to`: re-homes open tabs (models cannot change URI, so each
   * gets a new model with the same text, language by the new name, dirty state and view state).
   */
  async applyMove(from: string, to: string, entries: readonly FileEntry[]): Promise<void> {
    const monaco = this.widget.getMonaco();
    if (!monaco) return;
    // Tabs still loading are simply closed; reopening them under the new path is one click.
    for (const path of [...this.loading.keys()]) if (isSameOrInside(path, from)) this.forget(path);
    const versions = new Map(entries.map((entry) => [entry.path, entry.version]));
    const renames = new Map<string, string>();
    for (const doc of this.docs.all()) {
      const newPath = remapPath(doc.path, from, to);
      if (newPath === null) continue;
      renames.set(doc.path, newPath);
      const snapshot = doc.queue?.snapshot();
      const baseVersion = baseVersionAfterMove(snapshot?.baseVersion ?? 0, versions.get(newPath));
      const viewState = this.state.activePath === doc.path ? this.widget.currentViewState(doc.viewState) : doc.viewState;
      const content = doc.model.getValue();
      this.disposeDoc(doc);
      const moved = this.createDoc(monaco, newPath, content, { baseVersion, dirty: snapshot?.dirty ?? false });
      moved.viewState = viewState;
    }
    if (renames.size === 0) return;
    this.store.setState(withRenamedTabs(this.state, renames, (newPath) => (this.docs.get(newPath) ? this.fileState(newPath) : {})));
    this.widget.showActiveModel({ focus: false });
  }

  /** After a delete on the server: closes tabs under `prefix` without asking (the file is gone). */
  forgetUnder(prefix: string): void {
    for (const path of [...this.state.tabs]) if (isSameOrInside(path, prefix)) this.forget(path);
  }

  /**
   * Another tab or device saved files we have open: quietly take their copy where our buffer is
   * clean. Dirty buffers are left alone; their next save will surface the conflict.
   */
  syncWithTree(entries: readonly FileEntry[], read: (path: string) => Promise<FileDocument>): Promise<void> {
    return this.docs.syncWithTree(entries, read);
  }

  /** Disposes every model and the editor; the service can be used again afterwards. */
  reset(): void {
    this.generation++;
    this.widget.unmount();
    for (const doc of this.docs.all()) this.disposeDoc(doc);
    this.loading.clear();
    this.store.setState({ ...initialEditorState(this.options.readOnly), monaco: this.widget.getMonaco() ? "ready" : "idle" });
  }

  private async load(path: string): Promise<Doc | null> {
    const generation = this.generation;
    try {
      const [monaco, file] = await Promise.all([this.monaco(), this.options.transport.read(path)]);
      // Closed, moved away or reset while loading.
      if (generation !== this.generation || !this.isOpen(path)) return null;
      if (file.kind !== "file") throw new Error(`${path} is a folder.`);
      const doc = this.createDoc(monaco, path, file.content, { baseVersion: file.version, dirty: false });
      this.docs.updateFile(path, { loading: false });
      return doc;
    } catch (error) {
      if (generation !== this.generation) return null;
      const message = error instanceof Error ? error.message : String(error);
      this.forget(path);
      this.options.onProblem?.({ kind: "open-failed", path, message });
      return null;
    }
  }

  private createDoc(monaco: Monaco, path: string, content: string, save: { baseVersion: number; dirty: boolean }): Doc {
    const language = this.languageFor(path);
    const doc = this.docs.add(path, createFileModel(monaco, path, content, language.id), save);
    this.docs.updateFile(path, { language, ...this.docs.saveFields(path) });
    return doc;
  }

  private addTab(path: string): void {
    this.store.setState(withTab(this.state, path, this.languageFor(path)));
  }

  private forget(path: string): void {
    const doc = this.docs.get(path);
    if (doc) this.disposeDoc(doc);
    const { activePath } = this.state, next = withoutTab(this.state, path);
    if (!next) return;
    this.store.setState(next);
    if (activePath === path) this.widget.showActiveModel({ focus: false });
  }

  private disposeDoc(doc: Doc): void {
    this.widget.detach(doc.model);
    this.docs.dispose(doc);
  }

  private languageFor(path: string): ResolvedLanguage {
    const monaco = this.widget.getMonaco();
    return monaco ? resolveLanguage(path, monaco.languages.getLanguages()) : PLAIN_TEXT;
  }

  private fileState(path: string): Partial<OpenFileState> {
    return { language: this.languageFor(path), loading: false, ...this.docs.saveFields(path) };
  }
}
