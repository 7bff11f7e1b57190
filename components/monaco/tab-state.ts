import type { ResolvedLanguage } from "./languages";
import type { EditorState, OpenFileState } from "./editor-types";

type Tabs = Pick<EditorState, "tabs" | "activePath" | "files">;

/** The tab strip with `path` opened (loading) at the end; a tab already open keeps its place. */
export function withTab({ tabs, files }: Tabs, path: string, language: ResolvedLanguage): Pick<EditorState, "tabs" | "files"> {
  return {
    tabs: tabs.includes(path) ? tabs : [...tabs, path],
    files: { ...files, [path]: { path, language, loading: true, status: "saved", dirty: false, error: null, conflict: null } },
  };
}

/**
 * The tab strip without `path`, or null when it is not open. Closing the active tab activates its
 * right neighbour, else its left one.
 */
export function withoutTab({ tabs, activePath, files }: Tabs, path: string): Tabs | null {
  const index = tabs.indexOf(path);
  if (index === -1) return null;
  const nextTabs = tabs.filter((tab) => tab !== path);
  const nextFiles = { ...files };
  delete nextFiles[path];
  const nextActive = activePath === path ? (nextTabs[index] ?? nextTabs[index - 1] ?? null) : activePath;
  return { tabs: nextTabs, files: nextFiles, activePath: nextActive };
}

/** The tab strip after a move on the server: every renamed tab keeps its place and its state. */
export function withRenamedTabs(
  { tabs, activePath, files }: Tabs,
  renames: ReadonlyMap<string, string>,
  freshState: (newPath: string) => Partial<OpenFileState>,
): Tabs {
  const nextFiles: Record<string, OpenFileState> = {};
  for (const [path, file] of Object.entries(files)) {
    const newPath = renames.get(path) ?? path;
    nextFiles[newPath] = { ...file, ...freshState(newPath), path: newPath };
  }
  return {
    tabs: tabs.map((path) => renames.get(path) ?? path),
    activePath: activePath ? (renames.get(activePath) ?? activePath) : null,
    files: nextFiles,
  };
}

/** The tab order with `path` moved to `toIndex` (clamped to the strip). */
export function withTabMoved(tabs: readonly string[], path: string, toIndex: number): string[] {
  const next = tabs.filter((tab) => tab !== path);
  next.splice(Math.max(0, Math.min(toIndex, next.length)), 0, path);
  return next;
}
