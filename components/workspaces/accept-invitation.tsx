"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { Button } from "@/components/ui/button";
import type { AppError } from "@/lib/errors";
import { apiFetch } from "@/lib/http/client";
import type { WorkspaceSummary } from "@/lib/workspaces/contract";

export function AcceptInvitation({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-2">
      <Button
        variant="primary"
        size="md"
        className="w-full"
        disabled={pending}
        onClick={() => {
          setError(null);
          startTransition(async () => {
            try {
              const workspace = await apiFetch<WorkspaceSummary>("/api/invitations/accept", { method: "POST", json: { token } });
              router.push(`/w/${workspace.slug}`);
            } catch (e) {
              setError((e as AppError).message);
            }
          });
        }}
      >
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
