"use client";

import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { ProviderKeySummary } from "@/lib/billing/contract";
import { apiFetch } from "@/lib/http/client";
import type { WorkspaceView } from "@/lib/workspaces/contract";

import { ErrorText } from "@/components/ui/error-text";
import { useAction } from "@/components/ui/use-action";
import { formatDate, Section } from "./section";

/** The workspace's own Cerebras key: added, replaced or deleted here; only its last 4 characters ever come back. */
export function ProviderKeySection({ workspace, providerKey }: { workspace: WorkspaceView; providerKey: ProviderKeySummary | null }) {
  const [apiKey, setApiKey] = useState("");
  const { error, pending, run } = useAction();
  const url = `/api/workspaces/${workspace.id}/provider-key`;
  return (
    <Section
      title="Your own API key"
      description="Turns use your workspace's Cerebras key instead of Wafer's: the models it reaches are unlocked, and its tokens are not counted against your plan's budget."
      testId="provider-key-settings"
    >
      {providerKey ? (
        <p className="text-sm" data-testid="provider-key-current">
          Key ending in <code>{providerKey.last4}</code> · {providerKey.baseUrl} · added {formatDate(providerKey.updatedAt)}
        </p>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No key: turns use Wafer&apos;s.</p>
      )}
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          run(async () => {
            await apiFetch(url, { method: "PUT", json: { apiKey } });
            setApiKey("");
          });
        }}
      >
        <Input
          type="password"
          autoComplete="off"
          aria-label="API key"
          placeholder={providerKey ? "New key to replace it" : "csk-…"}
          className="w-72"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          required
        />
        <Button type="submit" variant="primary" data-testid="save-provider-key" disabled={pending || apiKey.trim().length === 0}>
          {pending ? "Checking…" : providerKey ? "Replace key" : "Add key"}
        </Button>
        {providerKey ? (
          <Button variant="danger" data-testid="delete-provider-key" disabled={pending} onClick={() => run(() => apiFetch(url, { method: "DELETE" }))}>
            Delete key
          </Button>
        ) : null}
        <ErrorText error={error} />
      </form>
    </Section>
  );
}
