"use client";

import {
  ChevronDown,
  ChevronRight,
  ChevronsDownUp,
  Copy,
  File,
  FilePlus,
  Folder,
  FolderOpen,
  FolderPlus,
  Pencil,
  RefreshCw,
  Trash,
} from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from "react";

import { useEditorState } from "@/components/editor/editor-context";
import { IconButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useMenu, type MenuEntry } from "@/components/ui/menu";

import {
  ancestorsOf,
  buildTree,
  canMoveInto,
  findNode,
  folderForNewEntry,
  parentOf,
  resolveNewEntryPath,
  resolveRenameTarget,
  visibleRows,
  type FileKind,
  type PathResult,
  type TreeNode,
  type VisibleRow,
} from "./file-tree-model";
import { expandAll, setExpanded } from "./project-store";
import { useProjectState, useWorkbench } from "./workbench-context";

const DRAG_TYPE = "application/x-wafer-path";

type DisplayRow = { type: "node"; row: VisibleRow } | { type: "create"; level: number; dir: string; entryKind: FileKind };

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
  const displayRows = useMemo<DisplayRow[]>(() => {
    const list: DisplayRow[] = rows.map((row) => ({ type: "node", row }));
    if (edit?.kind !== "create") return list;
    const createRow: DisplayRow = { type: "create", level: 1, dir: edit.dir, entryKind: edit.entryKind };
    if (edit.dir === "") return [createRow, ...list];
    const index = rows.findIndex((row) => row.node.path === edit.dir);
    if (index === -1) return [createRow, ...list];
    createRow.level = rows[index]!.level + 1;
    list.splice(index + 1, 0, createRow);
    return list;
  }, [rows, edit]);

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

  const focusedVisible = rows.some((row) => row.node.path === focused);
  const tabStop = focusedVisible ? focused : (rows[0]?.node.path ?? null);

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

  const menuFor = (node: TreeNode | undefined): MenuEntry[] => {
    const dir = folderForNewEntry(node);
    const entriesForWrite: MenuEntry[] = canWrite
      ? [
          { id: "new-file", label: "New File…", icon: <FilePlus className="size-3.5" />, onSelect: () => startCreate("file", dir) },
          { id: "new-folder", label: "New Folder…", icon: <FolderPlus className="size-3.5" />, onSelect: () => startCreate("folder", dir) },
        ]
      : [];
    if (!node) {
      return [
        ...entriesForWrite,
        { kind: "separator", id: "sep" },
        { id: "refresh", label: "Refresh", icon: <RefreshCw className="size-3.5" />, onSelect: () => void actions.refreshTree() },
        { id: "collapse", label: "Collapse All", icon: <ChevronsDownUp className="size-3.5" />, onSelect: () => store.setState({ expanded: new Set() }) },
      ];
    }
    const list: MenuEntry[] = [];
    if (node.kind === "file") list.push({ id: "open", label: "Open", onSelect: () => void actions.openFile(node.path, { focus: true }) });
    if (canWrite) {
      if (list.length > 0) list.push({ kind: "separator", id: "sep-open" });
      list.push(
        ...entriesForWrite,
        { kind: "separator", id: "sep-new" },
        { id: "rename", label: "Rename…", icon: <Pencil className="size-3.5" />, shortcut: "F2", onSelect: () => startRename(node.path) },
        {
          id: "delete",
          label: "Delete",
          icon: <Trash className="size-3.5" />,
          shortcut: "Delete",
          danger: true,
          onSelect: () => void actions.deleteEntry(node.path, node.kind),
        },
      );
    }
    list.push(
      { kind: "separator", id: "sep-copy" },
      { id: "copy-path", label: "Copy Path", icon: <Copy className="size-3.5" />, onSelect: () => void navigator.clipboard?.writeText(node.path) },
    );
    return list;
  };

  const onTreeKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).tagName === "INPUT") return;
    const index = rows.findIndex((row) => row.node.path === tabStop);
    const row = rows[index];
    const node = row?.node;
    const key = event.key;
    if (key === "ArrowDown") moveFocus(rows[Math.min(index + 1, rows.length - 1)]?.node.path);
    else if (key === "ArrowUp") moveFocus(rows[Math.max(index - 1, 0)]?.node.path);
    else if (key === "Home") moveFocus(rows[0]?.node.path);
    else if (key === "End") moveFocus(rows.at(-1)?.node.path);
    else if (key === "ArrowRight" && node?.kind === "folder") {
      if (!expanded.has(node.path)) setExpanded(store, node.path, true);
      else moveFocus(node.children[0]?.path);
    } else if (key === "ArrowLeft" && node) {
      if (node.kind === "folder" && expanded.has(node.path)) setExpanded(store, node.path, false);
      else if (parentOf(node.path)) moveFocus(parentOf(node.path));
    } else if (key === "Enter" && node) activateNode(node, { focusEditor: true });
    else if (key === " " && node) activateNode(node, { focusEditor: false });
    else if (key === "F2" && node) startRename(node.path);
    else if (key === "Delete" && node && canWrite) void actions.deleteEntry(node.path, node.kind);
    else if ((key === "ContextMenu" || (event.shiftKey && key === "F10")) && node) {
      const element = treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(node.path)}"]`);
      const rect = element?.getBoundingClientRect();
      menu.openAt({ x: (rect?.left ?? 0) + 24, y: rect?.bottom ?? 0 }, menuFor(node), node.path);
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  // Drag and drop: rows are drag sources; folders (and files, meaning their folder) and the empty
  // area (the root) are drop targets.
  const dragOver = (event: DragEvent, targetDir: string) => {
    // A row decides for itself: an invalid row must not fall through to the root drop zone.
    event.stopPropagation();
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
              resolve={(value) => {
                const result = resolveNewEntryPath(item.dir, value);
                if (result.ok && entries.some((entry) => entry.path === result.path)) return { ok: false, message: `${result.path} already exists.` };
                return result;
              }}
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
              resolveRename={(value) => {
                const result = resolveRenameTarget(item.row.node.path, value);
                if (result.ok && result.path !== item.row.node.path && entries.some((entry) => entry.path === result.path)) {
                  return { ok: false, message: `${result.path} already exists.` };
                }
                return result;
              }}
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

interface TreeRowProps {
  row: VisibleRow;
  expanded: boolean;
  selected: boolean;
  active: boolean;
  tabbable: boolean;
  renaming: boolean;
  dropTarget: boolean;
  draggable: boolean;
  onActivate: () => void;
  onOpenInEditor: () => void;
  onFocus: () => void;
  onContextMenu: (event: MouseEvent) => void;
  onRename: (path: PathResult) => void;
  resolveRename: (value: string) => PathResult;
  onCancelRename: () => void;
  onDragStart: (event: DragEvent) => void;
  onDragEnd: () => void;
  onDragOver: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
}

function TreeRow({ row, expanded, selected, active, tabbable, renaming, dropTarget, draggable, ...handlers }: TreeRowProps) {
  const { node, level } = row;
  const folder = node.kind === "folder";
  const Icon = folder ? (expanded ? FolderOpen : Folder) : File;
  const Chevron = expanded ? ChevronDown : ChevronRight;

  if (renaming) {
    return (
      <NameInputRow
        level={level}
        kind={node.kind}
        initial={node.name}
        resolve={handlers.resolveRename}
        onCommit={handlers.onRename}
        onCancel={handlers.onCancelRename}
      />
    );
  }

  return (
    <div
      role="treeitem"
      aria-level={level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-expanded={folder ? expanded : undefined}
      aria-selected={selected}
      aria-current={active ? "page" : undefined}
      tabIndex={tabbable ? 0 : -1}
      data-testid="tree-item"
      data-path={node.path}
      data-kind={node.kind}
      draggable={draggable}
      onClick={handlers.onActivate}
      onDoubleClick={handlers.onOpenInEditor}
      onFocus={handlers.onFocus}
      onContextMenu={handlers.onContextMenu}
      onDragStart={handlers.onDragStart}
      onDragEnd={handlers.onDragEnd}
      onDragOver={handlers.onDragOver}
      onDrop={handlers.onDrop}
      style={{ paddingLeft: 8 + (level - 1) * 12 }}
      className={cn(
        "flex h-[22px] cursor-pointer items-center gap-1 pr-2 whitespace-nowrap outline-none select-none",
        "text-zinc-700 hover:bg-zinc-200/60 dark:text-zinc-300 dark:hover:bg-zinc-800/60",
        "focus-visible:outline-1 focus-visible:-outline-offset-1 focus-visible:outline-sky-500",
        selected && "bg-zinc-200/80 dark:bg-zinc-800",
        active && "text-zinc-950 dark:text-white",
        dropTarget && "bg-sky-500/15 ring-1 ring-sky-500/60 ring-inset",
      )}
    >
      <span className="flex size-4 shrink-0 items-center justify-center text-zinc-400" aria-hidden>
        {folder ? <Chevron className="size-3.5" /> : null}
      </span>
      <Icon className={cn("size-3.5 shrink-0", folder ? "text-sky-600 dark:text-sky-400" : "text-zinc-400")} aria-hidden />
      <span className="truncate">{node.name}</span>
    </div>
  );
}

/** The inline name box for new entries and renames: Enter commits, Escape cancels, errors inline. */
function NameInputRow({
  level,
  kind,
  initial,
  resolve,
  onCommit,
  onCancel,
}: {
  level: number;
  kind: FileKind;
  initial: string;
  resolve: (value: string) => PathResult;
  onCommit: (path: PathResult) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [showError, setShowError] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const settled = useRef(false);
  const errorId = useId();
  const result = resolve(value);
  const error = value.trim() === "" || result.ok ? null : result.message;

  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    // Select the name without its extension, as editors do on rename.
    const dot = initial.lastIndexOf(".");
    input.setSelectionRange(0, kind === "file" && dot > 0 ? dot : initial.length);
  }, [initial, kind]);

  const commit = () => {
    if (settled.current) return;
    if (value.trim() === "" || value === initial) {
      settled.current = true;
      onCancel();
      return;
    }
    if (!result.ok) {
      setShowError(true);
      return;
    }
    settled.current = true;
    onCommit(result);
  };

  const Icon = kind === "folder" ? Folder : File;
  return (
    <div role="none" style={{ paddingLeft: 8 + (level - 1) * 12 + 16 }} className="relative flex items-center gap-1 py-px pr-2">
      <Icon className="size-3.5 shrink-0 text-zinc-400" aria-hidden />
      <input
        ref={inputRef}
        value={value}
        aria-label={initial ? `Rename ${initial}` : kind === "folder" ? "New folder name" : "New file name"}
        aria-invalid={showError && error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid="tree-input"
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          setValue(event.target.value);
          setShowError(false);
        }}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === "Enter") {
            event.preventDefault();
            commit();
          } else if (event.key === "Escape") {
            event.preventDefault();
            settled.current = true;
            onCancel();
          }
        }}
        onBlur={() => {
          // Leaving the box keeps a valid name and drops an invalid one, so nothing is left dangling.
          if (settled.current) return;
          if (error) {
            settled.current = true;
            onCancel();
          } else commit();
        }}
        className={cn(
          "h-[20px] min-w-0 flex-1 rounded-sm border bg-white px-1 text-[13px] text-zinc-900 outline-none dark:bg-zinc-900 dark:text-zinc-100",
          error ? "border-red-500" : "border-sky-500",
        )}
      />
      {error ? (
        <div
          id={errorId}
          role={showError ? "alert" : undefined}
          className="absolute top-full right-2 left-6 z-10 rounded-b-sm border border-red-500 bg-red-50 px-1.5 py-0.5 text-[11px] text-red-700 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </div>
      ) : null}
    </div>
  );
}
