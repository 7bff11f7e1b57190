import type * as MonacoApi from "monaco-editor";
import type { StoreApi } from "zustand/vanilla";

import { defaultEditorSettings, type EditorSettings } from "@/lib/settings/contract";

import { editorOptionsFor, modelOptionsFor, TYPING_OPTIONS } from "./editor-settings";
import { loadMonaco, monacoThemeFor, type Monaco, type ResolvedTheme } from "./load-monaco";
import { EDITOR_FONT, type CodeEditor, type CursorState, type EditorContribution, type EditorState, type TextModel } from "./editor-types";

type ViewState = MonacoApi.editor.ICodeEditorViewState;

/** What the widget needs to know about the open files to show the active one. */
export interface EditorWidgetHost {
  /** The active tab's model and saved view state, once it has loaded. */
  activeDocument(): { model: TextModel; viewState: ViewState | null } | undefined;
  /** The active tab is still loading (keep showing what is there until it lands). */
  activeIsLoading(): boolean;
}

/**
 * Loads Monaco and owns the one code editor that swaps models per tab, its contributions and the
 * cursor it publishes to `store`.
 */
export class EditorWidget {
  private monacoApi: Monaco | null = null;
  private editor: CodeEditor | null = null;
  private editorDisposables: MonacoApi.IDisposable[] = [];
  private readonly contributions = new Set<EditorContribution>();
  private theme: ResolvedTheme = "light";
  private settings: EditorSettings = defaultEditorSettings;
  /** monaco-vim's adapter and its status line while keybindings are "vim". */
  private vim: { dispose(): void; status: HTMLElement } | null = null;
  private vimLoading = false;

  constructor(
    private readonly store: StoreApi<EditorState>,
    private readonly readOnly: boolean,
    private readonly host: EditorWidgetHost,
  ) {}

  private get state(): EditorState {
    return this.store.getState();
  }

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
  mount(container: HTMLElement): () => void {
    let disposed = false;
    void this.monaco().then((monaco) => {
      if (disposed) return;
      this.unmount();
      const editor = monaco.editor.create(container, {
        model: null,
        automaticLayout: true,
        readOnly: this.readOnly,
        readOnlyMessage: { value: "You have view-only access to this project." },
        ...EDITOR_FONT,
        ...editorOptionsFor(this.settings),
        ...TYPING_OPTIONS,
        scrollBeyondLastLine: false,
        padding: { top: 8 },
        renderLineHighlight: "all",
        fixedOverflowWidgets: true,
        detectIndentation: false,
        // The experimental EditContext input path ignores synthetic key events (automation, some
        // IMEs); the long-standing textarea path handles both.
        editContext: false,
      });
      this.editor = editor;
      this.editorDisposables = [
        editor.onDidChangeCursorSelection(() => this.publishCursor()),
        editor.onDidChangeModel(() => {
          this.publishCursor();
          editor.getModel()?.updateOptions(modelOptionsFor(this.settings));
        }),
        ...[...this.contributions].map((contribute) => contribute(editor, monaco)),
      ];
      this.showActiveModel({ focus: false });
      this.syncVim(container);
    });
    return () => {
      disposed = true;
      this.unmount();
    };
  }

  getEditor(): CodeEditor | null {
    return this.editor;
  }

  /** Adds `contribute` to the mounted editor and every one mounted later; returns its remover. */
  contribute(contribute: EditorContribution): () => void {
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

  /** Applies a user's editor settings now and to every editor mounted later. */
  setSettings(settings: EditorSettings): void {
    this.settings = settings;
    const editor = this.editor;
    if (!editor) return;
    editor.updateOptions(editorOptionsFor(settings));
    editor.getModel()?.updateOptions(modelOptionsFor(settings));
    const container = editor.getContainerDomNode();
    this.syncVim(container);
  }

  /** Starts or stops Vim keybindings to match the settings; monaco-vim loads only when first wanted. */
  private syncVim(container: HTMLElement): void {
    const editor = this.editor;
    const wanted = this.settings.keybindings === "vim";
    if (!wanted || !editor) {
      this.stopVim();
      return;
    }
    if (this.vim || this.vimLoading) return;
    this.vimLoading = true;
    void import("monaco-vim").then(({ initVimMode }) => {
      this.vimLoading = false;
      if (this.editor !== editor || this.settings.keybindings !== "vim" || this.vim) return;
      const status = document.createElement("div");
      status.dataset.testid = "vim-status";
      status.className = "absolute right-2 bottom-1 z-10 rounded bg-zinc-800/90 px-2 py-0.5 font-mono text-[11px] text-white";
      container.parentElement?.appendChild(status);
      const adapter = initVimMode(editor, status);
      this.vim = { dispose: () => adapter.dispose(), status };
    });
  }

  private stopVim(): void {
    if (!this.vim) return;
    this.vim.dispose();
    this.vim.status.remove();
    this.vim = null;
  }

  setTheme(theme: ResolvedTheme): void {
    this.theme = theme;
    this.monacoApi?.editor.setTheme(monacoThemeFor(theme));
  }

  focus(): void {
    this.editor?.focus();
  }

  /** Selects `range` in `model` and scrolls it into view once the editor shows that model (it swaps models a frame after a tab activates). */
  async selectWhenShown(model: TextModel, range: { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number }): Promise<void> {
    for (let tries = 0; tries < 10; tries++) {
      const editor = this.editor;
      if (editor && editor.getModel()?.uri.toString() === model.uri.toString()) {
        editor.setSelection(range);
        editor.revealRangeInCenterIfOutsideViewport(range);
        editor.focus();
        return;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  /** The mounted editor's view state, or `fallback` without one. */
  currentViewState(fallback: ViewState | null): ViewState | null {
    return this.editor ? this.editor.saveViewState() : fallback;
  }

  /** Takes `model` out of the editor if it is showing it (before the model is disposed). */
  detach(model: TextModel): void {
    if (this.editor?.getModel() === model) this.editor.setModel(null);
  }

  /** Stores the editor's view state on the active document before another one is shown. */
  rememberViewState(): void {
    const doc = this.host.activeDocument();
    if (doc && this.editor?.getModel() === doc.model) doc.viewState = this.editor.saveViewState();
  }

  showActiveModel({ focus }: { focus: boolean }): void {
    const editor = this.editor;
    if (!editor) return;
    const doc = this.host.activeDocument();
    if (!doc) {
      if (!this.host.activeIsLoading()) editor.setModel(null);
      return;
    }
    if (editor.getModel() !== doc.model) {
      editor.setModel(doc.model);
      if (doc.viewState) editor.restoreViewState(doc.viewState);
    }
    if (focus) editor.focus();
  }

  unmount(): void {
    if (!this.editor) return;
    this.stopVim();
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
}
