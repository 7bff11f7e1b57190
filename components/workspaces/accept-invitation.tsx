"use client";

import { useRouter } from "next/navigation";

import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { useAction } from "@/components/ui/use-action";
import { apiFetch } from "@/lib/http/client";
import type { WorkspaceSummary } from "@/lib/workspaces/contract";

export function AcceptInvitation({ token }: { token: string }) {
  const router = useRouter();
  const { error, pending, run } = useAction();
  return (
    <div className="space-y-2">
      <Button
        variant="primary"
        size="md"
        className="w-full"
        disabled={pending}
        onClick={() =>
          run(
            () => apiFetch<WorkspaceSummary>("/api/invitations/accept", { method: "POST", json: { token } }),
            (workspace) => router.push(`/w/${workspace.slug}`),
          )
        }
      >
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
      <ErrorText error={error} />
    </div>
  );
}
