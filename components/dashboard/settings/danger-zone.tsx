"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { confirmAction } from "@/components/ui/choice-dialog";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { apiFetch } from "@/lib/http/client";
import type { MemberSummary, WorkspaceView } from "@/lib/workspaces/contract";
import { roleLabels } from "@/lib/workspaces/roles";

import { Section, selectClass } from "./section";

export function DangerZone({ workspace, currentUserId, members }: { workspace: WorkspaceView; currentUserId: string; members: MemberSummary[] }) {
  const router = useRouter();
  const others = members.filter((m) => m.userId !== currentUserId);
  const [target, setTarget] = useState(others[0]?.userId ?? "");
  const [confirmName, setConfirmName] = useState("");
  const transfer = useAction();
  const remove = useAction();
  return (
    <Section title="Danger zone" testId="danger-zone" danger>
      <div className="space-y-2">
        <h3 className="text-sm font-medium">Transfer ownership</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {others.length === 0 ? "Invite someone first: only a member can become the owner." : "The member you choose becomes an owner; you become an admin."}
        </p>
        <div className={others.length === 0 ? "hidden" : "flex gap-2"}>
          <select className={selectClass} value={target} onChange={(e) => setTarget(e.target.value)} aria-label="New owner" disabled={others.length === 0}>
            {others.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name ?? m.email} ({roleLabels[m.role]})
              </option>
            ))}
          </select>
          <Button
            variant="secondary"
            disabled={!target || transfer.pending}
            onClick={async () => {
              const who = others.find((m) => m.userId === target);
              const confirmed = await confirmAction({
                title: `Make ${who?.name ?? who?.email} the owner of ${workspace.name}?`,
                message: "You will become an admin.",
                confirmLabel: "Transfer ownership",
                danger: true,
              });
              if (confirmed) transfer.run(() => apiFetch(`/api/workspaces/${workspace.id}/transfer`, { method: "POST", json: { userId: target } }));
            }}
          >
            Transfer ownership
          </Button>
        </div>
        <ErrorText error={transfer.error} />
      </div>
      <form
        className="space-y-2 border-t border-red-200 pt-4 dark:border-red-900"
        onSubmit={(event) => {
          event.preventDefault();
          remove.run(
            () => apiFetch(`/api/workspaces/${workspace.id}`, { method: "DELETE", json: { confirmName } }),
            () => router.push("/"),
          );
        }}
      >
        <h3 className="text-sm font-medium">Delete this workspace</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Its projects, files, chat sessions, members and invitations are deleted with it. This cannot be undone. Type <strong>{workspace.name}</strong> to confirm.
        </p>
        <div className="flex gap-2">
          <Input value={confirmName} onChange={(e) => setConfirmName(e.target.value)} aria-label="Type the workspace name to confirm" className="max-w-xs" />
          <Button type="submit" variant="danger" disabled={confirmName !== workspace.name || remove.pending}>
            Delete workspace
          </Button>
        </div>
        <ErrorText error={remove.error} />
      </form>
    </Section>
  );
}
