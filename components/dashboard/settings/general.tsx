"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { apiFetch } from "@/lib/http/client";
import type { WorkspaceSummary, WorkspaceView } from "@/lib/workspaces/contract";

import { Section } from "./section";

export function GeneralSection({ workspace }: { workspace: WorkspaceView }) {
  const router = useRouter();
  const [name, setName] = useState(workspace.name);
  const [slug, setSlug] = useState(workspace.slug);
  const { error, pending, run } = useAction();
  const editable = workspace.permissions["workspace.settings"];
  return (
    <Section title="General" description={editable ? "The workspace's name and its address." : "Only admins and owners change these."} testId="general-settings">
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          run(
            () => apiFetch<WorkspaceSummary>(`/api/workspaces/${workspace.id}`, { method: "PATCH", json: { name, slug } }),
            (updated) => {
              // A new slug is a new URL; the old one stops working at once.
              if (updated.slug !== workspace.slug) router.replace(`/w/${updated.slug}/settings`);
              else router.refresh();
            },
          );
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          <span>Name</span>
          <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!editable} maxLength={80} required aria-label="Workspace name" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>URL slug</span>
          <div className="flex items-center gap-1">
            <span className="text-zinc-600 dark:text-zinc-400">/w/</span>
            <Input value={slug} onChange={(e) => setSlug(e.target.value)} disabled={!editable} maxLength={60} required aria-label="Workspace slug" pattern="[a-z0-9][a-z0-9\-]{1,58}[a-z0-9]" />
          </div>
        </label>
        {editable ? (
          <div className="flex items-center gap-3 sm:col-span-2">
            <Button type="submit" variant="primary" disabled={pending || (name === workspace.name && slug === workspace.slug)}>
              {pending ? "Saving…" : "Save"}
            </Button>
            <ErrorText error={error} />
          </div>
        ) : null}
      </form>
    </Section>
  );
}
