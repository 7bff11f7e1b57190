"use client";

import { Download, FilePlus, FolderPlus, PanelLeft, RefreshCw, Save, SaveAll, Search, SunMoon, X } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Group, Panel, Separator, usePanelRef, type Layout } from "react-resizable-panels";

import { AiEditsProvider } from "@/components/ai-edits/ai-edits-context";
import { AiEditsController } from "@/components/ai-edits/controller";
import { inlineEditContribution } from "@/components/ai-edits/inline-edit";
import { ProposalOverlay } from "@/components/ai-edits/proposal-overlay";
import { AiReviewBar } from "@/components/ai-edits/review-bar";
import { AiTabBadge } from "@/components/ai-edits/tab-badge";
import { createChatController, type ChatController, type EditorContextSnapshot } from "@/components/chat/chat-controller";
import { ChatPane } from "@/components/chat/chat-pane";
import { EditorArea } from "@/components/editor/editor-area";
import { EditorServiceProvider } from "@/components/editor/editor-context";
import { EditorService } from "@/components/editor/editor-service";
import type { CloseChoice } from "@/components/editor/editor-types";
import { useTheme } from "@/components/theme/use-theme";
import { askChoice, ChoiceDialogHost } from "@/components/ui/choice-dialog";
import { isApplePlatform } from "@/components/ui/kbd";
import { toast } from "@/components/ui/toast";
import { exposeOnWindow } from "@/components/test-hooks";
import { Toaster } from "@/components/ui/toaster";
import { TurnEditBus } from "@/lib/chat/turn-events";
import type { FileEntry } from "@/lib/files/contract";

import { CommandPalette } from "./command-palette";
import type { WorkbenchCommand } from "./commands";
import { EmptyState } from "./empty-state";
import { FileExplorer } from "./file-explorer";
import { baseName, buildTree, findNode, folderForNewEntry } from "./file-tree-model";
import { createFilesApi } from "./files-api";
import { layoutCookieName, parseLayout, serializeLayoutCookie } from "./layout-cookie";
import { createProjectStore, type ProjectState } from "./project-store";
import { QuickOpen } from "./quick-open";
import { matchesShortcut } from "./shortcuts";
import { StatusBar } from "./status-bar";
import { rememberTabs } from "./tab-memory";
import { TopBar } from "./top-bar";
import { createWorkbenchActions } from "./workbench-actions";
import { WorkbenchContext, type WorkbenchContextValue, type WorkbenchProject } from "./workbench-context";

declare global {
  interface Window {
    /** The workbench's editor service, for e2e tests and debugging in devtools. */
    __waferEditor?: EditorService;
    /** AI edits: `pending()`, `stats` (setValueCalls, editBatches, maxBatchMs…), `proposalText(path)`; e2e and benchmarks. */
    __waferAiEdits?: AiEditsController;
  }
}

export interface WorkbenchProps {
  project: WorkbenchProject;
  initialEntries: FileEntry[];
  /** Saved panel layouts from the request's cookies, by cookie name (see layout-cookie.ts). */
  savedLayouts?: Record<string, string>;
  /** The right-hand panel; by default the AI chat pane, wired to this workbench's editor and edit bus. */
  rightPanel?: ReactNode;
}

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

const PANEL_IDS = ["files", "editor", "chat"];

const renderTabBadge = (path: string) => <AiTabBadge path={path} />;

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

interface WorkbenchCore extends WorkbenchContextValue {
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

function createWorkbenchCore(project: WorkbenchProject, initialEntries: FileEntry[]): WorkbenchCore {
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
  const chat = createChatController({ projectId: project.id, canWrite: project.canWrite, editBus });
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

/**
 * The IDE page: explorer | editor | (chat), with a top bar and a status bar. Holds no per-keystroke
 * state: Monaco lives in EditorService, tree and overlays in the project store.
 */
export function Workbench({ project, initialEntries, savedLayouts = {}, rightPanel }: WorkbenchProps) {
  const [core] = useState(() => createWorkbenchCore(project, initialEntries));
  const { service, store, actions, editBus, chat, aiEdits, chatHost } = core;
  const { resolved: theme, cyclePreference } = useTheme();
  const sidebar = usePanelRef();

  const cookieName = layoutCookieName(PANEL_IDS);
  const defaultLayout = useMemo(() => parseLayout(savedLayouts[cookieName], PANEL_IDS), [savedLayouts, cookieName]);

  useEffect(() => service.setTheme(theme), [service, theme]);

  // Models belong to this page: leaving it (or switching projects) disposes them. Tabs of the last
  // visit reopen, and are remembered until then.
  useEffect(() => {
    const unexpose = process.env.WAFER_TEST_HOOKS === "1" ? exposeOnWindow("__waferEditor", service) : () => {};
    const files = new Set(store.getState().entries.filter((entry) => entry.kind === "file").map((entry) => entry.path));
    const forgetTabs = rememberTabs(service, project.id, files);
    return () => {
      forgetTabs();
      unexpose();
      service.reset();
    };
  }, [service, store, project.id]);

  // AI edits follow the chat's turns; pending reviews come back with the session the chat opens, and
  // go away when a restore puts their turn's files back.
  useEffect(() => {
    const disconnect = aiEdits.connect();
    const unexpose = process.env.WAFER_TEST_HOOKS === "1" ? exposeOnWindow("__waferAiEdits", aiEdits) : () => {};
    const stopFollowing = chat.store.subscribe((state, previous) => {
      if (state.sessionId && state.sessionStatus === "idle" && previous.sessionStatus === "loading") {
        const messages = state.order.flatMap((id) => (state.messages[id] ? [state.messages[id]] : []));
        void aiEdits.restorePending({ id: state.sessionId, messages, checkpoints: state.checkpoints });
      }
      if (state.checkpoints !== previous.checkpoints) {
        aiEdits.dropReviews(state.checkpoints.filter((c) => c.restoredAt !== null).map((c) => c.messageId));
      }
    });
    const stopInlineEdit = project.canWrite
      ? service.contributeToEditor(
          inlineEditContribution({
            service,
            bus: editBus,
            send: async ({ text, path, startLine, endLine }) => {
              const result = await chat.send({
                text,
                intent: "inline-edit",
                context: { activeFile: path, selection: { path, startLine, endLine }, openFiles: [path], mentions: [], diagnostics: [] },
              });
              return result.ok ? null : result.error.message;
            },
          }),
        )
      : () => {};
    return () => {
      stopInlineEdit();
      stopFollowing();
      unexpose();
      disconnect();
      chat.dispose();
    };
  }, [aiEdits, chat, editBus, service, project.canWrite]);

  // Never lose work: flush pending saves when the page is hidden, and warn before leaving with
  // unsaved changes. Coming back picks up what other tabs and devices saved meanwhile.
  useEffect(() => {
    let lastRefresh = Date.now();
    const refresh = () => {
      if (Date.now() - lastRefresh < 2000) return;
      lastRefresh = Date.now();
      void actions.refreshTree();
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") void service.saveAll();
      else refresh();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!service.hasUnsavedChanges()) return;
      void service.saveAll();
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [service, actions]);

  const showSidebar = () => {
    if (sidebar.current?.isCollapsed()) sidebar.current.expand();
  };
  const toggleSidebar = () => {
    const panel = sidebar.current;
    if (panel?.isCollapsed()) panel.expand();
    else panel?.collapse();
  };
  const revealInExplorer = (path: string) => {
    showSidebar();
    actions.revealPath(path);
  };

  // Rebuilt per render, which is rare: the workbench itself re-renders only on theme changes.
  const commands: WorkbenchCommand[] = (() => {
    const toggleOverlay = (overlay: NonNullable<ProjectState["overlay"]>) =>
      store.setState((state) => ({ overlay: state.overlay === overlay ? null : overlay }));
    const newEntry = (kind: "file" | "folder") => {
      showSidebar();
      const { entries, focused } = store.getState();
      actions.startCreate(kind, folderForNewEntry(focused ? findNode(buildTree(entries), focused) : undefined));
    };
    const icon = (Icon: typeof Save) => <Icon className="size-3.5" />;
    return [
      { id: "file.quickOpen", title: "Go to File…", shortcut: "Mod+P", icon: icon(Search), run: () => toggleOverlay("quick-open") },
      { id: "workbench.commands", title: "Show All Commands", shortcut: "Mod+Shift+P", hiddenInPalette: true, run: () => toggleOverlay("commands") },
      {
        id: "file.save",
        title: "Save",
        shortcut: "Mod+S",
        icon: icon(Save),
        // Viewers keep the binding so Mod+S explains itself instead of saving the web page.
        hiddenInPalette: !project.canWrite,
        run: () => {
          const path = service.state.activePath;
          if (!path) return;
          if (!project.canWrite) {
            toast.info("This project is read-only for you.");
            return;
          }
          if (service.state.files[path]?.status === "conflict") {
            toast.info("Resolve the conflict first: keep mine or use theirs.", { id: `conflict-hint-${path}` });
            return;
          }
          void service.save(path);
        },
      },
      { id: "file.saveAll", title: "Save All", icon: icon(SaveAll), available: project.canWrite, run: () => void service.saveAll() },
      { id: "file.newFile", title: "New File…", icon: icon(FilePlus), available: project.canWrite, run: () => newEntry("file") },
      { id: "file.newFolder", title: "New Folder…", icon: icon(FolderPlus), available: project.canWrite, run: () => newEntry("folder") },
      {
        id: "editor.closeTab",
        title: "Close Tab",
        icon: icon(X),
        run: () => {
          const path = service.state.activePath;
          if (path) void service.closeFile(path);
        },
      },
      { id: "editor.closeAll", title: "Close All Tabs", run: () => void service.closeFiles([...service.state.tabs]) },
      { id: "view.toggleTheme", title: "Toggle Theme (System, Dark, Light)", icon: icon(SunMoon), run: cyclePreference },
      {
        id: "view.toggleExplorer",
        title: "Toggle Explorer",
        shortcut: "Mod+B",
        icon: icon(PanelLeft),
        run: toggleSidebar,
      },
      {
        id: "explorer.reveal",
        title: "Reveal Active File in Explorer",
        run: () => {
          const path = service.state.activePath;
          if (path) revealInExplorer(path);
        },
      },
      { id: "explorer.refresh", title: "Refresh Explorer", icon: icon(RefreshCw), run: () => void actions.refreshTree() },
      { id: "project.download", title: "Download Project as .zip", icon: icon(Download), run: actions.downloadProject },
    ];
  })();

  // Window-level and in the capture phase, so the shortcuts work while Monaco (which binds some of
  // the same keys) has focus.
  const commandsRef = useRef(commands);
  useEffect(() => {
    commandsRef.current = commands;
  }, [commands]);
  useEffect(() => {
    const apple = isApplePlatform();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing) return;
      // A confirmation dialog is waiting for an answer: leave its keys alone.
      if (document.querySelector("dialog[open]:not([data-palette])")) return;
      const command = commandsRef.current.find(
        (candidate) => candidate.shortcut && candidate.available !== false && matchesShortcut(event, candidate.shortcut, apple),
      );
      if (!command) return;
      event.preventDefault();
      event.stopPropagation();
      command.run();
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, []);

  const onLayoutChanged = (layout: Layout, meta: { isUserInteraction: boolean; requestedLayout?: Layout }) => {
    if (meta.isUserInteraction) document.cookie = serializeLayoutCookie(PANEL_IDS, meta.requestedLayout ?? layout);
  };

  const separatorClassName =
    "w-px bg-zinc-200 transition-colors dark:bg-zinc-800 data-[separator=active]:bg-sky-500 data-[separator=focus]:bg-sky-500 data-[separator=hover]:bg-sky-500";

  return (
    <WorkbenchContext.Provider value={core}>
      <EditorServiceProvider value={service}>
        <AiEditsProvider value={aiEdits}>
          <div className="flex h-dvh flex-col overflow-hidden bg-white text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100" data-testid="workbench">
            <TopBar onToggleSidebar={toggleSidebar} />
            <div className="min-h-0 flex-1">
              <Group orientation="horizontal" id="wafer-workbench" defaultLayout={defaultLayout} onLayoutChanged={onLayoutChanged} className="h-full">
                <Panel
                  id="files"
                  panelRef={sidebar}
                  defaultSize="240px"
                  minSize="160px"
                  maxSize="50%"
                  collapsible
                  collapsedSize="0px"
                  groupResizeBehavior="preserve-pixel-size"
                >
                  <FileExplorer />
                </Panel>
                <Separator className={separatorClassName} />
                <Panel id="editor" minSize="30%">
                  <EditorArea
                    emptyState={<EmptyState canWrite={project.canWrite} />}
                    onRevealInExplorer={revealInExplorer}
                    banner={<AiReviewBar />}
                    overlay={<ProposalOverlay />}
                    renderTabBadge={renderTabBadge}
                  />
                </Panel>
                <Separator className={separatorClassName} />
                <Panel id="chat" defaultSize="380px" minSize="280px" maxSize="60%" groupResizeBehavior="preserve-pixel-size">
                  {rightPanel ?? <ChatPane projectId={project.id} canWrite={project.canWrite} editBus={editBus} controller={chat} {...chatHost} />}
                </Panel>
              </Group>
            </div>
            <StatusBar />
          </div>
          <QuickOpen />
          <CommandPalette commands={commands} />
          <ChoiceDialogHost />
          <Toaster />
        </AiEditsProvider>
      </EditorServiceProvider>
    </WorkbenchContext.Provider>
  );
}
