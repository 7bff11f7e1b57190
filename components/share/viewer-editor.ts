import type * as MonacoApi from "monaco-editor";

import { FrameScheduler } from "@/components/frame-scheduler";
import { resolveLanguage } from "@/components/monaco/languages";
import type { TurnEditEvent } from "@/lib/chat/turn-events";
import { ToolCallPlanner, type EditorBatch, type EditToolName } from "@/lib/edit-planner";

type Monaco = typeof MonacoApi;
const EDIT_TOOLS = new Set<string>(["apply_patch", "write_file"]);

/**
 * The share viewer's read-only Monaco: one model per file, and a live edit streamed into it the way
 * the owner sees it: the same pure planners (lib/edit-planner), drained once per animation frame and
 * applied as edit operations, never setValue per chunk. Nothing here writes anywhere.
 */
export class ViewerEditor {
  private readonly editor: MonacoApi.editor.IStandaloneCodeEditor;
  private readonly models = new Map<string, MonacoApi.editor.ITextModel>();
  private readonly planners = new Map<string, ToolCallPlanner>();
  private readonly decorations: MonacoApi.editor.IEditorDecorationsCollection;
  private readonly frames = new FrameScheduler(() => this.drain(), { fallbackMs: 100 });

  constructor(
    private readonly monaco: Monaco,
    container: HTMLElement,
    private files: Map<string, string>,
    private readonly onOpen: (path: string) => void,
  ) {
    this.editor = monaco.editor.create(container, { readOnly: true, domReadOnly: true, automaticLayout: true, minimap: { enabled: false }, fontSize: 13 });
    this.decorations = this.editor.createDecorationsCollection();
  }

  /** A refreshed view's files: used for files not opened yet (an open one keeps what is shown). */
  setFiles(files: Map<string, string>): void {
    this.files = files;
  }

  open(path: string): void {
    this.editor.setModel(this.modelFor(path, this.files.get(path) ?? ""));
    this.onOpen(path);
  }

  /** The chat's edit events (TurnEditBus), synchronously per chunk: cheap, the work runs per frame. */
  onEditEvent = (event: TurnEditEvent): void => {
    switch (event.type) {
      case "tool-start":
        if (EDIT_TOOLS.has(event.toolName)) {
          this.planners.set(event.toolCallId, new ToolCallPlanner(event.toolName as EditToolName, { readFile: (p) => this.files.get(p) ?? null }));
        }
        break;
      case "tool-delta":
        this.planners.get(event.toolCallId)?.push(event.delta);
        this.frames.schedule();
        break;
      case "tool-input":
        this.planners.get(event.toolCallId)?.end();
        this.frames.schedule();
        break;
      case "tool-error":
        this.planners.get(event.toolCallId)?.abort();
        this.frames.schedule();
        break;
      case "turn-end":
        this.frames.flush();
        this.planners.clear();
        break;
    }
  };

  dispose(): void {
    this.frames.cancel();
    this.editor.dispose();
    for (const model of this.models.values()) model.dispose();
  }

  private modelFor(path: string, text: string): MonacoApi.editor.ITextModel {
    let model = this.models.get(path);
    if (!model) {
      const uri = this.monaco.Uri.from({ scheme: "shared", path: `/${path}` });
      model = this.monaco.editor.createModel(text, resolveLanguage(path, this.monaco.languages.getLanguages()).id, uri);
      this.models.set(path, model);
    }
    return model;
  }

  private drain(): void {
    for (const planner of this.planners.values()) for (const batch of planner.drain()) this.apply(batch);
  }

  private apply(batch: EditorBatch): void {
    const model = this.modelFor(batch.path, batch.start?.initialText ?? this.files.get(batch.path) ?? "");
    // A view's first batch starts from its own text: set once per view, never per chunk.
    if (batch.start && model.getValue() !== batch.start.initialText) model.setValue(batch.start.initialText);
    if (this.editor.getModel() !== model) {
      this.editor.setModel(model);
      this.onOpen(batch.path);
    }
    model.applyEdits(batch.edits.map((e) => ({ range: e.range, text: e.text })));
    this.decorations.set([
      ...batch.decorations.added.map((r) => ({ range: new this.monaco.Range(r.startLineNumber, 1, r.endLineNumber, 1), options: { isWholeLine: true, className: "wafer-ai-added" } })),
      ...batch.decorations.removed.map((r) => ({ range: new this.monaco.Range(r.startLineNumber, 1, r.endLineNumber, 1), options: { isWholeLine: true, className: "wafer-ai-removed" } })),
    ]);
    if (batch.reveal) this.editor.revealLineInCenterIfOutsideViewport(batch.reveal);
  }
}
