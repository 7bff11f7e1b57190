"use client";

import { ChevronDown, ChevronRight, File, Folder, FolderOpen } from "lucide-react";
import { useEffect, useId, useRef, useState, type DragEvent, type MouseEvent } from "react";

import { cn } from "@/components/ui/cn";

import type { FileKind, PathResult, VisibleRow } from "./file-tree-model";

export interface TreeRowProps {
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

/** One row of the explorer tree (or its rename box). */
export function TreeRow({ row, expanded, selected, active, tabbable, renaming, dropTarget, draggable, ...handlers }: TreeRowProps) {
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
        "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 dark:focus-visible:outline-sky-400",
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
export function NameInputRow({
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
