import type * as MonacoApi from "monaco-editor";

import type { EditorService } from "@/components/monaco/editor-service";
import type { CodeEditor, EditorContribution } from "@/components/monaco/editor-types";
import { isApplePlatform } from "@/components/ui/kbd";
import type { TurnEditBus } from "@/lib/chat/turn-events";

interface InlineEditRequest {
  /** What to do with the selection, as the user typed it. */
  text: string;
  path: string;
  startLine: number;
  endLine: number;
}

/**
 * Sends an inline edit as a chat turn (`intent: "inline-edit"`, the selection as context) through
 * the chat pane's pipeline. Resolves with a message when the turn was refused, else null once it ran.
 */
export type InlineEditSender = (request: InlineEditRequest) => Promise<string | null>;

// Monaco's ContentWidgetPositionPreference.ABOVE / BELOW.
const ABOVE = 1;
const BELOW = 2;

/**
 * Ctrl/Cmd+K in the code editor: a small prompt at the selection ("Edit selection…"). Enter sends
 * it; the prompt closes when the AI's answer starts (its edit then streams in like any other).
 * Escape closes it. Ctrl/Cmd+K is a chord prefix in Monaco, so the key is caught before Monaco
 * sees it rather than bound as an action.
 */
export function inlineEditContribution({ service, bus, send }: { service: EditorService; bus: TurnEditBus; send: InlineEditSender }): EditorContribution {
  return (editor) => {
    const widget = new InlineEditWidget(editor, service, bus, send);
    const apple = isApplePlatform();
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = apple ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
      if (!mod || event.shiftKey || event.altKey || event.key.toLowerCase() !== "k") return;
      if (!widget.open()) return;
      event.preventDefault();
      event.stopPropagation();
    };
    const container = editor.getContainerDomNode();
    container.addEventListener("keydown", onKeyDown, true);
    return {
      dispose: () => {
        container.removeEventListener("keydown", onKeyDown, true);
        widget.close({ focusEditor: false });
      },
    };
  };
}

class InlineEditWidget implements MonacoApi.editor.IContentWidget {
  readonly allowEditorOverflow = true;
  private readonly node: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly status: HTMLElement;
  private request: Omit<InlineEditRequest, "text"> | null = null;
  private line = 1;
  private shown = false;
  private focusPending = false;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly editor: CodeEditor,
    private readonly service: EditorService,
    private readonly bus: TurnEditBus,
    private readonly send: InlineEditSender,
  ) {
    this.node = document.createElement("div");
    this.node.className = "wafer-ai-inline";
    this.node.dataset.testid = "inline-edit";
    this.input = document.createElement("input");
    this.input.className = "wafer-ai-inline-input";
    this.input.placeholder = "Edit selection…";
    this.input.setAttribute("aria-label", "Describe the edit to the selected lines");
    this.input.dataset.testid = "inline-edit-input";
    this.status = document.createElement("span");
    this.status.className = "wafer-ai-inline-status";
    this.status.textContent = "Enter to send · Esc to close";
    this.node.append(this.input, this.status);
    // Keys typed here are the prompt's, not the editor's (Monaco listens on its container).
    this.node.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        void this.submit();
      } else if (event.key === "Escape") {
        event.preventDefault();
        this.close({ focusEditor: true });
      }
    });
  }

  getId(): string {
    return "wafer.inlineEdit";
  }

  getDomNode(): HTMLElement {
    return this.node;
  }

  getPosition(): MonacoApi.editor.IContentWidgetPosition {
    return { position: { lineNumber: this.line, column: 1 }, preference: [ABOVE, BELOW] };
  }

  /** The widget is only focusable once Monaco has laid it out. */
  afterRender(): void {
    if (!this.focusPending) return;
    this.focusPending = false;
    this.input.focus();
    this.input.select();
  }

  /** Opens at the selection of a writable project file; false when there is none. */
  open(): boolean {
    const path = this.service.state.activePath;
    const model = this.editor.getModel();
    const selection = this.editor.getSelection();
    if (!path || !model || !selection || model.uri.scheme !== "file" || this.service.state.readOnly) return false;
    // A selection ending at column 1 ends on the line before (whole lines selected with the mouse).
    const endLine = selection.endLineNumber > selection.startLineNumber && selection.endColumn === 1 ? selection.endLineNumber - 1 : selection.endLineNumber;
    this.request = { path, startLine: selection.startLineNumber, endLine };
    this.line = selection.startLineNumber;
    this.setBusy(false, "Enter to send · Esc to close");
    if (this.shown) this.editor.layoutContentWidget(this);
    else this.editor.addContentWidget(this);
    this.shown = true;
    this.focusPending = true;
    return true;
  }

  close({ focusEditor }: { focusEditor: boolean }): void {
    this.stopListening?.();
    this.stopListening = null;
    if (this.shown) this.editor.removeContentWidget(this);
    this.shown = false;
    this.input.value = "";
    if (focusEditor) this.editor.focus();
  }

  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    const request = this.request;
    if (!text || !request || this.input.disabled) return;
    this.setBusy(true, "Sending…");
    // The answer started: its edit streams into the editor from here on.
    this.stopListening = this.bus.subscribe((event) => {
      if (event.type === "turn-start") this.close({ focusEditor: false });
    });
    const error = await this.send({ text, ...request });
    if (error && this.shown) {
      this.stopListening?.();
      this.stopListening = null;
      this.setBusy(false, error);
      this.status.classList.add("wafer-ai-inline-error");
      this.input.focus();
    } else {
      this.close({ focusEditor: false });
    }
  }

  private setBusy(busy: boolean, status: string): void {
    this.input.disabled = busy;
    this.status.textContent = status;
    this.status.classList.remove("wafer-ai-inline-error");
    this.node.classList.toggle("wafer-ai-inline-busy", busy);
  }
}
