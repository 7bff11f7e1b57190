"use client";

import Link from "next/link";

import { useChatState } from "./chat-context";

/**
 * Shown under the picker when the chosen model is locked by the workspace's plan: the model stays
 * selectable (not hidden), and this says what unlocks it. The server refuses the turn anyway (403).
 */
export function ModelUpsell() {
  const models = useChatState((s) => s.models);
  const model = useChatState((s) => s.model);
  const chosen = models?.models.find((m) => m.id === model);
  const workspace = models?.workspace;
  if (!chosen?.locked || !workspace) return null;
  return (
    <p data-testid="model-upsell" className="rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-[12px] text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
      {chosen.label} needs a Pro or Team plan.{" "}
      <Link href={`/w/${workspace.slug}/settings#billing`} className="font-medium underline">
        Upgrade
      </Link>{" "}
      or add your workspace&apos;s own API key in settings.
    </p>
  );
}
