import Link from "next/link";

export default function WorkspaceNotFound() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-3 px-4 py-16 text-center" data-testid="workspace-not-found">
      <h1 className="text-lg font-semibold">Workspace not found</h1>
      <p className="text-sm text-zinc-500">It does not exist, or you are not a member of it.</p>
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        Go to your workspace
      </Link>
    </main>
  );
}
