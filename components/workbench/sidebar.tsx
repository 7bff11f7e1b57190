"use client";

import { CircleAlert, Files, Search } from "lucide-react";
import type { ReactNode } from "react";

import { cn } from "@/components/ui/cn";

import { FileExplorer } from "./file-explorer";
import { ProblemsPanel } from "./problems-panel";
import type { Problem } from "./problems-model";
import type { SidebarView } from "./project-store";
import { SearchPanel } from "./search-panel";
import { useProjectState, useWorkbench } from "./workbench-context";

const VIEWS: { id: SidebarView; label: string; shortcut: string; icon: ReactNode }[] = [
  { id: "explorer", label: "Explorer", shortcut: "Ctrl+Shift+E", icon: <Files className="size-3.5" aria-hidden /> },
  { id: "search", label: "Search", shortcut: "Ctrl+Shift+F", icon: <Search className="size-3.5" aria-hidden /> },
  { id: "problems", label: "Problems", shortcut: "Ctrl+Shift+M", icon: <CircleAlert className="size-3.5" aria-hidden /> },
];

/** The left panel: explorer, search or problems, one at a time. */
export function Sidebar({ onFixProblem }: { onFixProblem: (problem: Problem) => void }) {
  const { store } = useWorkbench();
  const view = useProjectState((state) => state.sidebar);
  return (
    <div className="flex h-full min-w-0 flex-col">
      <div role="tablist" aria-label="Side panel" className="@container flex h-8 shrink-0 items-stretch gap-0.5 border-b border-zinc-200 bg-zinc-100 px-1 dark:border-zinc-800 dark:bg-zinc-900">
        {VIEWS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`sidebar-tab-${item.id}`}
            aria-selected={view === item.id}
            aria-controls="sidebar-view"
            aria-label={item.label}
            title={`${item.label} (${item.shortcut})`}
            data-testid={`sidebar-tab-${item.id}`}
            onClick={() => store.setState({ sidebar: item.id })}
            className={cn(
              "flex min-w-0 items-center gap-1 border-b-2 px-2 text-[11px] font-medium text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500 dark:text-zinc-300 dark:hover:text-white",
              view === item.id ? "border-sky-600 text-zinc-900 dark:border-sky-400 dark:text-white" : "border-transparent",
            )}
          >
            {item.icon}
            {/* In a narrow panel only the active tab is labelled (labels were cut to "Explo…"); the rest are icons with a title. */}
            <span className={cn("truncate", view !== item.id && "hidden @2xs:block")}>{item.label}</span>
          </button>
        ))}
      </div>
      <div id="sidebar-view" role="tabpanel" aria-labelledby={`sidebar-tab-${view}`} className="min-h-0 flex-1">
        {/* Hidden rather than unmounted, so a search keeps its query and results while the explorer shows. */}
        <div hidden={view !== "explorer"} className="h-full">
          <FileExplorer />
        </div>
        <div hidden={view !== "search"} className="h-full">
          <SearchPanel />
        </div>
        {view === "problems" ? <ProblemsPanel onFix={onFixProblem} /> : null}
      </div>
    </div>
  );
}
