"use client";

import type { BillingOverview, ProviderKeySummary } from "@/lib/billing/contract";
import type { WorkspaceView } from "@/lib/workspaces/contract";

import { BillingSection } from "./billing";
import { ProviderKeySection } from "./provider-key";

/** The settings page's billing block: the plan, and the workspace's own model key. */
export function WorkspaceBilling({ workspace, billing, providerKey }: { workspace: WorkspaceView; billing: BillingOverview; providerKey: ProviderKeySummary | null }) {
  return (
    <>
      <BillingSection workspace={workspace} billing={billing} />
      <ProviderKeySection workspace={workspace} providerKey={providerKey} />
    </>
  );
}
