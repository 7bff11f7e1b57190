export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * Whether a key event is `shortcut` ("Mod+Shift+P", "F2", "Mod+S"). Mod is ⌘ on Apple platforms
 * and Ctrl elsewhere; modifiers must match exactly so Mod+P never fires for Mod+Shift+P.
 */
export function matchesShortcut(event: KeyLike, shortcut: string, apple: boolean): boolean {
  const parts = shortcut.split("+");
  const key = parts.pop();
  if (!key) return false;
  const wants = new Set(parts);
  const mod = apple ? event.metaKey : event.ctrlKey;
  const otherCtrlLike = apple ? event.ctrlKey : event.metaKey;
  if (mod !== wants.has("Mod") || otherCtrlLike) return false;
  if (event.shiftKey !== wants.has("Shift") || event.altKey !== wants.has("Alt")) return false;
  return event.key.toLowerCase() === key.toLowerCase();
}

export type ShortcutGroup = "General" | "Files" | "Editor" | "AI" | "View";

export interface ShortcutEntry {
  /** "Mod+Shift+P" style, as matchesShortcut reads it. */
  keys: string;
  /** Where Apple keyboards differ beyond Mod (Monaco binds some keys to Ctrl on every platform). */
  appleKeys?: string;
  title: string;
  group: ShortcutGroup;
  /** Bound by Monaco or an editor contribution, not by the workbench's window-level listener. */
  inEditor?: boolean;
}

/**
 * Every keyboard shortcut of the IDE, in one table: the workbench binds its commands' keys from it,
 * the shortcuts sheet (`?`) lists it, and features (search, chat toggle, inline edit) add their row
 * here rather than hard-coding keys.
 */
export const workbenchShortcuts = {
  "workbench.commands": { keys: "Mod+Shift+P", title: "Command palette", group: "General" },
  "workbench.shortcuts": { keys: "?", title: "Keyboard shortcuts (outside text fields)", group: "General" },
  "file.quickOpen": { keys: "Mod+P", title: "Go to file", group: "Files" },
  "file.save": { keys: "Mod+S", title: "Save", group: "Files" },
  "search.files": { keys: "Mod+Shift+F", title: "Search across files", group: "Files" },
  "ai.inlineEdit": { keys: "Mod+K", title: "Edit the selection with AI", group: "AI", inEditor: true },
  "chat.focus": { keys: "Mod+L", title: "Focus the chat input", group: "AI" },
  "view.toggleChat": { keys: "Mod+Alt+B", title: "Show or hide the chat", group: "View" },
  "view.toggleExplorer": { keys: "Mod+B", title: "Show or hide the explorer", group: "View" },
  "editor.tabFocus": {
    keys: "Ctrl+M",
    appleKeys: "Ctrl+Shift+M",
    title: "Tab moves focus out of the editor (toggle; Tab inserts a tab again when off)",
    group: "Editor",
    inEditor: true,
  },
} as const satisfies Record<string, ShortcutEntry>;

export type ShortcutId = keyof typeof workbenchShortcuts;

export const shortcutGroups: ShortcutGroup[] = ["General", "Files", "AI", "Editor", "View"];

/** True when a key typed at `target` is text input (a field or the code editor), not a command. */
export function isTextEntryTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const element = target as HTMLElement;
  return element.isContentEditable || element.closest("input, textarea, select, .monaco-editor, [contenteditable]") !== null;
}
