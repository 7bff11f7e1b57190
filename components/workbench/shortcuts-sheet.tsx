"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Kbd, useIsApple } from "@/components/ui/kbd";

import { shortcutGroups, workbenchShortcuts, type ShortcutEntry } from "./shortcuts";

/** The keyboard shortcuts sheet (`?` outside text fields, or from the palette), read from the one table. */
export function ShortcutsSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const apple = useIsApple();
  const entries: ShortcutEntry[] = Object.values(workbenchShortcuts);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Keyboard shortcuts"
      description={`${apple ? "⌘" : "Ctrl"} is shown for your platform. Rows marked "in the editor" work while the code editor has focus.`}
      className="w-[min(36rem,calc(100vw-2rem))]"
      data-testid="shortcuts-sheet"
      footer={
        <Button variant="primary" onClick={onClose} data-autofocus>
          Close
        </Button>
      }
    >
      <div className="max-h-[60vh] space-y-4 overflow-y-auto">
        {shortcutGroups.map((group) => {
          const rows = entries.filter((entry) => entry.group === group);
          if (rows.length === 0) return null;
          return (
            <section key={group} aria-label={group}>
              <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">{group}</h3>
              <table className="w-full text-sm">
                <tbody>
                  {rows.map((entry) => (
                    <tr key={entry.keys} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="shortcut-row">
                      <td className="py-1.5 pr-3">
                        {entry.title}
                        {entry.inEditor ? <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">(in the editor)</span> : null}
                      </td>
                      <td className="py-1.5 text-right whitespace-nowrap">
                        <Kbd
                          shortcut={apple && entry.appleKeys ? entry.appleKeys : entry.keys}
                          className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 dark:border-zinc-700 dark:bg-zinc-800"
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
      </div>
    </Dialog>
  );
}
