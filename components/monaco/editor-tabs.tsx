"use client";

import { CircleExclamationPoint, LoaderCircle, TriangleExclamationPoint, X } from "lucide-react";
import { useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { useShallow } from "zustand/react/shallow";

import { cn } from "@/components/ui/cn";
import { useMenu, type MenuEntry } from "@/components/ui/menu";

import { useEditorService, useEditorState } from "./editor-context";

export const EDITOR_PANEL_ID = "wafer-editor-panel";

export function tabDomId(path: string): string {
  return `wafer-tab-${encodeURIComponent(path)}`;
}

/** Names shown on tabs: the file name, plus its folder when two open files share a name. */
function tabLabels(paths: readonly string[]): Map<string, { name: string; hint: string | null }> {
  const byName = new Map<string, number>();
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }
  return new Map(
    paths.map((path) => {
      const slash = path.lastIndexOf("/");
      const name = path.slice(slash + 1);
      const hint = (byName.get(name) ?? 0) > 1 && slash !== -1 ? path.slice(0, slash) : null;
      return [path, { name, hint }];
    }),
  );
}

export function EditorTabs({
  onRevealInExplorer,
  renderTabBadge,
}: {
  onRevealInExplorer?: (path: string) => void;
  renderTabBadge?: (path: string) => ReactNode;
}) {
  const service = useEditorService();
  const { tabs, activePath } = useEditorState(useShallow((state) => ({ tabs: state.tabs, activePath: state.activePath })));
  const labels = useMemo(() => tabLabels(tabs), [tabs]);
  const listRef = useRef<HTMLDivElement>(null);
  const menu = useMenu();

  useEffect(() => {
    if (!activePath) return;
    listRef.current?.querySelector<HTMLElement>(`[id="${CSS.escape(tabDomId(activePath))}"]`)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [activePath]);

  if (tabs.length === 0) return null;

  const focusTab = (index: number) => {
    const path = tabs[(index + tabs.length) % tabs.length];
    if (path) document.getElementById(tabDomId(path))?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number, path: string) => {
    if (event.key === "ArrowRight") focusTab(index + 1);
    else if (event.key === "ArrowLeft") focusTab(index - 1);
    else if (event.key === "Home") focusTab(0);
    else if (event.key === "End") focusTab(tabs.length - 1);
    else if (event.key === "Enter" || event.key === " ") service.activate(path);
    else if (event.key === "Delete") void service.closeFile(path);
    else if (event.key === "ContextMenu" || (event.shiftKey && event.key === "F10")) openMenu(event, path);
    else return;
    event.preventDefault();
  };

  const openMenu = (event: MouseEvent | KeyboardEvent, path: string) => {
    const others = tabs.filter((tab) => tab !== path);
    const entries: MenuEntry[] = [
      { id: "close", label: "Close", onSelect: () => void service.closeFile(path) },
      { id: "close-others", label: "Close Others", disabled: others.length === 0, onSelect: () => void service.closeFiles(others) },
      { id: "close-all", label: "Close All", onSelect: () => void service.closeFiles([...tabs]) },
      { kind: "separator", id: "sep" },
      { id: "copy-path", label: "Copy Path", onSelect: () => void navigator.clipboard?.writeText(path) },
    ];
    if (onRevealInExplorer) entries.push({ id: "reveal", label: "Reveal in Explorer", onSelect: () => onRevealInExplorer(path) });
    menu.openFromEvent(event, entries, `Tab ${path}`);
  };

  return (
    <>
    <div
      ref={listRef}
      role="tablist"
      aria-label="Open files"
      data-testid="editor-tabs"
      className="flex h-9 shrink-0 overflow-x-auto overflow-y-hidden border-b border-zinc-200 bg-zinc-50 [scrollbar-width:thin] dark:border-zinc-800 dark:bg-zinc-950"
    >
      {tabs.map((path, index) => (
        <EditorTab
          key={path}
          path={path}
          label={labels.get(path)!}
          active={path === activePath}
          onKeyDown={(event) => onKeyDown(event, index, path)}
          onContextMenu={(event) => openMenu(event, path)}
          badge={renderTabBadge?.(path)}
        />
      ))}
      {menu.element}
    </div>
    <span id={TAB_KEYS_HINT_ID} hidden>
      Delete closes the tab.
    </span>
    </>
  );
}

const TAB_KEYS_HINT_ID = "editor-tab-keys-hint";

function EditorTab({
  path,
  label,
  active,
  onKeyDown,
  onContextMenu,
  badge,
}: {
  path: string;
  label: { name: string; hint: string | null };
  active: boolean;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
  onContextMenu: (event: MouseEvent) => void;
  badge?: ReactNode;
}) {
  const service = useEditorService();
  // Only this tab re-renders when its own save state changes.
  const status = useEditorState((state) => state.files[path]?.status ?? "saved");
  const loading = useEditorState((state) => state.files[path]?.loading ?? false);
  const error = useEditorState((state) => state.files[path]?.error ?? null);
  const unsaved = useEditorState((state) => state.files[path]?.dirty ?? false) || status === "conflict";

  return (
    <div
      id={tabDomId(path)}
      role="tab"
      aria-selected={active}
      aria-controls={EDITOR_PANEL_ID}
      tabIndex={active ? 0 : -1}
      title={error ? `${path}: ${error}` : path}
      aria-describedby={TAB_KEYS_HINT_ID}
      data-testid="editor-tab"
      data-path={path}
      data-status={status}
      data-dirty={unsaved || undefined}
      data-active={active || undefined}
      onClick={() => service.activate(path)}
      onMouseDown={(event) => {
        // Middle button: keep the browser from starting auto-scroll; auxclick closes the tab.
        if (event.button === 1) event.preventDefault();
      }}
      onAuxClick={(event) => {
        if (event.button !== 1) return;
        event.preventDefault();
        void service.closeFile(path);
      }}
      onKeyDown={onKeyDown}
      onContextMenu={onContextMenu}
      className={cn(
        "group relative flex h-full max-w-56 min-w-0 shrink-0 cursor-pointer items-center gap-1.5 border-r border-zinc-200 pr-1 pl-3 text-[13px] select-none dark:border-zinc-800",
        "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500",
        active
          ? "bg-white text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100"
          : "text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 dark:text-zinc-400 dark:hover:bg-zinc-900/60 dark:hover:text-zinc-200",
      )}
    >
      {active ? <span className="absolute inset-x-0 top-0 h-0.5 bg-sky-500" aria-hidden /> : null}
      <span className={cn("truncate", status === "conflict" && "text-amber-600 dark:text-amber-400", status === "error" && "text-red-600 dark:text-red-400")}>
        {label.name}
      </span>
      {label.hint ? <span className="truncate text-[11px] text-zinc-600 dark:text-zinc-400">{label.hint}</span> : null}
      {badge}
      {loading ? <LoaderCircle className="size-3.5 shrink-0 animate-spin text-zinc-400" aria-label="Loading" /> : null}
      {status === "conflict" ? <TriangleExclamationPoint className="size-3.5 shrink-0 text-amber-500" aria-label="Conflict" /> : null}
      {status === "error" ? <CircleExclamationPoint className="size-3.5 shrink-0 text-red-500" aria-label="Save failed" /> : null}
      {/* A pointer target only: a button inside role=tab is nested-interactive for screen readers, who
          close the tab with Delete (described by a hint the tab list carries) or Close Tab in the palette. */}
      <span
        aria-hidden
        title={unsaved ? "Unsaved changes · Close (Delete)" : "Close (Delete)"}
        data-testid="editor-tab-close"
        onClick={(event) => {
          event.stopPropagation();
          void service.closeFile(path);
        }}
        className="relative flex size-5 shrink-0 cursor-pointer items-center justify-center rounded text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
      >
        {/* VS Code's convention: a dot for unsaved changes that turns into × on hover. */}
        {unsaved ? (
          <span className="size-2 rounded-full bg-current group-hover:hidden" data-testid="editor-tab-dirty" aria-hidden />
        ) : null}
        <X className={cn("size-3.5", unsaved ? "hidden group-hover:block" : active ? "" : "invisible group-hover:visible")} aria-hidden />
      </span>
    </div>
  );
}
