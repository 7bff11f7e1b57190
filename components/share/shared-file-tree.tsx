"use client";

import { useMemo, useState } from "react";

import { buildTree, visibleRows } from "@/components/workbench/file-tree-model";
import { TreeRow } from "@/components/workbench/tree-rows";
import type { SharedFile } from "@/lib/shares/contract";

const noop = () => {};

/**
 * The shared project's files as the explorer's tree (its model and rows), read-only: folders open and
 * close, a file opens in the viewer's editor, nothing else. Every folder starts open.
 */
export function SharedFileTree({ files, openPath, onOpen }: { files: readonly SharedFile[]; openPath: string | null; onOpen: (path: string) => void }) {
  const root = useMemo(() => buildTree(files.map((f) => ({ path: f.path, kind: f.kind, version: 0, size: f.content?.length ?? 0, updatedAt: "" }))), [files]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const expanded = useMemo(() => {
    const open = new Set<string>();
    const walk = (node: typeof root) => {
      for (const child of node.children) {
        if (child.kind !== "folder") continue;
        if (!collapsed.has(child.path)) open.add(child.path);
        walk(child);
      }
    };
    walk(root);
    return open;
  }, [root, collapsed]);
  const rows = visibleRows(root, expanded);
  const toggle = (path: string) => setCollapsed((prev) => (prev.has(path) ? new Set([...prev].filter((p) => p !== path)) : new Set([...prev, path])));

  return (
    <div role="tree" aria-label="Files" data-testid="shared-tree">
      {rows.map((row) => (
        <TreeRow
          key={row.node.path}
          row={row}
          expanded={expanded.has(row.node.path)}
          selected={openPath === row.node.path}
          active={openPath === row.node.path}
          tabbable={openPath ? openPath === row.node.path : row === rows[0]}
          renaming={false}
          dropTarget={false}
          draggable={false}
          onActivate={() => (row.node.kind === "folder" ? toggle(row.node.path) : onOpen(row.node.path))}
          onOpenInEditor={noop}
          onFocus={noop}
          onContextMenu={noop}
          onRename={noop}
          resolveRename={() => ({ ok: false, message: "Read-only" })}
          onCancelRename={noop}
          onDragStart={noop}
          onDragEnd={noop}
          onDragOver={noop}
          onDrop={noop}
        />
      ))}
    </div>
  );
}
