import type { ReactNode } from "react";

/** An entry of the command palette; those with a shortcut are also bound at window level. */
export interface WorkbenchCommand {
  id: string;
  title: string;
  /** "Mod+Shift+P" style; Mod is ⌘ on Apple platforms, Ctrl elsewhere. */
  shortcut?: string;
  icon?: ReactNode;
  /** Neither listed nor bound when false (e.g. write commands for viewers). */
  available?: boolean;
  /** Bound to its shortcut but not listed (the palette's own entry). */
  hiddenInPalette?: boolean;
  run: () => void;
}
