"use client";

import { Check, ChevronsUpDown, Plus, Settings, Users } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { ErrorText } from "@/components/ui/error-text";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { apiFetch } from "@/lib/http/client";
import type { WorkspaceChoice, WorkspaceSummary } from "@/lib/workspaces/contract";
import { roleLabels } from "@/lib/workspaces/roles";

import { AccessWatcher } from "./access-watcher";

export function RoleBadge({ role, plan, className }: Pick<WorkspaceChoice, "role" | "plan"> & { className?: string }) {
  return (
    <span className={cn("shrink-0 text-[11px] uppercase tracking-wide text-zinc-500 dark:text-zinc-400", className)}>
      {plan} · {roleLabels[role]}
    </span>
  );
}

/**
 * The top bar's workspace menu, on every page: every workspace the user belongs to (plan and role),
 * a link to the current one's settings, and "New team". It also refreshes the page when the server
 * says the user's access changed (AccessWatcher), so a downgrade shows at once.
 */
export function WorkspaceSwitcher({ current, workspaces, compact = false }: { current: WorkspaceChoice; workspaces: WorkspaceChoice[]; compact?: boolean }) {
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="relative flex min-w-0" data-testid="workspace-switcher">
      <AccessWatcher />
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className={cn(
          "flex min-w-0 max-w-full items-center gap-1.5 rounded-md px-2 text-left hover:bg-zinc-200/70 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800",
          compact ? "h-7 text-xs" : "h-8 text-sm",
        )}
        data-testid="workspace-switcher-button"
      >
        <span className="truncate font-medium" data-testid="current-workspace">
          {current.name}
        </span>
        {compact ? null : <RoleBadge role={current.role} plan={current.plan} />}
        <ChevronsUpDown className="size-3.5 shrink-0 text-zinc-400" aria-hidden />
      </button>
      {open ? (
        <div
          className="absolute left-0 top-full z-50 mt-1 w-72 rounded-lg border border-zinc-200 bg-white py-1 text-sm shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
          data-testid="workspace-menu"
        >
          <p className="px-3 pb-1 pt-1.5 text-[11px] font-medium uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Workspaces</p>
          <ul aria-label="Workspaces">
            {workspaces.map((workspace) => (
              <li key={workspace.id}>
                <Link
                  href={`/w/${workspace.slug}`}
                  onClick={() => setOpen(false)}
                  aria-current={workspace.id === current.id ? "page" : undefined}
                  className="flex items-center gap-2 px-3 py-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                  data-testid="workspace-option"
                >
                  {workspace.personal ? <span className="size-4" aria-hidden /> : <Users className="size-4 shrink-0 text-zinc-400" aria-hidden />}
                  <span className="min-w-0 flex-1 truncate">{workspace.name}</span>
                  <RoleBadge role={workspace.role} plan={workspace.plan} />
                  {workspace.id === current.id ? <Check className="size-3.5 shrink-0 text-sky-600" aria-label="current" /> : <span className="size-3.5" />}
                </Link>
              </li>
            ))}
          </ul>
          <div className="my-1 border-t border-zinc-200 dark:border-zinc-800" />
          <Link
            href={`/w/${current.slug}/settings`}
            onClick={() => setOpen(false)}
            className="flex items-center gap-2 px-3 py-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <Settings className="size-4 text-zinc-400" aria-hidden /> Workspace settings
          </Link>
          <button
            type="button"
            className="flex w-full items-center gap-2 px-3 py-1.5 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
            onClick={() => {
              setOpen(false);
              setCreating(true);
            }}
          >
            <Plus className="size-4 text-zinc-400" aria-hidden /> New team
          </button>
        </div>
      ) : null}
      <NewTeamDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

export function NewTeamDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const { error, pending, run } = useAction();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    run(
      () => apiFetch<WorkspaceSummary>("/api/workspaces", { method: "POST", json: { name } }),
      (team) => {
        onClose();
        setName("");
        router.push(`/w/${team.slug}`);
      },
    );
  }

  return (
    <Dialog open={open} onClose={onClose} title="New team" description="A shared workspace: invite people, give them roles, build projects together." data-testid="new-team-dialog">
      <form onSubmit={submit} className="flex flex-col gap-3">
        <label className="flex flex-col gap-1 text-sm">
          <span>Team name</span>
          <Input data-autofocus required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <ErrorText error={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Creating…" : "Create team"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
