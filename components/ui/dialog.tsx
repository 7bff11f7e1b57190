"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";

import { cn } from "./cn";

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  className?: string;
  "data-testid"?: string;
}

/**
 * A modal on the native <dialog>: the browser provides the focus trap, Escape, inert background and
 * top layer, so it stays accessible without a dialog library. Mark the element to focus first with
 * `data-autofocus`.
 */
export function Dialog({ open, onClose, title, description, children, footer, className, ...rest }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={rest["data-testid"]}
      onCancel={(event) => {
        // Escape: let the owner decide (it may be waiting for an answer).
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className={cn(
        "m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl",
        "backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:backdrop:bg-black/60",
        className,
      )}
    >
      {open ? (
        <div className="flex flex-col gap-3 p-4">
          <h2 id={titleId} className="text-sm font-semibold">
            {title}
          </h2>
          {description ? (
            <div id={descriptionId} className="text-sm text-zinc-600 dark:text-zinc-400">
              {description}
            </div>
          ) : null}
          {children}
          {footer ? <div className="mt-1 flex justify-end gap-2">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
