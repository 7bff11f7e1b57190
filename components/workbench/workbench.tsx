"use client";

import { CircleAlert, Download, FilePlus, Files, FolderPlus, Keyboard, MessageSquare, PanelLeft, PanelRight, RefreshCw, Save, SaveAll, Search, Settings, SunMoon, TextSearch, User, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Group, Panel, Separator, usePanelRef, type Layout } from "react-resizable-panels";

import { AiEditsProvider } from "@/components/ai-edits/ai-edits-context";
import { AiEditsController } from "@/components/ai-edits/controller";
import { inlineEditContribution } from "@/components/ai-edits/inline-edit";
import { ProposalOverlay } from "@/components/ai-edits/proposal-overlay";
import { AiReviewBar } from "@/components/ai-edits/review-bar";
import { AiTabBadge } from "@/components/ai-edits/tab-badge";
import { ChatPane } from "@/components/chat/chat-pane";
import { EditorArea } from "@/components/monaco/editor-area";
import { EditorServiceProvider } from "@/components/monaco/editor-context";
import { EditorService } from "@/components/monaco/editor-service";
import { useTheme } from "@/components/theme/use-theme";
import { ChoiceDialogHost } from "@/components/ui/choice-dialog";
import { isApplePlatform } from "@/components/ui/kbd";
import { toast } from "@/components/ui/toast";
import { exposeOnWindow } from "@/components/test-hooks";
import { Toaster } from "@/components/ui/toaster";
import type { FileEntry } from "@/lib/files/contract";
import type { SaveEditorSettings } from "@/components/settings/editor-settings-form";
import { defaultEditorSettings, type EditorSettings } from "@/lib/settings/contract";

import { CommandPalette } from "./command-palette";
import type { WorkbenchCommand } from "./commands";
import { EmptyState } from "./empty-state";
import { buildTree, findNode, folderForNewEntry } from "./file-tree-model";
import { layoutCookieName, parseLayout, serializeLayoutCookie } from "./layout-cookie";
import { NarrowFold } from "./narrow-fold";
import { fixRequest, type Problem } from "./problems-model";
import { QuickOpen } from "./quick-open";
import { isTextEntryTarget, matchesShortcut, workbenchShortcuts } from "./shortcuts";
import { SettingsDialog } from "./settings-dialog";
import { ShortcutsSheet } from "./shortcuts-sheet";
import { StatusBar } from "./status-bar";
import { rememberTabs } from "./tab-memory";
import { TopBar } from "./top-bar";
import type { ProjectState, SidebarView } from "./project-store";
import { Sidebar } from "./sidebar";
import { WorkbenchContext, type WorkbenchProject } from "./workbench-context";
import { createWorkbenchCore } from "./workbench-core";
import { useSaveOnLeave } from "./use-save-on-leave";

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
  /** The user's editor settings (database), and the action that saves them; absent: defaults, no dialog. */
  settings?: EditorSettings;
  saveSettings?: SaveEditorSettings;
}

const PANEL_IDS = ["files", "editor", "chat"];
const NARROW_QUERY = "(max-width: 1099px)";
const SIDEBAR_NARROW_SIZE = "180px";

const renderTabBadge = (path: string) => <AiTabBadge path={path} />;

/**
 * The IDE page: explorer | editor | (chat), with a top bar and a status bar. Holds no per-keystroke
 * state: Monaco lives in EditorService, tree and overlays in the project store.
 */
export function Workbench({ project, initialEntries, savedLayouts = {}, rightPanel, settings: initialSettings = defaultEditorSettings, saveSettings }: WorkbenchProps) {
  const [core] = useState(() => createWorkbenchCore(project, initialEntries, { defaultEditMode: initialSettings.autoApply ? "auto" : "review" }));
  const [settings, setSettings] = useState(initialSettings);
  const [sheet, setSheet] = useState<"shortcuts" | "settings" | null>(null);
  const router = useRouter();
  const { service, store, actions, editBus, chat, aiEdits, chatHost } = core;
  const { resolved: theme, cyclePreference } = useTheme();
  const sidebar = usePanelRef();
  const chatPanel = usePanelRef();

  const cookieName = layoutCookieName(PANEL_IDS);
  const defaultLayout = useMemo(() => parseLayout(savedLayouts[cookieName], PANEL_IDS), [savedLayouts, cookieName]);

  useEffect(() => service.setTheme(theme), [service, theme]);
  useEffect(() => service.setSettings(settings), [service, settings]);

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

  useSaveOnLeave(service, actions);

  // Narrow windows (under 1100 px) start with the explorer folded away so the editor keeps room
  // beside the chat; Ctrl/Cmd+B brings it back. Crossing the width later does the same once, and
  // widening again brings it back at its width (narrow-fold.ts).
  const [narrowFold] = useState(() => new NarrowFold(SIDEBAR_NARROW_SIZE));
  useEffect(() => {
    const narrow = window.matchMedia(NARROW_QUERY);
    const onChange = () => {
      if (sidebar.current) narrowFold.onWidthChange(narrow.matches, sidebar.current);
    };
    if (narrow.matches) onChange();
    else narrowFold.noteUserWidth(sidebar.current?.getSize().inPixels ?? 0);
    narrow.addEventListener("change", onChange);
    return () => narrow.removeEventListener("change", onChange);
  }, [narrowFold, sidebar]);

  const showSidebar = () => {
    narrowFold.forget();
    const panel = sidebar.current;
    if (!panel?.isCollapsed()) return;
    panel.expand();
    // Folded before it ever had a size (a narrow window), expand() has nothing to restore.
    if (panel.isCollapsed() || panel.getSize().inPixels < 1) panel.resize(SIDEBAR_NARROW_SIZE);
  };
  const toggleSidebar = () => {
    narrowFold.forget();
    if (sidebar.current?.isCollapsed()) showSidebar();
    else sidebar.current?.collapse();
  };
  const revealInExplorer = (path: string) => {
    showView("explorer");
    actions.revealPath(path);
  };
  const showView = (view: SidebarView, focusSelector?: string) => {
    showSidebar();
    store.setState({ sidebar: view });
    if (focusSelector) requestAnimationFrame(() => document.querySelector<HTMLElement>(focusSelector)?.focus());
  };
  const toggleChat = () => {
    const panel = chatPanel.current;
    if (panel?.isCollapsed()) panel.expand();
    else panel?.collapse();
  };
  const fixProblem = async (problem: Problem) => {
    if (chatPanel.current?.isCollapsed()) chatPanel.current.expand();
    const request = fixRequest(problem, service.getModel(problem.path)?.getValue() ?? "");
    const result = await chat.send({ text: request.text, context: request.context });
    if (!result.ok) toast.error("Could not ask the AI", { description: result.error.message });
  };

  // Rebuilt per render, which is rare: the workbench itself re-renders only on theme changes.
  const commands: WorkbenchCommand[] = (() => {
    const toggleOverlay = (overlay: NonNullable<ProjectState["overlay"]>) =>
      store.setState((state) => ({ overlay: state.overlay === overlay ? null : overlay }));
    const newEntry = (kind: "file" | "folder") => {
      showView("explorer");
      const { entries, focused } = store.getState();
      actions.startCreate(kind, folderForNewEntry(focused ? findNode(buildTree(entries), focused) : undefined));
    };
    const icon = (Icon: typeof Save) => <Icon className="size-3.5" />;
    return [
      { id: "file.quickOpen", title: "Go to File…", shortcut: workbenchShortcuts["file.quickOpen"].keys, icon: icon(Search), run: () => toggleOverlay("quick-open") },
      { id: "workbench.commands", title: "Show All Commands", shortcut: workbenchShortcuts["workbench.commands"].keys, hiddenInPalette: true, run: () => toggleOverlay("commands") },
      { id: "workbench.shortcuts", title: "Keyboard Shortcuts", icon: icon(Keyboard), run: () => setSheet("shortcuts") },
      { id: "workbench.settings", title: "Settings: Editor (font, tabs, wrap, minimap, Vim, auto-apply)…", icon: icon(Settings), available: saveSettings !== undefined, run: () => setSheet("settings") },
      { id: "workbench.account", title: "Account…", icon: icon(User), available: saveSettings !== undefined, run: () => router.push("/account") },
      {
        id: "chat.focus",
        title: "Focus Chat",
        shortcut: workbenchShortcuts["chat.focus"].keys,
        icon: icon(MessageSquare),
        run: () => document.querySelector<HTMLTextAreaElement>("textarea[data-chat-input]")?.focus(),
      },
      {
        id: "editor.tabFocus",
        title: "Toggle Tab Key Moves Focus (Ctrl+M in the editor)",
        run: () => {
          const editor = service.getActiveEditor();
          editor?.focus();
          editor?.trigger("palette", "editor.action.toggleTabFocusMode", null);
        },
      },
      {
        id: "file.save",
        title: "Save",
        shortcut: workbenchShortcuts["file.save"].keys,
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
            toast.info("Resolve the conflict first: save yours over theirs, or take theirs.", { id: `conflict-hint-${path}` });
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
        shortcut: workbenchShortcuts["view.toggleExplorer"].keys,
        icon: icon(PanelLeft),
        run: toggleSidebar,
      },
      { id: "view.explorer", title: "Show Explorer", shortcut: "Mod+Shift+E", icon: icon(Files), run: () => showView("explorer", "#sidebar-tab-explorer") },
      { id: "search.find", title: "Search in Files", shortcut: "Mod+Shift+F", icon: icon(TextSearch), run: () => showView("search", "[data-testid=search-query]") },
      { id: "view.problems", title: "Show Problems", shortcut: "Mod+Shift+M", icon: icon(CircleAlert), run: () => showView("problems", "#sidebar-tab-problems") },
      { id: "view.toggleChat", title: "Toggle Chat Pane", shortcut: "Mod+Alt+B", icon: icon(PanelRight), available: rightPanel === undefined, run: toggleChat },
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
      if (!command) {
        // `?` opens the shortcuts sheet, unless it is being typed into a field or the editor.
        if (event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTextEntryTarget(event.target)) {
          event.preventDefault();
          setSheet("shortcuts");
        }
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      command.run();
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, []);

  const onLayoutChanged = (layout: Layout, meta: { isUserInteraction: boolean; requestedLayout?: Layout }) => {
    if (!meta.isUserInteraction) return;
    document.cookie = serializeLayoutCookie(PANEL_IDS, meta.requestedLayout ?? layout);
    narrowFold.noteUserWidth(sidebar.current?.getSize().inPixels ?? 0);
  };

  const separatorClassName =
    "w-px bg-zinc-200 transition-colors dark:bg-zinc-800 data-[separator=active]:bg-sky-500 data-[separator=focus]:bg-sky-500 data-[separator=hover]:bg-sky-500";

  return (
    <WorkbenchContext.Provider value={core}>
      <EditorServiceProvider value={service}>
        <AiEditsProvider value={aiEdits}>
          <div className="flex h-dvh flex-col overflow-hidden bg-white text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100" data-testid="workbench">
            <TopBar onToggleSidebar={toggleSidebar} onToggleChat={toggleChat} />
            {/* One main landmark for the panels; the top bar and status bar are its banner and footer. */}
            <main className="min-h-0 flex-1" aria-label={`Project ${project.name}`}>
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
                  <Sidebar onFixProblem={(problem) => void fixProblem(problem)} />
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
                <Panel
                  id="chat"
                  panelRef={chatPanel}
                  defaultSize="380px"
                  minSize="280px"
                  maxSize="45%"
                  collapsible
                  collapsedSize="0px"
                  groupResizeBehavior="preserve-pixel-size"
                >
                  {rightPanel ?? <ChatPane projectId={project.id} canWrite={project.canWrite} editBus={editBus} controller={chat} {...chatHost} />}
                </Panel>
              </Group>
            </main>
            <StatusBar />
          </div>
          <QuickOpen />
          <CommandPalette commands={commands} />
          <ShortcutsSheet open={sheet === "shortcuts"} onClose={() => setSheet(null)} />
          {saveSettings ? (
            <SettingsDialog open={sheet === "settings"} onClose={() => setSheet(null)} settings={settings} save={saveSettings} onSaved={setSettings} />
          ) : null}
          <ChoiceDialogHost />
          <Toaster />
        </AiEditsProvider>
      </EditorServiceProvider>
    </WorkbenchContext.Provider>
  );
}
