import type { ReactNode } from "react";

export const selectClass =
  "h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900 disabled:opacity-60";

export const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" }) : "—");

/** One block of the settings page; `danger` marks the destructive ones. */
export function Section({ title, description, children, testId, danger = false }: { title: string; description?: ReactNode; children: ReactNode; testId: string; danger?: boolean }) {
  return (
    <section
      className={`space-y-4 rounded-lg border p-5 ${danger ? "border-red-300 dark:border-red-900" : "border-zinc-200 dark:border-zinc-800"}`}
      aria-label={title}
      data-testid={testId}
    >
      <div>
        <h2 className={`text-base font-semibold ${danger ? "text-red-700 dark:text-red-400" : ""}`}>{title}</h2>
        {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}
