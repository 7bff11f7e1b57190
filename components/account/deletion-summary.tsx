import Link from "next/link";

import type { AccountDeletionPlan, WorkspaceFate } from "@/lib/auth/account";

function fateText(fate: WorkspaceFate): string {
  switch (fate.kind) {
    case "deleted":
      return fate.reason === "personal" ? "Deleted, with its projects and chats." : "Deleted, with its projects and chats (you are its only member).";
    case "left":
      return "You leave it; its projects stay with the team. Your name is removed from what you wrote there.";
    case "blocks":
      return `You are its only owner and ${fate.members} other ${fate.members === 1 ? "member uses" : "members use"} it: transfer ownership (or delete the workspace) first.`;
  }
}

/** Says, per workspace, what deleting the account does to it, before anyone is asked for a password. */
export function DeletionSummary({ plan }: { plan: AccountDeletionPlan }) {
  return (
    <ul className="space-y-2 text-sm" data-testid="deletion-summary">
      {plan.workspaces.map((w) => (
        <li key={w.workspaceId} className="flex flex-col gap-0.5 sm:flex-row sm:gap-2" data-fate={w.fate.kind} data-testid="deletion-workspace">
          <Link href={w.fate.kind === "blocks" ? `/w/${w.slug}/settings` : `/w/${w.slug}`} className="font-medium underline-offset-2 hover:underline">
            {w.name}
            {w.personal ? " (personal)" : ""}
          </Link>
          <span className={w.fate.kind === "blocks" ? "text-amber-800 dark:text-amber-300" : "text-zinc-600 dark:text-zinc-400"}>{fateText(w.fate)}</span>
        </li>
      ))}
    </ul>
  );
}
