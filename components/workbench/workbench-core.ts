import { AiEditsController } from "@/components/ai-edits/controller";
import { createChatController, type ChatController, type EditorContextSnapshot } from "@/components/chat/chat-controller";
import { EditorService } from "@/components/monaco/editor-service";
import type { CloseChoice } from "@/components/monaco/editor-types";
import { askChoice } from "@/components/ui/choice-dialog";
import { toast } from "@/components/ui/toast";
import { TurnEditBus } from "@/lib/chat/turn-events";
import type { EditMode } from "@/lib/chat/contract";
import type { FileEntry } from "@/lib/files/contract";

import { baseName } from "./file-tree-model";
import { createFilesApi } from "./files-api";
import { createProjectStore } from "./project-store";
import { createWorkbenchActions } from "./workbench-actions";
import type { WorkbenchContextValue, WorkbenchProject } from "./workbench-context";

/**
 * The workbench's parts, wired once per page and outside React: the editor service, the project
 * store and its actions, the chat controller, the AI edits controller and the bus between them.
 */
function askToSave(paths: string[]): Promise<CloseChoice> {
  return askChoice<CloseChoice>({
    title: paths.length === 1 ? `Save changes to ${baseName(paths[0]!)}?` : `Save changes to ${paths.length} files?`,
    message: paths.length === 1 ? "Your changes will be lost if you don't save them." : `${paths.join(", ")} have unsaved changes.`,
    cancelValue: "cancel",
    choices: [
      { value: "save", label: "Save", variant: "primary", autoFocus: true },
      { value: "discard", label: "Don't Save", variant: "secondary" },
      { value: "cancel", label: "Cancel", variant: "secondary" },
    ],
  });
}

const MAX_DIAGNOSTICS = 100;
// Monaco's MarkerSeverity values.
const SEVERITY_ERROR = 8;
const SEVERITY_WARNING = 4;

/** What the editor adds to a chat turn: the active file, its selection, open tabs and their problems. */
function editorContextOf(service: EditorService, isFile: (path: string) => boolean): EditorContextSnapshot {
  const { activePath, tabs } = service.state;
  const editor = service.getActiveEditor();
  const model = editor?.getModel();
  const selection = editor?.getSelection();
  const activeFile = activePath && isFile(activePath) ? activePath : undefined;
  const context: EditorContextSnapshot = { openFiles: tabs.filter(isFile), diagnostics: [] };
  if (activeFile) context.activeFile = activeFile;
  if (activeFile && selection && !selection.isEmpty() && model?.uri.scheme === "file") {
    // A selection ending at column 1 ends on the line before.
    const endLine = selection.endColumn === 1 && selection.endLineNumber > selection.startLineNumber ? selection.endLineNumber - 1 : selection.endLineNumber;
    context.selection = { path: activeFile, startLine: selection.startLineNumber, endLine };
  }
  const markers = service.getMonaco()?.editor.getModelMarkers({}) ?? [];
  for (const marker of markers) {
    if (context.diagnostics.length >= MAX_DIAGNOSTICS) break;
    if (marker.resource.scheme !== "file" || marker.severity < SEVERITY_WARNING) continue;
    context.diagnostics.push({
      path: marker.resource.path.slice(1),
      line: marker.startLineNumber,
      severity: marker.severity >= SEVERITY_ERROR ? "error" : "warning",
      message: marker.message.slice(0, 2000),
    });
  }
  return context;
}

export interface WorkbenchCore extends WorkbenchContextValue {
  service: EditorService;
  /** Carries a chat turn's edit events from the chat pane to the editor (one per workbench). */
  editBus: TurnEditBus;
  chat: ChatController;
  aiEdits: AiEditsController;
  /** The chat pane's view of the workbench; stable callbacks. */
  chatHost: {
    filePaths: () => readonly string[];
    editorContext: () => EditorContextSnapshot;
    subscribeEditorContext: (onChange: () => void) => () => void;
    beforeSend: () => Promise<void>;
    onFilesRestored: (paths: string[]) => void;
  };
}

export function createWorkbenchCore(project: WorkbenchProject, initialEntries: FileEntry[], { defaultEditMode }: { defaultEditMode?: EditMode } = {}): WorkbenchCore {
  const api = createFilesApi(project.id);
  const store = createProjectStore(initialEntries);
  const service: EditorService = new EditorService({
    transport: api,
    readOnly: !project.canWrite,
    confirmClose: askToSave,
    onProblem: (problem) => {
      if (problem.kind === "open-failed") toast.error(`Could not open ${problem.path}: ${problem.message}`);
      if (problem.kind === "save-failed") {
        toast.error(`Could not save ${problem.path}: ${problem.message}`, {
          id: `save-${problem.path}`,
          description: "Your changes are kept; the next save retries.",
        });
      }
      // The active file shows the conflict view itself; a background tab needs a pointer to it.
      if (problem.kind === "conflict" && service.state.activePath !== problem.path) {
        toast.warning(`${problem.path} was changed elsewhere.`, {
          id: `conflict-${problem.path}`,
          description: "Nothing was overwritten. Compare both versions and choose.",
          action: { label: "Compare", onClick: () => service.activate(problem.path) },
        });
      }
    },
  });
  const actions = createWorkbenchActions({ api, service, store });
  const isFile = (path: string) => store.getState().entries.some((entry) => entry.path === path && entry.kind === "file");
  const editBus = new TurnEditBus();
  const chat = createChatController({ projectId: project.id, canWrite: project.canWrite, editBus, defaultMode: defaultEditMode });
  const aiEdits = new AiEditsController({
    service,
    bus: editBus,
    canWrite: project.canWrite,
    fileExists: isFile,
    isDirectory: (path) => store.getState().entries.some((entry) => (entry.path === path && entry.kind === "folder") || entry.path.startsWith(`${path}/`)),
    sessionId: () => chat.state.sessionId,
    onFilesChanged: () => void actions.refreshTree(),
    onEditsAccepted: (messageId, paths) => chat.markEditsAccepted(messageId, paths),
  });
  const chatHost: WorkbenchCore["chatHost"] = {
    filePaths: () => store.getState().entries.flatMap((entry) => (entry.kind === "file" ? [entry.path] : [])),
    editorContext: () => editorContextOf(service, isFile),
    subscribeEditorContext: (onChange) => service.store.subscribe(onChange),
    // The server reads saved files: flush every buffer first.
    beforeSend: () => service.saveAll(),
    // A checkpoint restore rewrote files: clean buffers pick up the server's copy with the tree.
    onFilesRestored: () => void actions.refreshTree(),
  };
  return { project, api, store, actions, service, editBus, chat, aiEdits, chatHost };
}

