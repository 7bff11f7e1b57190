import type { EditorService } from "@/components/monaco/editor-service";

/** Where this browser keeps a project's open tabs. */
export const savedTabsKey = (projectId: string) => `wafer-tabs:${projectId}`;

export interface SavedTabs {
  tabs: string[];
  active: string | null;
}

/** Reads what was saved, keeping only files that still exist; junk reads as no tabs. */
export function parseSavedTabs(raw: string | null, existingFiles: ReadonlySet<string>): SavedTabs {
  try {
    const saved = JSON.parse(raw ?? "null") as { tabs?: unknown; active?: unknown } | null;
    const tabs = Array.isArray(saved?.tabs)
      ? [...new Set(saved.tabs.filter((tab): tab is string => typeof tab === "string" && existingFiles.has(tab)))]
      : [];
    const active = typeof saved?.active === "string" && tabs.includes(saved.active) ? saved.active : (tabs.at(-1) ?? null);
    return { tabs, active };
  } catch {
    return { tabs: [], active: null };
  }
}

/**
 * Reopens the tabs of the last visit to this project and remembers them as they change (per
 * browser, in localStorage). Returns the function that stops remembering; call it before the
 * service is reset, so closing the page does not read as closing every tab.
 */
export function rememberTabs(service: EditorService, projectId: string, existingFiles: ReadonlySet<string>): () => void {
  const key = savedTabsKey(projectId);
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(key);
  } catch {
    // Storage disabled: start with no tabs.
  }
  const { tabs, active } = parseSavedTabs(raw, existingFiles);
  for (const path of tabs) void service.openFile(path, { activate: path === active, focus: false });

  return service.store.subscribe((state, previous) => {
    if (state.tabs === previous.tabs && state.activePath === previous.activePath) return;
    try {
      localStorage.setItem(key, JSON.stringify({ tabs: state.tabs, active: state.activePath } satisfies SavedTabs));
    } catch {
      // Storage full or disabled: tabs are a convenience, not data.
    }
  });
}
