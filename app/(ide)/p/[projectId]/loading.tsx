/** The workbench's frame while the project loads, so the page does not jump when it arrives. */
export default function Loading() {
  return (
    <div className="flex h-dvh flex-col" aria-busy="true" aria-label="Loading project">
      <div className="h-10 shrink-0 border-b border-zinc-200 bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-950" />
      <div className="flex min-h-0 flex-1">
        <div className="w-60 shrink-0 space-y-2 border-r border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950">
          {[70, 55, 80, 45, 60].map((width) => (
            <div key={width} className="h-3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" style={{ width: `${width}%` }} />
          ))}
        </div>
        <div className="flex-1 bg-white dark:bg-zinc-900" />
      </div>
      <div className="h-6 shrink-0 border-t border-zinc-200 bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-950" />
    </div>
  );
}
