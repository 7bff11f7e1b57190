"use client";

import { CircleExclamationPoint, LoaderCircle } from "lucide-react";
import type { ReactNode } from "react";

import { CodeEditor } from "./code-editor";
import { ConflictView } from "./conflict-view";
import { useEditorState } from "./editor-context";
import { EDITOR_PANEL_ID, EditorTabs, tabDomId } from "./editor-tabs";
import { loadMonaco } from "./load-monaco";

// The first keystroke waits on Monaco: start fetching it when the IDE's code first runs, before
// hydration and the editor's mount effect (failures surface when the editor asks for it).
if (typeof window !== "undefined") loadMonaco().catch(() => {});

export interface EditorAreaProps {
  emptyState: ReactNode;
  onRevealInExplorer?: (path: string) => void;
  /** Between the tabs and the editor, e.g. the AI review bar of the active file. */
  banner?: ReactNode;
  /** Over the editor, e.g. the AI proposal view; it covers the editor when it renders something. */
  overlay?: ReactNode;
  /** Extra marks on a tab after its name (e.g. "AI is editing"). */
  renderTabBadge?: (path: string) => ReactNode;
}

/** Tabs over the editor; the conflict diff replaces the editor for a file whose save was refused. */
export function EditorArea({ emptyState, onRevealInExplorer, banner, overlay, renderTabBadge }: EditorAreaProps) {
  const activePath = useEditorState((state) => state.activePath);
  const hasTabs = useEditorState((state) => state.tabs.length > 0);
  const monacoStatus = useEditorState((state) => state.monaco);
  const activeLoading = useEditorState((state) => (state.activePath ? (state.files[state.activePath]?.loading ?? false) : false));
  const inConflict = useEditorState((state) => (state.activePath ? state.files[state.activePath]?.status === "conflict" : false));

  return (
    <div className="flex h-full min-w-0 flex-col bg-white dark:bg-zinc-900">
      <EditorTabs onRevealInExplorer={onRevealInExplorer} renderTabBadge={renderTabBadge} />
      {hasTabs ? banner : null}
      <div
        id={EDITOR_PANEL_ID}
        role={hasTabs ? "tabpanel" : undefined}
        aria-labelledby={activePath ? tabDomId(activePath) : undefined}
        className="relative min-h-0 flex-1"
      >
        <CodeEditor hidden={!hasTabs || inConflict || activeLoading} />
        {inConflict && activePath ? <ConflictView key={activePath} path={activePath} /> : null}
        {hasTabs ? overlay : null}
        {!hasTabs ? emptyState : null}
        {hasTabs && (activeLoading || monacoStatus === "loading") ? (
          <div className="absolute inset-0 flex items-center justify-center gap-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="editor-loading">
            <LoaderCircle className="size-4 animate-spin" aria-hidden /> Loading…
          </div>
        ) : null}
        {monacoStatus === "failed" ? (
          <div role="alert" className="absolute inset-0 flex items-center justify-center gap-2 text-sm text-red-600 dark:text-red-400">
            <CircleExclamationPoint className="size-4" aria-hidden /> The editor failed to load. Reload the page to try again.
          </div>
        ) : null}
      </div>
    </div>
  );
}
