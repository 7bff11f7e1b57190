import type * as MonacoApi from "monaco-editor";

import type { EditorService } from "@/components/monaco/editor-service";
import { modelOptionsFor, textOptionsFor } from "@/components/monaco/editor-settings";
import { EDITOR_FONT, type CodeEditor, type TextModel } from "@/components/monaco/editor-types";
import type { Monaco } from "@/components/monaco/load-monaco";
import { isApplePlatform } from "@/components/ui/kbd";
import { defaultEditorSettings, type EditorSettings } from "@/lib/settings/contract";

import type { AiEditsController } from "./controller";
import type { AiFileView, ProposalHunk } from "./types";

const ZONE_HEIGHT_PX = 26;
// Monaco enum values, inlined so the module holds no runtime Monaco import.
const SCROLL_IMMEDIATE = 1;
const CURSOR_EXPLICIT = 3;

/** Keyboard shortcuts of the proposal view, as Monaco keybindings and as shown on its buttons. */
export function reviewShortcuts(apple: boolean) {
  const mod = apple ? "⌘" : "Ctrl+";
  const shift = apple ? "⇧" : "Shift+";
  const alt = apple ? "⌥" : "Alt+";
  return {
    accept: `${mod}Enter`,
    reject: `${mod}Backspace`,
    acceptAll: `${mod}${shift}Enter`,
    rejectAll: `${mod}${shift}Backspace`,
    next: `${alt}]`,
    previous: `${alt}[`,
  };
}

/**
 * The read-only editor showing the active file's proposal (merged inline diff): a second Monaco
 * editor over the code editor, so its widgets and keybindings never touch the user's editor.
 * Accept/Reject controls sit in a view zone above each undecided hunk.
 */
export class ProposalEditor {
  private editor: CodeEditor | null = null;
  private zoneIds: string[] = [];
  /** Where the zones are (model and hunks): a change here re-lays them out. */
  private zoneKey = "";
  /** What they show (current hunk, enabled or not): a change here only redraws their contents. */
  private zoneStateKey = "";
  private zoneNodes: HTMLElement[] = [];
  private settings: EditorSettings = defaultEditorSettings;
  private zonesFrame = 0;
  /** A model taken off the editor for a big batch of edits, re-attached at `frame` (see applyDetached). */
  private detached: { model: TextModel; frame: number } | null = null;

  constructor(
    private readonly controller: AiEditsController,
    private readonly service: EditorService,
  ) {}

  mount(container: HTMLElement): () => void {
    let disposed = false;
    const detach = this.controller.attachProposalEditor(this);
    const stopActive = this.service.store.subscribe((state, previous) => {
      if (state.activePath !== previous.activePath) this.refresh();
    });
    const stopFiles = this.controller.store.subscribe(() => this.scheduleZones());
    let disposables: MonacoApi.IDisposable[] = [];
    void this.service.monaco().then((monaco) => {
      if (disposed) return;
      const editor = monaco.editor.create(container, {
        ...EDITOR_FONT,
        model: null,
        readOnly: true,
        extraEditorClassName: "wafer-proposal-editor",
        readOnlyMessage: { value: "This is the AI's proposal: accept or reject its changes, or choose “Edit file” to type in the file." },
        automaticLayout: true,
        // The merged view holds old and new lines side by side: it is never valid code.
        renderValidationDecorations: "off",
        // A transient view redrawn every frame while the model writes: only what review needs. The
        // overview ruler marks the changes; minimap, sticky scroll and bracket colouring each cost
        // milliseconds per frame on a large file.
        minimap: { enabled: false, showRegionSectionHeaders: false, showMarkSectionHeaders: false },
        // Each of these asks the editor worker about the model, which then syncs it: every frame's
        // batch of a streaming rewrite was posted to the worker (~0.2 ms each on the main thread,
        // plus the worker's own CPU), hidden or not. Links and colour swatches have no use in a
        // proposal; the minimap's section headers are computed even with the minimap off.
        links: false,
        colorDecorators: false,
        stickyScroll: { enabled: false },
        bracketPairColorization: { enabled: false },
        matchBrackets: "never",
        guides: { bracketPairs: false, indentation: false },
        scrollBeyondLastLine: false,
        padding: { top: 8 },
        renderLineHighlight: "none",
        occurrencesHighlight: "off",
        selectionHighlight: false,
        folding: false,
        lineDecorationsWidth: 12,
        fixedOverflowWidgets: true,
        editContext: false,
      });
      this.editor = editor;
      // Type size, wrapping and tab size follow the user's settings, live, like the code editor.
      const stopSettings = this.service.watchSettings((settings) => {
        this.settings = settings;
        editor.updateOptions(textOptionsFor(settings));
        editor.getModel()?.updateOptions(modelOptionsFor(settings));
      });
      disposables = [
        ...this.addActions(editor, monaco),
        editor.onDidChangeCursorPosition((event) => this.onCursor(event)),
        { dispose: stopSettings },
      ];
      this.refresh();
    });
    return () => {
      disposed = true;
      cancelAnimationFrame(this.zonesFrame);
      this.zonesFrame = 0;
      if (this.detached) cancelAnimationFrame(this.detached.frame);
      this.detached = null;
      detach();
      stopActive();
      stopFiles();
      disposables.forEach((d) => d.dispose());
      this.editor?.setModel(null);
      this.editor?.dispose();
      this.editor = null;
      this.zoneIds = [];
      this.zoneKey = "";
      this.zoneStateKey = "";
      this.zoneNodes = [];
    };
  }

  /** Shows the active file's proposal model (or none) and its hunk controls. */
  refresh(): void {
    const editor = this.editor;
    if (!editor) return;
    const model = this.controller.shownModel(this.service.state.activePath);
    if (this.detached) {
      if (this.detached.model === model) return;
      cancelAnimationFrame(this.detached.frame);
      this.detached = null;
    }
    if (editor.getModel() !== model) {
      // Hiding the proposal (review done, or "Edit file") hands the keyboard to the file's editor.
      const hadFocus = editor.hasTextFocus();
      this.clearZones();
      model?.updateOptions(modelOptionsFor(this.settings));
      editor.setModel(model);
      if (hadFocus && !model) this.service.focusEditor();
    }
    this.renderZones();
  }

  /**
   * Runs `apply` (a big batch of edits on `model`) with the model off the editor, and puts it back
   * with its scroll position in the next frame: the edits cost a few ms instead of a long task,
   * and attaching is one render of its own (./frame-budget.ts).
   */
  applyDetached(model: TextModel, apply: () => void): void {
    const editor = this.editor;
    if (!editor || editor.getModel() !== model) return apply();
    const viewState = editor.saveViewState();
    const hadFocus = editor.hasTextFocus();
    this.clearZones();
    editor.setModel(null);
    apply();
    const frame = requestAnimationFrame(() => {
      if (this.detached?.frame !== frame) return;
      this.detached = null;
      if (this.editor !== editor || this.controller.shownModel(this.service.state.activePath) !== model || model.isDisposed()) {
        this.refresh();
        return;
      }
      editor.setModel(model);
      if (viewState) editor.restoreViewState(viewState);
      if (hadFocus) editor.focus();
      // Hunk controls in the frame after: laying out a hundred zones is work of its own.
      this.scheduleZones({ restart: true });
    });
    this.detached = { model, frame };
  }

  follow(model: TextModel, line: number): void {
    if (this.editor?.getModel() === model) this.editor.revealLineInCenterIfOutsideViewport(line, SCROLL_IMMEDIATE);
  }

  focus(): void {
    this.editor?.focus();
  }

  private activeView(): AiFileView | null {
    const path = this.service.state.activePath;
    return path ? (this.controller.state.files[path] ?? null) : null;
  }

  private addActions(editor: CodeEditor, monaco: Monaco): MonacoApi.IDisposable[] {
    const { KeyMod, KeyCode } = monaco;
    const onPath = (run: (path: string) => void) => () => {
      const path = this.service.state.activePath;
      if (path) run(path);
    };
    const move = (delta: number) => onPath((path) => this.controller.moveCurrent(path, delta));
    return [
      editor.addAction({
        id: "wafer.ai.acceptHunk",
        label: "AI Review: Accept Change",
        keybindings: [KeyMod.CtrlCmd | KeyCode.Enter],
        run: onPath((path) => void this.controller.decideCurrent(path, "accepted")),
      }),
      editor.addAction({
        id: "wafer.ai.rejectHunk",
        label: "AI Review: Reject Change",
        keybindings: [KeyMod.CtrlCmd | KeyCode.Backspace],
        run: onPath((path) => void this.controller.decideCurrent(path, "rejected")),
      }),
      editor.addAction({
        id: "wafer.ai.acceptFile",
        label: "AI Review: Accept All Changes in File",
        keybindings: [KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.Enter],
        run: onPath((path) => void this.controller.accept(path)),
      }),
      editor.addAction({
        id: "wafer.ai.rejectFile",
        label: "AI Review: Reject All Changes in File",
        keybindings: [KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.Backspace],
        run: onPath((path) => void this.controller.reject(path)),
      }),
      editor.addAction({ id: "wafer.ai.nextHunk", label: "AI Review: Next Change", keybindings: [KeyMod.Alt | KeyCode.BracketRight], run: move(1) }),
      editor.addAction({ id: "wafer.ai.previousHunk", label: "AI Review: Previous Change", keybindings: [KeyMod.Alt | KeyCode.BracketLeft], run: move(-1) }),
    ];
  }

  /** A click or arrow key into a hunk makes it the one the shortcuts act on. */
  private onCursor(event: MonacoApi.editor.ICursorPositionChangedEvent): void {
    if (event.reason !== CURSOR_EXPLICIT) return;
    const view = this.activeView();
    const line = event.position.lineNumber;
    const hunk = view?.hunks.find((h) => line >= h.startLine && line <= h.endLine);
    if (view && hunk) this.controller.setCurrent(view.path, hunk.id);
  }

  reveal(hunk: ProposalHunk): void {
    const editor = this.editor;
    if (!editor) return;
    editor.revealLinesInCenterIfOutsideViewport(Math.max(1, hunk.startLine - 1), hunk.endLine, SCROLL_IMMEDIATE);
    editor.setPosition({ lineNumber: hunk.startLine, column: 1 });
  }

  /**
   * Hunk controls follow the review state once per frame: a review of a large rewrite lands in
   * several store updates, and laying out its zones inside that task would make it a long one.
   * `restart` moves a pending run to the next frame.
   */
  private scheduleZones({ restart = false }: { restart?: boolean } = {}): void {
    if (restart && this.zonesFrame) {
      cancelAnimationFrame(this.zonesFrame);
      this.zonesFrame = 0;
    }
    this.zonesFrame ||= requestAnimationFrame(() => {
      this.zonesFrame = 0;
      this.renderZones();
    });
  }

  private clearZones(): void {
    const editor = this.editor;
    if (editor && this.zoneIds.length > 0) {
      const ids = this.zoneIds;
      editor.changeViewZones((accessor) => ids.forEach((id) => accessor.removeZone(id)));
    }
    this.zoneIds = [];
    this.zoneKey = "";
    this.zoneStateKey = "";
    this.zoneNodes = [];
  }

  private renderZones(): void {
    const editor = this.editor;
    if (!editor) return;
    const view = this.activeView();
    const show = editor.getModel() !== null && view?.phase === "review" && view.showProposal;
    const key = show ? JSON.stringify([editor.getModel()!.uri.toString(), view.hunks]) : "";
    const stateKey = show ? JSON.stringify([view.current, view.ready, view.busy]) : "";
    if (key === this.zoneKey) {
      // Same hunks in the same places: redraw the controls in their zones, without a re-layout
      // (which costs a long task on a file with a hundred hunks).
      if (stateKey !== this.zoneStateKey && show) this.drawZones(view);
      this.zoneStateKey = stateKey;
      return;
    }
    this.clearZones();
    this.zoneKey = key;
    this.zoneStateKey = stateKey;
    if (!show) return;
    editor.changeViewZones((accessor) => {
      for (const hunk of view.hunks) {
        const domNode = document.createElement("div");
        domNode.dataset.testid = "hunk-controls";
        domNode.dataset.hunkId = hunk.id;
        this.zoneNodes.push(domNode);
        this.zoneIds.push(accessor.addZone({ afterLineNumber: hunk.startLine - 1, heightInPx: ZONE_HEIGHT_PX, domNode }));
      }
    });
    this.drawZones(view);
  }

  private drawZones(view: AiFileView): void {
    const apple = isApplePlatform();
    view.hunks.forEach((hunk, index) => {
      const root = this.zoneNodes[index];
      if (root) this.drawHunkControls(root, view, hunk, index === view.current, apple);
    });
  }

  private drawHunkControls(root: HTMLElement, view: AiFileView, hunk: ProposalHunk, current: boolean, apple: boolean): void {
    const shortcuts = reviewShortcuts(apple);
    root.className = `wafer-ai-hunk${current ? " wafer-ai-hunk-current" : ""}`;
    root.replaceChildren();
    const disabled = !view.ready || view.busy;
    const button = (label: string, shortcut: string, kind: "accept" | "reject", run: () => void) => {
      const element = document.createElement("button");
      element.type = "button";
      element.className = `wafer-ai-hunk-button wafer-ai-hunk-${kind}`;
      element.dataset.testid = `hunk-${kind}`;
      element.disabled = disabled;
      element.title = disabled && !view.ready ? "Wait for the AI to finish its answer" : `${label} this change (${shortcut})`;
      element.textContent = label;
      if (current) {
        const kbd = document.createElement("kbd");
        kbd.textContent = shortcut;
        element.append(kbd);
      }
      element.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        run();
      });
      return element;
    };
    root.append(
      button("Accept", shortcuts.accept, "accept", () => void this.controller.accept(view.path, [hunk.id])),
      button("Reject", shortcuts.reject, "reject", () => void this.controller.reject(view.path, [hunk.id])),
    );
    const stats = document.createElement("span");
    stats.className = "wafer-ai-hunk-stats";
    stats.textContent = [hunk.added ? `+${hunk.added}` : "", hunk.removed ? `−${hunk.removed}` : ""].filter(Boolean).join(" ");
    root.append(stats);
    if (hunk.conflict) {
      const conflict = document.createElement("span");
      conflict.className = "wafer-ai-hunk-conflict";
      conflict.textContent = "Overlaps your edits";
      conflict.title = "You changed these lines too; accepting asks whether to keep yours or use the AI's.";
      root.append(conflict);
    }
  }
}
