import Link from "next/link";

import { buttonClassName } from "@/components/ui/button";

/** Also what members of other workspaces see: a project you cannot access does not exist for you. */
export default function ProjectNotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center" data-testid="project-not-found">
      <h1 className="text-lg font-semibold">Project not found</h1>
      <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
        It may have been deleted, or you are not a member of its workspace.
      </p>
      <Link href="/" className={buttonClassName({ variant: "primary", size: "md" })}>
        Back to projects
      </Link>
    </main>
  );
}
