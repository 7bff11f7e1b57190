"use client";

import { Download, FolderUp, MoreHorizontal, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";

import type { WorkspaceChoice, WorkspaceView } from "@/lib/workspaces/contract";
import { roleLabels } from "@/lib/workspaces/roles";
import type { AppError } from "@/lib/errors";
import { apiFetch } from "@/lib/http/client";
import type { ImportProjectResponse, ProjectSummary } from "@/lib/projects/contract";
import { describeImport } from "@/lib/projects/import-summary";
import { projectStarters, starterLabels, type ProjectOrigin, type ProjectStarter } from "@/lib/projects/starters";

import { ChoiceDialogHost, confirmAction } from "@/components/ui/choice-dialog";
import { ErrorText } from "@/components/ui/error-text";
import { useAction } from "@/components/ui/use-action";

import { WorkspaceShell } from "./workspace-shell";

const buttonClass =
  "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60";
const primaryClass = `${buttonClass} bg-indigo-600 text-white hover:bg-indigo-500`;
const secondaryClass = `${buttonClass} border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800`;
const inputClass =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900";

/** One workspace's projects, at /w/[slug]; controls follow the role's permissions (lib/workspaces/roles). */
export function Dashboard({
  user,
  workspace,
  workspaces,
  projects,
  signOutAction,
}: {
  user: { name: string | null; email: string | null };
  workspace: WorkspaceView;
  workspaces: WorkspaceChoice[];
  projects: ProjectSummary[];
  signOutAction: () => Promise<void>;
}) {
  return (
    <WorkspaceShell user={user} workspace={workspace} workspaces={workspaces} signOutAction={signOutAction} active="projects">
      <WorkspaceSection workspace={workspace} projects={projects} />
      <ChoiceDialogHost />
    </WorkspaceShell>
  );
}

function WorkspaceSection({ workspace, projects }: { workspace: WorkspaceView; projects: ProjectSummary[] }) {
  const [creating, setCreating] = useState(false);
  const [importStatus, setImportStatus] = useState<ImportStatus | null>(null);
  const { permissions } = workspace;
  return (
    <section aria-labelledby={`ws-${workspace.id}`} className="space-y-4" data-testid="workspace-section">
      <div className="flex items-center justify-between">
        <div>
          <h1 id={`ws-${workspace.id}`} className="text-lg font-semibold">
            {workspace.name}
          </h1>
          <p className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400" data-testid="workspace-role">
            {workspace.plan} plan · {roleLabels[workspace.role]}
          </p>
        </div>
        {permissions["project.create"] ? (
          <div className="flex gap-2">
            <ImportZipButton workspaceId={workspace.id} onStatus={setImportStatus} />
            <button type="button" className={primaryClass} onClick={() => setCreating(true)}>
              <Plus className="h-4 w-4" aria-hidden /> New project
            </button>
          </div>
        ) : null}
      </div>
      {importStatus ? <ImportStatusBanner status={importStatus} onDismiss={() => setImportStatus(null)} /> : null}
      {creating ? <NewProjectForm workspaceId={workspace.id} onCancel={() => setCreating(false)} /> : null}
      {projects.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:text-zinc-400 dark:border-zinc-700">
          {permissions["project.create"] ? "No projects yet. Create one from a starter or import a .zip." : "No projects in this workspace yet."}
        </p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label={`Projects in ${workspace.name}`}>
          {projects.map((project) => (
            <ProjectCard key={project.id} project={project} canRename={permissions["project.edit"]} canDelete={permissions["project.delete"]} />
          ))}
        </ul>
      )}
    </section>
  );
}

function NewProjectForm({ workspaceId, onCancel }: { workspaceId: string; onCancel: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [starter, setStarter] = useState<ProjectStarter>("typescript");
  const { error, pending, run } = useAction();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    run(
      () => apiFetch<ProjectSummary>("/api/projects", { method: "POST", json: { workspaceId, name, starter } }),
      (project) => router.push(`/p/${project.id}`),
    );
  }

  return (
    <form
      onSubmit={submit}
      className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      aria-label="New project"
      data-testid="new-project-form"
    >
      <label className="block space-y-1 text-sm">
        <span>Project name</span>
        <input autoFocus required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
      </label>
      <fieldset className="space-y-2">
        <legend className="text-sm">Starter</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {projectStarters.map((s) => (
            <label
              key={s}
              className="flex cursor-pointer gap-2 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50 dark:border-zinc-800 dark:has-[:checked]:bg-indigo-950"
            >
              <input type="radio" name="starter" value={s} checked={starter === s} onChange={() => setStarter(s)} />
              <span>
                <span className="block font-medium">{starterLabels[s].title}</span>
                <span className="text-zinc-600 dark:text-zinc-400">{starterLabels[s].description}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorText error={error} />
      <div className="flex justify-end gap-2">
        <button type="button" className={secondaryClass} onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={primaryClass} disabled={pending}>
          {pending ? "Creating…" : "Create project"}
        </button>
      </div>
    </form>
  );
}

type ImportStatus = { kind: "error"; text: string } | { kind: "done"; text: string; projectId: string; name: string };

function ImportZipButton({ workspaceId, onStatus }: { workspaceId: string; onStatus: (status: ImportStatus | null) => void }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [pending, startTransition] = useTransition();

  function onFile(file: File) {
    onStatus(null);
    startTransition(async () => {
      try {
        const name = file.name.replace(/\.zip$/i, "") || "Imported project";
        const params = new URLSearchParams({ workspaceId, name });
        const result = await apiFetch<ImportProjectResponse>(`/api/projects/import?${params}`, {
          method: "POST",
          headers: { "content-type": "application/zip" },
          body: file,
        });
        // Stay here with the summary (what was skipped matters before opening it); the list refreshes.
        onStatus({ kind: "done", text: describeImport(result), projectId: result.project.id, name: result.project.name });
        router.refresh();
      } catch (e) {
        onStatus({ kind: "error", text: (e as AppError).message });
      } finally {
        if (input.current) input.current.value = "";
      }
    });
  }

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        className="sr-only"
        aria-label="Import a .zip"
        data-testid="import-zip-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
        }}
      />
      <button type="button" className={secondaryClass} disabled={pending} onClick={() => input.current?.click()}>
        <FolderUp className="h-4 w-4" aria-hidden /> {pending ? "Importing…" : "Import .zip"}
      </button>
    </>
  );
}

/** The import's outcome in the page flow, above the project cards (never over them). */
function ImportStatusBanner({ status, onDismiss }: { status: ImportStatus; onDismiss: () => void }) {
  const error = status.kind === "error";
  return (
    <div
      role={error ? "alert" : "status"}
      data-testid="import-status"
      className={`flex items-start gap-3 rounded-md border px-3 py-2 text-sm ${error ? "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" : "border-zinc-200 bg-zinc-50 text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"}`}
    >
      <p className="min-w-0 flex-1">
        {error ? <strong className="font-semibold">Could not import. </strong> : null}
        {status.text}
        {status.kind === "done" ? (
          <>
            {" "}
            <Link href={`/p/${status.projectId}`} className="font-medium text-indigo-700 underline dark:text-indigo-300">
              Open {status.name}
            </Link>
          </>
        ) : null}
      </p>
      <button type="button" className="text-xs underline" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

function ProjectCard({ project, canRename, canDelete }: { project: ProjectSummary; canRename: boolean; canDelete: boolean }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(project.name);
  const { error, pending, run, clearError } = useAction();

  return (
    <li className="group relative rounded-lg border border-zinc-200 p-4 hover:border-indigo-400 dark:border-zinc-800" data-testid="project-card">
      {renaming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(async () => {
              await apiFetch(`/api/projects/${project.id}`, { method: "PATCH", json: { name } });
              setRenaming(false);
            });
          }}
          className="flex gap-2"
        >
          <input
            autoFocus
            aria-label="Project name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Escape") return;
              e.preventDefault();
              setName(project.name);
              clearError();
              setRenaming(false);
            }}
            className={inputClass}
          />
          <button type="submit" className={primaryClass} disabled={pending}>
            Save
          </button>
        </form>
      ) : (
        <Link href={`/p/${project.id}`} className="block font-medium hover:underline">
          {project.name}
        </Link>
      )}
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        {starterLabels[project.starter as ProjectOrigin]?.title ?? project.starter} · updated{" "}
        <time dateTime={project.updatedAt}>{new Date(project.updatedAt).toLocaleString()}</time>
      </p>
      <ErrorText error={error} className="mt-2" />
      <div className="absolute right-2 top-2">
        <button
          type="button"
          aria-label={`Actions for ${project.name}`}
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          className="rounded p-1 text-zinc-600 dark:text-zinc-400 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          onClick={() => setMenuOpen((v) => !v)}
        >
          <MoreHorizontal className="h-4 w-4" aria-hidden />
        </button>
        {menuOpen ? (
          <div
            role="menu"
            className="absolute right-0 z-10 mt-1 w-44 rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
            onMouseLeave={() => setMenuOpen(false)}
          >
            <a role="menuitem" href={`/api/projects/${project.id}/export`} className="flex items-center gap-2 px-3 py-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800">
              <Download className="h-4 w-4" aria-hidden /> Download .zip
            </a>
            {canRename ? (
              <button
                role="menuitem"
                type="button"
                className="flex w-full items-center gap-2 px-3 py-1.5 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
                onClick={() => {
                  setMenuOpen(false);
                  setRenaming(true);
                }}
              >
                <Pencil className="h-4 w-4" aria-hidden /> Rename
              </button>
            ) : null}
            {canDelete ? (
              <button
                role="menuitem"
                type="button"
                className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-red-600 hover:bg-red-50 dark:hover:bg-red-950"
                onClick={async () => {
                  setMenuOpen(false);
                  const confirmed = await confirmAction({
                    title: `Delete “${project.name}”?`,
                    message: "The project and all its files are deleted. This cannot be undone.",
                    confirmLabel: "Delete project",
                    danger: true,
                  });
                  if (confirmed) run(() => apiFetch(`/api/projects/${project.id}`, { method: "DELETE" }));
                }}
              >
                <Trash2 className="h-4 w-4" aria-hidden /> Delete
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}
