import { LogOut } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Toaster } from "@/components/ui/toaster";
import { WorkspaceSwitcher } from "@/components/workspaces/workspace-switcher";
import type { WorkspaceChoice, WorkspaceView } from "@/lib/workspaces/contract";

const tabClass = "rounded-md px-2.5 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";
const activeTabClass = "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100";

/** The frame of every /w/[slug] page: logo, workspace switcher, Projects/Usage/Settings tabs, the user. */
export function WorkspaceShell({
  user,
  workspace,
  workspaces,
  signOutAction,
  active,
  children,
}: {
  user: { name: string | null; email: string | null };
  workspace: WorkspaceView;
  workspaces: WorkspaceChoice[];
  signOutAction: () => Promise<void>;
  active: "projects" | "usage" | "settings";
  children: ReactNode;
}) {
  return (
    <div className="min-h-full">
      <header className="flex items-center justify-between gap-4 border-b border-zinc-200 px-6 py-2.5 dark:border-zinc-800">
        <div className="flex min-w-0 items-center gap-3">
          <Link href={`/w/${workspace.slug}`} className="flex items-center gap-2 font-semibold" aria-label="Wafer home">
            <span className="flex h-7 w-7 items-center justify-center rounded-md bg-indigo-600 text-sm text-white">W</span>
          </Link>
          <span className="text-zinc-300 dark:text-zinc-700" aria-hidden>
            /
          </span>
          <WorkspaceSwitcher current={workspace} workspaces={workspaces} />
          <nav className="ml-2 flex items-center gap-1" aria-label="Workspace">
            <Link href={`/w/${workspace.slug}`} className={`${tabClass} ${active === "projects" ? activeTabClass : ""}`} aria-current={active === "projects" ? "page" : undefined}>
              Projects
            </Link>
            <Link
              href={`/w/${workspace.slug}/usage`}
              className={`${tabClass} ${active === "usage" ? activeTabClass : ""}`}
              aria-current={active === "usage" ? "page" : undefined}
              data-testid="usage-tab"
            >
              Usage
            </Link>
            <Link
              href={`/w/${workspace.slug}/settings`}
              className={`${tabClass} ${active === "settings" ? activeTabClass : ""}`}
              aria-current={active === "settings" ? "page" : undefined}
              data-testid="settings-tab"
            >
              Settings
            </Link>
          </nav>
        </div>
        <div className="flex items-center gap-3 text-sm text-zinc-600 dark:text-zinc-400">
          <ThemeToggle />
          <Link href="/account" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100" data-testid="current-user" title="Account and settings">
            {user.name ?? user.email}
          </Link>
          <form action={signOutAction}>
            <button
              type="submit"
              className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              <LogOut className="h-4 w-4" aria-hidden /> Sign out
            </button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-10 px-6 py-8">{children}</main>
      <Toaster />
    </div>
  );
}
