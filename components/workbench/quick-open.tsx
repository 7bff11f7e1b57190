"use client";

import { Command } from "cmdk";
import { File } from "lucide-react";
import { useDeferredValue, useMemo, type ReactNode } from "react";

import { filePaths } from "./file-tree-model";
import { rankPaths } from "./fuzzy";
import { PaletteDialog, paletteItemClassName, usePalette } from "./palette-dialog";
import { useProjectState, useWorkbench } from "./workbench-context";

function highlight(text: string, positions: ReadonlySet<number>, offset: number): ReactNode[] {
  return [...text].map((char, index) =>
    positions.has(index + offset) ? (
      <mark key={index} className="bg-transparent font-semibold text-sky-600 group-data-[selected=true]:text-white dark:text-sky-400">
        {char}
      </mark>
    ) : (
      char
    ),
  );
}

/** Ctrl/Cmd+P: fuzzy-find a file by name or path and open it. */
export function QuickOpen() {
  const { actions } = useWorkbench();
  const entries = useProjectState((state) => state.entries);
  const { open, query, setQuery, close } = usePalette("quick-open");
  const deferredQuery = useDeferredValue(query);
  const paths = useMemo(() => filePaths(entries), [entries]);
  const results = useMemo(() => (open ? rankPaths(deferredQuery, paths, 50) : []), [open, deferredQuery, paths]);
  const values = useMemo(() => results.map((result) => result.path), [results]);

  return (
    <PaletteDialog
      open={open}
      onClose={close}
      label="Go to file"
      placeholder="Search files by name…"
      query={query}
      onQueryChange={setQuery}
      empty={paths.length === 0 ? "This project has no files yet." : "No matching files."}
      values={values}
      data-testid="quick-open"
    >
      {results.map((result) => {
        const slash = result.path.lastIndexOf("/");
        const name = result.path.slice(slash + 1);
        const dir = slash === -1 ? "" : result.path.slice(0, slash);
        const positions = new Set(result.positions);
        return (
          <Command.Item
            key={result.path}
            value={result.path}
            data-testid="quick-open-item"
            data-path={result.path}
            className={paletteItemClassName}
            onSelect={() => {
              close();
              // After the dialog has closed and handed focus back, so the editor keeps it.
              setTimeout(() => void actions.openFile(result.path), 0);
            }}
          >
            <File className="size-3.5 shrink-0 opacity-60" aria-hidden />
            <span className="shrink-0">{highlight(name, positions, slash + 1)}</span>
            <span className="truncate text-xs opacity-60">{highlight(dir, positions, 0)}</span>
          </Command.Item>
        );
      })}
    </PaletteDialog>
  );
}
