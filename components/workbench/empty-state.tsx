import { Kbd } from "@/components/ui/kbd";

const hints = [
  { label: "Go to File", shortcut: "Mod+P" },
  { label: "Command Palette", shortcut: "Mod+Shift+P" },
  { label: "Save", shortcut: "Mod+S" },
  { label: "Toggle Explorer", shortcut: "Mod+B" },
];

/** What the editor area shows with no tabs open. */
export function EmptyState({ canWrite }: { canWrite: boolean }) {
  return (
    <div className="absolute inset-0 flex flex-col items-center justify-center gap-6 p-6 text-center" data-testid="editor-empty">
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        {canWrite ? "Open a file from the explorer, or create one." : "Open a file from the explorer to read it."}
      </p>
      <dl className="grid grid-cols-[auto_auto] gap-x-6 gap-y-2 text-xs text-zinc-500 dark:text-zinc-400">
        {hints.map((hint) => (
          <div key={hint.label} className="contents">
            <dt className="text-right">{hint.label}</dt>
            <dd className="text-left">
              <Kbd shortcut={hint.shortcut} className="rounded border text-zinc-600 dark:text-zinc-300 border-zinc-300 bg-zinc-100 px-1.5 py-0.5 dark:border-zinc-700 dark:bg-zinc-800" />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
