"use client";

import { Command } from "cmdk";
import { useEffect, useRef, useState, type ReactNode } from "react";

import { useProjectState, useWorkbench } from "./workbench-context";

/**
 * The shell of quick-open and the command palette: a modal <dialog> near the top of the window with
 * a cmdk list (arrow keys, Enter, typeahead focus). Filtering is done by the caller, which passes
 * the values of the items it renders, in order: whenever that list changes (any input, typed or
 * pasted, even when results arrive a render later), the first item is selected so Enter opens it.
 * cmdk alone reselects only on its own search change, before deferred results render.
 */
export function PaletteDialog({
  open,
  onClose,
  label,
  placeholder,
  query,
  onQueryChange,
  empty,
  values,
  children,
  "data-testid": testId,
}: {
  open: boolean;
  onClose: () => void;
  label: string;
  placeholder: string;
  query: string;
  onQueryChange: (query: string) => void;
  empty: string;
  /** The rendered items' values, in order; memoise it, a new array resets the selection. */
  values: readonly string[];
  children: ReactNode;
  "data-testid"?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // The user's pick (arrow keys, hover) holds only for the list it was made in.
  const [pick, setPick] = useState<{ values: readonly string[]; value: string } | null>(null);
  const selected = pick && pick.values === values && values.includes(pick.value) ? pick.value : (values[0] ?? "");

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The dialog would focus cmdk's root (the first focusable element); typing belongs in the input.
      dialog.querySelector("input")?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-label={label}
      data-testid={testId}
      data-palette=""
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className="mx-auto mt-[10vh] w-[min(36rem,calc(100vw-2rem))] overflow-hidden rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/20 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:backdrop:bg-black/40"
    >
      {open ? (
        <Command
          label={label}
          shouldFilter={false}
          loop
          value={selected}
          onValueChange={(value) => setPick({ values, value })}
          className="flex flex-col"
        >
          <Command.Input
            autoFocus
            value={query}
            onValueChange={onQueryChange}
            placeholder={placeholder}
            className="h-10 border-b border-zinc-200 bg-transparent px-3 text-sm outline-none placeholder:text-zinc-400 dark:border-zinc-700"
          />
          <Command.List className="max-h-[min(24rem,60vh)] overflow-y-auto p-1 text-[13px]">
            <Command.Empty className="px-3 py-6 text-center text-xs text-zinc-600 dark:text-zinc-400">{empty}</Command.Empty>
            {children}
          </Command.List>
        </Command>
      ) : null}
    </dialog>
  );
}

export const paletteItemClassName =
  "group flex cursor-pointer items-center gap-2 rounded px-2 py-1 aria-disabled:opacity-40 data-[selected=true]:bg-sky-600 data-[selected=true]:text-white";

/** A palette's open state (one overlay of the workbench at a time) and query; closing clears both. */
export function usePalette(overlay: "commands" | "quick-open") {
  const { store } = useWorkbench();
  const open = useProjectState((state) => state.overlay === overlay);
  const [query, setQuery] = useState("");
  const close = () => {
    store.setState({ overlay: null });
    setQuery("");
  };
  return { open, query, setQuery, close };
}
