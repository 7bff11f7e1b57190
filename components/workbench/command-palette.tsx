"use client";

import { Command } from "cmdk";
import { useMemo } from "react";

import { Kbd } from "@/components/ui/kbd";

import type { WorkbenchCommand } from "./commands";
import { fuzzyMatch } from "./fuzzy";
import { PaletteDialog, paletteItemClassName, usePalette } from "./palette-dialog";

/** Ctrl/Cmd+Shift+P: run a workbench command by name. */
export function CommandPalette({ commands }: { commands: WorkbenchCommand[] }) {
  const { open, query, setQuery, close } = usePalette("commands");

  const visible = useMemo(() => {
    const available = commands.filter((command) => command.available !== false && !command.hiddenInPalette);
    if (!query.trim()) return available;
    return available
      .map((command) => ({ command, match: fuzzyMatch(query, command.title) }))
      .filter((item) => item.match !== null)
      .sort((a, b) => b.match!.score - a.match!.score)
      .map((item) => item.command);
  }, [commands, query]);
  const values = useMemo(() => visible.map((command) => command.id), [visible]);

  return (
    <PaletteDialog
      open={open}
      onClose={close}
      label="Command palette"
      placeholder="Type a command…"
      query={query}
      onQueryChange={setQuery}
      empty="No matching commands."
      values={values}
      data-testid="command-palette"
    >
      {visible.map((command) => (
        <Command.Item
          key={command.id}
          value={command.id}
          data-testid="command-item"
          data-command={command.id}
          className={paletteItemClassName}
          onSelect={() => {
            close();
            // Run once the dialog has closed, so commands that move focus keep it.
            setTimeout(command.run, 0);
          }}
        >
          <span className="flex size-4 shrink-0 items-center justify-center opacity-70" aria-hidden>
            {command.icon}
          </span>
          <span className="flex-1 truncate">{command.title}</span>
          {command.shortcut ? <Kbd shortcut={command.shortcut} className="opacity-70" /> : null}
        </Command.Item>
      ))}
    </PaletteDialog>
  );
}
