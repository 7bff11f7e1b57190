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
