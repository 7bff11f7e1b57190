"use client";

import { ChevronsDownUp, Copy, FilePlus, FolderPlus, Pencil, RefreshCw, Trash } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from "react";

import { useEditorState } from "@/components/monaco/editor-context";
import { IconButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useMenu, type MenuEntry } from "@/components/ui/menu";

import { collectDropped, hasDroppedFiles } from "./dropped-files";
import { checkNewName, checkRename, displayRows as toDisplayRows, explorerMenu, tabStopOf, treeKeyAction, type ExplorerCommand } from "./explorer-model";
import { ancestorsOf, buildTree, canMoveInto, findNode, folderForNewEntry, visibleRows, type FileKind, type TreeNode } from "./file-tree-model";
import { expandAll, setExpanded } from "./project-store";
import { NameInputRow, TreeRow } from "./tree-rows";
import { useProjectState, useWorkbench } from "./workbench-context";

const DRAG_TYPE = "application/x-wafer-path";

const MENU_ICONS: Partial<Record<ExplorerCommand, ReactNode>> = {
  "new-file": <FilePlus className="size-3.5" />,
  "new-folder": <FolderPlus className="size-3.5" />,
  refresh: <RefreshCw className="size-3.5" />,
  collapse: <ChevronsDownUp className="size-3.5" />,
  rename: <Pencil className="size-3.5" />,
  delete: <Trash className="size-3.5" />,
  "copy-path": <Copy className="size-3.5" />,
};

/** The explorer: React and the DOM only; what rows, keys and menus mean is ./explorer-model.ts. */
export function FileExplorer() {
  const { project, store, actions } = useWorkbench();
  const entries = useProjectState((state) => state.entries);
  const expanded = useProjectState((state) => state.expanded);
  const focused = useProjectState((state) => state.focused);
  const edit = useProjectState((state) => state.edit);
  const busy = useProjectState((state) => state.busy);
  const activePath = useEditorState((state) => state.activePath);
  const canWrite = project.canWrite;

  const root = useMemo(() => buildTree(entries), [entries]);
  const rows = useMemo(() => visibleRows(root, expanded), [root, expanded]);
  const displayRows = useMemo(() => toDisplayRows(rows, edit), [rows, edit]);

  const treeRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef(false);
  const dragSource = useRef<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const menu = useMenu();

  // The active editor tab is selected in the tree, with its folders opened.
  useEffect(() => {
    if (!activePath) return;
    expandAll(store, ancestorsOf(activePath));
    store.setState({ focused: activePath });
  }, [activePath, store]);

  const tabStop = tabStopOf(rows, focused);

  useEffect(() => {
    if (!pendingFocus.current || !focused) return;
    pendingFocus.current = false;
    treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(focused)}"]`)?.focus();
  }, [focused, rows]);

  useEffect(() => {
    if (!focused) return;
    treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(focused)}"]`)?.scrollIntoView({ block: "nearest" });
  }, [focused]);

  const moveFocus = (path: string | undefined) => {
    if (path === undefined) return;
    pendingFocus.current = true;
    store.setState({ focused: path });
  };

  const startCreate = (entryKind: FileKind, dir: string) => {
    if (canWrite) actions.startCreate(entryKind, dir);
  };

  const startRename = (path: string) => {
    if (canWrite) store.setState({ edit: { kind: "rename", path } });
  };

  /** A click opens a file but leaves focus in the tree (for F2, Delete, arrows); Enter moves into the editor. */
  const activateNode = (node: TreeNode, { focusEditor }: { focusEditor: boolean }) => {
    if (node.kind === "folder") setExpanded(store, node.path, !expanded.has(node.path));
    else void actions.openFile(node.path, { focus: focusEditor });
  };

  const runCommand = (command: ExplorerCommand, node: TreeNode | undefined, dir: string) => {
    if (command === "new-file" || command === "new-folder") startCreate(command === "new-file" ? "file" : "folder", dir);
    else if (command === "refresh") void actions.refreshTree();
    else if (command === "collapse") store.setState({ expanded: new Set() });
    else if (!node) return;
    else if (command === "open") void actions.openFile(node.path, { focus: true });
    else if (command === "rename") startRename(node.path);
    else if (command === "delete") void actions.deleteEntry(node.path, node.kind);
    else if (command === "copy-path") void navigator.clipboard?.writeText(node.path);
  };

  const menuFor = (node: TreeNode | undefined): MenuEntry[] =>
    explorerMenu(node, canWrite).map((spec): MenuEntry =>
      spec.kind === "separator"
        ? spec
        : {
            id: spec.id,
            label: spec.label,
            icon: MENU_ICONS[spec.id],
            ...(spec.shortcut ? { shortcut: spec.shortcut } : {}),
            ...(spec.danger ? { danger: true } : {}),
            onSelect: () => runCommand(spec.id, node, spec.dir ?? ""),
          },
    );

  const onTreeKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).tagName === "INPUT") return;
    const action = treeKeyAction(event, { rows, tabStop, expanded, canWrite });
    if (!action) return;
    if (action.kind === "focus") moveFocus(action.path);
    else if (action.kind === "expand") setExpanded(store, action.path, action.open);
    else if (action.kind === "activate") activateNode(action.node, { focusEditor: action.focusEditor });
    else if (action.kind === "rename") startRename(action.path);
    else if (action.kind === "delete") void actions.deleteEntry(action.node.path, action.node.kind);
    else if (action.kind === "menu") {
      const element = treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(action.node.path)}"]`);
      const rect = element?.getBoundingClientRect();
      menu.openAt({ x: (rect?.left ?? 0) + 24, y: rect?.bottom ?? 0 }, menuFor(action.node), action.node.path);
    }
    event.preventDefault();
    event.stopPropagation();
  };

  // Drag and drop: rows are drag sources; folders (and files, meaning their folder) and the empty
  // area (the root) are drop targets.
  const dragOver = (event: DragEvent, targetDir: string) => {
    // A row decides for itself: an invalid row must not fall through to the root drop zone.
    event.stopPropagation();
    if (canWrite && !dragSource.current && hasDroppedFiles(event.dataTransfer)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      setDropTarget(targetDir);
      return;
    }
    const source = dragSource.current;
    if (!source || !canMoveInto(source, targetDir)) {
      setDropTarget(null);
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    setDropTarget(targetDir);
  };
  const drop = (event: DragEvent, targetDir: string) => {
    const source = dragSource.current;
    event.preventDefault();
    event.stopPropagation();
    dragSource.current = null;
    setDropTarget(null);
    if (!source && canWrite && hasDroppedFiles(event.dataTransfer)) {
      void actions.uploadDropped(collectDropped(event.dataTransfer), targetDir);
      return;
    }
    if (source && canMoveInto(source, targetDir)) void actions.moveInto(source, targetDir);
  };

  const newFileDir = folderForNewEntry(focused ? findNode(root, focused) : undefined);

  return (
    <section className="flex h-full min-w-0 flex-col bg-zinc-50 dark:bg-zinc-950" aria-label="Explorer" data-testid="explorer">
      <header className="flex h-9 shrink-0 items-center gap-1 border-b border-zinc-200 pr-1 pl-3 dark:border-zinc-800">
        <h2 className="min-w-0 flex-1 truncate text-[11px] font-semibold tracking-wider text-zinc-500 uppercase dark:text-zinc-400">Explorer</h2>
        {canWrite ? (
          <>
            <IconButton label="New File…" data-testid="explorer-new-file" disabled={busy} onClick={() => startCreate("file", newFileDir)} size="icon" className="size-6">
              <FilePlus className="size-3.5" />
            </IconButton>
            <IconButton label="New Folder…" data-testid="explorer-new-folder" disabled={busy} onClick={() => startCreate("folder", newFileDir)} className="size-6">
              <FolderPlus className="size-3.5" />
            </IconButton>
          </>
        ) : null}
        <IconButton label="Refresh" data-testid="explorer-refresh" onClick={() => void actions.refreshTree()} className="size-6">
          <RefreshCw className="size-3.5" />
        </IconButton>
        <IconButton label="Collapse All" data-testid="explorer-collapse" onClick={() => store.setState({ expanded: new Set() })} className="size-6">
          <ChevronsDownUp className="size-3.5" />
        </IconButton>
      </header>
      <div
        ref={treeRef}
        role="tree"
        aria-label={`Files of ${project.name}`}
        aria-busy={busy || undefined}
        data-testid="file-tree"
        onKeyDown={onTreeKeyDown}
        onContextMenu={(event) => {
          if (event.target === event.currentTarget) menu.openFromEvent(event, menuFor(undefined), "Explorer");
        }}
        onDragOver={(event) => dragOver(event, "")}
        onDragLeave={(event) => {
          if (event.target === event.currentTarget) setDropTarget(null);
        }}
        onDrop={(event) => drop(event, "")}
        className={cn(
          "min-h-0 flex-1 overflow-auto py-1 text-[13px] outline-none",
          dropTarget === "" && "bg-sky-500/10 ring-1 ring-sky-500/50 ring-inset",
        )}
      >
        {displayRows.map((item) =>
          item.type === "create" ? (
            <NameInputRow
              key="create"
              level={item.level}
              kind={item.entryKind}
              initial=""
              resolve={(value) => checkNewName(entries, item.dir, value)}
              onCommit={(path) => {
                store.setState({ edit: null });
                void actions.createEntry(item.entryKind, path);
              }}
              onCancel={() => store.setState({ edit: null })}
            />
          ) : (
            <TreeRow
              key={item.row.node.path}
              row={item.row}
              expanded={expanded.has(item.row.node.path)}
              selected={item.row.node.path === focused}
              active={item.row.node.path === activePath}
              tabbable={item.row.node.path === tabStop}
              renaming={edit?.kind === "rename" && edit.path === item.row.node.path}
              dropTarget={dropTarget !== null && dropTarget !== "" && dropTarget === item.row.node.path}
              draggable={canWrite && !busy}
              onActivate={() => {
                store.setState({ focused: item.row.node.path });
                activateNode(item.row.node, { focusEditor: false });
              }}
              onOpenInEditor={() => {
                if (item.row.node.kind === "file") void actions.openFile(item.row.node.path, { focus: true });
              }}
              onFocus={() => {
                if (store.getState().focused !== item.row.node.path) store.setState({ focused: item.row.node.path });
              }}
              onContextMenu={(event) => {
                event.stopPropagation();
                store.setState({ focused: item.row.node.path });
                menu.openFromEvent(event, menuFor(item.row.node), item.row.node.path);
              }}
              onRename={(path) => {
                store.setState({ edit: null });
                moveFocus(item.row.node.path);
                if (path.ok) void actions.moveEntry(item.row.node.path, path.path);
              }}
              resolveRename={(value) => checkRename(entries, item.row.node.path, value)}
              onCancelRename={() => {
                store.setState({ edit: null });
                moveFocus(item.row.node.path);
              }}
              onDragStart={(event) => {
                dragSource.current = item.row.node.path;
                event.dataTransfer.setData(DRAG_TYPE, item.row.node.path);
                event.dataTransfer.setData("text/plain", item.row.node.path);
                event.dataTransfer.effectAllowed = "move";
              }}
              onDragEnd={() => {
                dragSource.current = null;
                setDropTarget(null);
              }}
              onDragOver={(event) => dragOver(event, folderForNewEntry(item.row.node))}
              onDrop={(event) => drop(event, folderForNewEntry(item.row.node))}
            />
          ),
        )}
        {rows.length === 0 && edit?.kind !== "create" ? (
          <p className="px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">
            {canWrite ? "No files yet. Create one with the buttons above." : "This project has no files."}
          </p>
        ) : null}
      </div>
      {menu.element}
    </section>
  );
}
