"use client";

import { ArrowLeft, Command as CommandIcon, Download, Eye, PanelLeft, PanelRight, Search } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";

import { ThemeToggle } from "@/components/theme/theme-toggle";
import { IconButton } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { WorkspaceSwitcher } from "@/components/workspaces/workspace-switcher";

import { useWorkbench } from "./workbench-context";

export function TopBar({ onToggleSidebar, onToggleChat }: { onToggleSidebar: () => void; onToggleChat?: () => void }) {
  const { project, store, actions } = useWorkbench();
  const router = useRouter();
  const backHref = project.workspaces ? `/w/${project.workspaces.current.slug}` : "/";
  // Prefetched on intent, not on sight: a viewport prefetch renders the dashboard on the server and
  // parses its code in the browser while the editor is still loading.
  const prefetchBack = () => router.prefetch(backHref);

  return (
    <header
      // Narrow windows: the project name takes the free space and the search box shrinks to its icon.
      className="grid h-10 shrink-0 grid-cols-[minmax(0,1fr)_auto_auto] items-center gap-2 border-b border-zinc-200 bg-zinc-100 px-2 lg:grid-cols-[1fr_minmax(0,28rem)_1fr] dark:border-zinc-800 dark:bg-zinc-950"
      data-testid="top-bar"
    >
      <div className="flex min-w-0 items-center gap-1">
        <Link
          href={backHref}
          prefetch={false}
          onMouseEnter={prefetchBack}
          onFocus={prefetchBack}
          className="flex h-7 shrink-0 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          data-testid="back-to-dashboard"
          title="Back to projects"
        >
          <ArrowLeft className="size-3.5" aria-hidden />
          <span className="hidden font-semibold tracking-tight md:inline">Wafer</span>
        </Link>
        <IconButton label="Toggle Explorer" onClick={onToggleSidebar} data-testid="toggle-sidebar" className="size-7">
          <PanelLeft className="size-4" />
        </IconButton>
        <div className="flex min-w-0 items-center gap-1 text-sm">
          {/* The project name wins the space; the workspace name gives way first. */}
          {project.workspaces ? (
            <span className="hidden min-w-0 shrink-[4] self-center lg:flex">
              <WorkspaceSwitcher current={project.workspaces.current} workspaces={project.workspaces.all} compact />
            </span>
          ) : (
            <span className="hidden min-w-0 shrink-[4] truncate text-zinc-600 lg:inline dark:text-zinc-400">{project.workspaceName}</span>
          )}
          <span className="hidden text-zinc-600 dark:text-zinc-400 lg:inline" aria-hidden>
            /
          </span>
          <h1 className="min-w-0 shrink truncate font-medium text-zinc-900 dark:text-zinc-100" data-testid="project-name">
            {project.name}
          </h1>
        </div>
        {!project.canWrite ? (
          <span
            className="ml-1 flex shrink-0 items-center gap-1 rounded bg-amber-100 px-1.5 py-0.5 text-[11px] font-medium text-amber-800 dark:bg-amber-900/50 dark:text-amber-200"
            data-testid="read-only-badge"
          >
            <Eye className="size-3" aria-hidden /> Read-only
          </span>
        ) : null}
      </div>

      <button
        type="button"
        onClick={() => store.setState({ overlay: "quick-open" })}
        data-testid="open-quick-open"
        className="flex h-7 min-w-0 items-center gap-2 rounded-md border border-zinc-300 bg-white px-2.5 text-xs text-zinc-600 hover:border-zinc-400 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400 dark:hover:border-zinc-600 dark:hover:text-zinc-200"
      >
        <Search className="size-3.5 shrink-0" aria-hidden />
        <span className="sr-only flex-1 truncate text-left lg:not-sr-only">Search files</span>
        <Kbd shortcut="Mod+P" className="hidden text-zinc-600 lg:inline-flex dark:text-zinc-300" />
      </button>

      <div className="flex items-center justify-end gap-0.5">
        <IconButton label="Command Palette" onClick={() => store.setState({ overlay: "commands" })} data-testid="open-command-palette">
          <CommandIcon className="size-4" />
        </IconButton>
        <IconButton label="Download project as .zip" onClick={actions.downloadProject} data-testid="download-project">
          <Download className="size-4" />
        </IconButton>
        {onToggleChat ? (
          <IconButton label="Toggle Chat" title="Toggle Chat (Ctrl+Alt+B)" onClick={onToggleChat} data-testid="toggle-chat">
            <PanelRight className="size-4" />
          </IconButton>
        ) : null}
        <ThemeToggle />
      </div>
    </header>
  );
}
