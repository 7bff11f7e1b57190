import { createStore, type StoreApi } from "zustand/vanilla";

import type { FileEntry } from "@/lib/files/contract";

import type { FileKind } from "./file-tree-model";

export type ExplorerEdit = { kind: "create"; entryKind: FileKind; dir: string } | { kind: "rename"; path: string };

/** Explorer and overlay state of one project's workbench (not the editor's; that is EditorService). */
export interface ProjectState {
  entries: FileEntry[];
  expanded: ReadonlySet<string>;
  /** The tree row with keyboard focus / selection. */
  focused: string | null;
  edit: ExplorerEdit | null;
  /** A tree mutation is running; the explorer disables further ones. */
  busy: boolean;
  overlay: "quick-open" | "commands" | null;
  /** What the left panel shows. */
  sidebar: SidebarView;
}

export const sidebarViews = ["explorer", "search", "problems"] as const;
export type SidebarView = (typeof sidebarViews)[number];

export type ProjectStore = StoreApi<ProjectState>;

export function createProjectStore(entries: FileEntry[]): ProjectStore {
  return createStore<ProjectState>(() => ({
    entries,
    expanded: new Set<string>(),
    focused: null,
    edit: null,
    busy: false,
    overlay: null,
    sidebar: "explorer",
  }));
}

export function setExpanded(store: ProjectStore, path: string, open: boolean): void {
  const { expanded } = store.getState();
  if (expanded.has(path) === open) return;
  const next = new Set(expanded);
  if (open) next.add(path);
  else next.delete(path);
  store.setState({ expanded: next });
}

export function expandAll(store: ProjectStore, paths: readonly string[]): void {
  const { expanded } = store.getState();
  if (paths.every((path) => expanded.has(path))) return;
  store.setState({ expanded: new Set([...expanded, ...paths]) });
}
