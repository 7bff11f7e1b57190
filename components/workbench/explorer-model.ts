import type { FileEntry } from "@/lib/files/contract";

import { folderForNewEntry, parentOf, resolveNewEntryPath, resolveRenameTarget, type FileKind, type PathResult, type TreeNode, type VisibleRow } from "./file-tree-model";
import type { ExplorerEdit } from "./project-store";

/** A tree row, or the name box of an entry being created. */
export type DisplayRow = { type: "node"; row: VisibleRow } | { type: "create"; level: number; dir: string; entryKind: FileKind };

/** The rows as shown: the new entry's name box goes first in its folder (or at the top). */
export function displayRows(rows: readonly VisibleRow[], edit: ExplorerEdit | null): DisplayRow[] {
  const list: DisplayRow[] = rows.map((row) => ({ type: "node", row }));
  if (edit?.kind !== "create") return list;
  const createRow: DisplayRow = { type: "create", level: 1, dir: edit.dir, entryKind: edit.entryKind };
  if (edit.dir === "") return [createRow, ...list];
  const index = rows.findIndex((row) => row.node.path === edit.dir);
  if (index === -1) return [createRow, ...list];
  createRow.level = rows[index]!.level + 1;
  list.splice(index + 1, 0, createRow);
  return list;
}

/** The one row that takes Tab: the focused one if it is visible, else the first. */
export function tabStopOf(rows: readonly VisibleRow[], focused: string | null): string | null {
  return focused !== null && rows.some((row) => row.node.path === focused) ? focused : (rows[0]?.node.path ?? null);
}

/** What a key in the tree does (the WAI-ARIA tree pattern plus F2, Delete and the context menu key). */
export type TreeKeyAction =
  | { kind: "focus"; path: string }
  | { kind: "expand"; path: string; open: boolean }
  | { kind: "activate"; node: TreeNode; focusEditor: boolean }
  | { kind: "rename"; path: string }
  | { kind: "delete"; node: TreeNode }
  | { kind: "menu"; node: TreeNode }
  | { kind: "none" };

export function treeKeyAction(
  { key, shiftKey }: { key: string; shiftKey: boolean },
  { rows, tabStop, expanded, canWrite }: { rows: readonly VisibleRow[]; tabStop: string | null; expanded: ReadonlySet<string>; canWrite: boolean },
): TreeKeyAction | null {
  const index = rows.findIndex((row) => row.node.path === tabStop);
  const node = rows[index]?.node;
  const focus = (path: string | undefined): TreeKeyAction => (path === undefined ? { kind: "none" } : { kind: "focus", path });
  if (key === "ArrowDown") return focus(rows[Math.min(index + 1, rows.length - 1)]?.node.path);
  if (key === "ArrowUp") return focus(rows[Math.max(index - 1, 0)]?.node.path);
  if (key === "Home") return focus(rows[0]?.node.path);
  if (key === "End") return focus(rows.at(-1)?.node.path);
  if (key === "ArrowRight" && node?.kind === "folder") {
    return expanded.has(node.path) ? focus(node.children[0]?.path) : { kind: "expand", path: node.path, open: true };
  }
  if (key === "ArrowLeft" && node) {
    if (node.kind === "folder" && expanded.has(node.path)) return { kind: "expand", path: node.path, open: false };
    return parentOf(node.path) ? focus(parentOf(node.path)) : { kind: "none" };
  }
  if (key === "Enter" && node) return { kind: "activate", node, focusEditor: true };
  if (key === " " && node) return { kind: "activate", node, focusEditor: false };
  if (key === "F2" && node) return { kind: "rename", path: node.path };
  if (key === "Delete" && node && canWrite) return { kind: "delete", node };
  if ((key === "ContextMenu" || (shiftKey && key === "F10")) && node) return { kind: "menu", node };
  // Not the tree's key: let it through.
  return null;
}

export type ExplorerCommand = "new-file" | "new-folder" | "refresh" | "collapse" | "open" | "rename" | "delete" | "copy-path";

/** A context menu entry before it gets its icon and handler. */
export type MenuItemSpec = { kind: "item"; id: ExplorerCommand; label: string; shortcut?: string; danger?: boolean; dir?: string } | { kind: "separator"; id: string };

/** The context menu of a row (or of the empty area, `node` undefined): writers get create, rename and delete. */
export function explorerMenu(node: TreeNode | undefined, canWrite: boolean): MenuItemSpec[] {
  const dir = folderForNewEntry(node);
  const create: MenuItemSpec[] = canWrite
    ? [
        { kind: "item", id: "new-file", label: "New File…", dir },
        { kind: "item", id: "new-folder", label: "New Folder…", dir },
      ]
    : [];
  if (!node) {
    return [...create, { kind: "separator", id: "sep" }, { kind: "item", id: "refresh", label: "Refresh" }, { kind: "item", id: "collapse", label: "Collapse All" }];
  }
  const list: MenuItemSpec[] = [];
  if (node.kind === "file") list.push({ kind: "item", id: "open", label: "Open" });
  if (canWrite) {
    if (list.length > 0) list.push({ kind: "separator", id: "sep-open" });
    list.push(
      ...create,
      { kind: "separator", id: "sep-new" },
      { kind: "item", id: "rename", label: "Rename…", shortcut: "F2" },
      { kind: "item", id: "delete", label: "Delete", shortcut: "Delete", danger: true },
    );
  }
  list.push({ kind: "separator", id: "sep-copy" }, { kind: "item", id: "copy-path", label: "Copy Path" });
  return list;
}

/** A new entry's name: valid as a path, and not taken. */
export function checkNewName(entries: readonly FileEntry[], dir: string, value: string): PathResult {
  const result = resolveNewEntryPath(dir, value);
  if (result.ok && entries.some((entry) => entry.path === result.path)) return { ok: false, message: `${result.path} already exists.` };
  return result;
}

/** A rename's target: valid as a path, and not taken by another entry. */
export function checkRename(entries: readonly FileEntry[], path: string, value: string): PathResult {
  const result = resolveRenameTarget(path, value);
  if (result.ok && result.path !== path && entries.some((entry) => entry.path === result.path)) return { ok: false, message: `${result.path} already exists.` };
  return result;
}
