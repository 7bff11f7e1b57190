"use client";

import { Check } from "lucide-react";
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type ReactNode,
} from "react";
import { createPortal } from "react-dom";

import { cn } from "./cn";
import { Kbd } from "./kbd";

export type MenuEntry =
  | {
      kind?: "item";
      id: string;
      label: string;
      icon?: ReactNode;
      /** e.g. "Mod+S" or "F2". */
      shortcut?: string;
      danger?: boolean;
      disabled?: boolean;
      /** Renders as a radio item (menuitemradio) when defined. */
      checked?: boolean;
      onSelect: () => void;
    }
  | { kind: "separator"; id: string };

export interface MenuPosition {
  x: number;
  y: number;
}

interface MenuProps {
  entries: MenuEntry[];
  position: MenuPosition;
  label: string;
  onClose: () => void;
  "data-testid"?: string;
}

/**
 * A menu at a point (context menu) or under a trigger (dropdown): arrow keys, Home/End, typeahead,
 * Escape and outside clicks close it and give focus back to where it came from.
 */
function Menu({ entries, position, label, onClose, ...rest }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [placed, setPlaced] = useState<MenuPosition | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  useLayoutEffect(() => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const menu = ref.current;
    if (!menu) return;
    const { width, height } = menu.getBoundingClientRect();
    setPlaced({
      x: Math.max(4, Math.min(position.x, window.innerWidth - width - 4)),
      y: Math.max(4, Math.min(position.y, window.innerHeight - height - 4)),
    });
  }, [position.x, position.y]);

  // Once placed (and visible: hidden elements cannot take focus), the first item gets focus.
  const hasPlacement = placed !== null;
  useEffect(() => {
    if (hasPlacement) ref.current?.querySelector<HTMLElement>('[role^="menuitem"]:not([disabled])')?.focus();
  }, [hasPlacement]);

  const close = useCallback(
    (restoreFocus: boolean) => {
      onClose();
      if (restoreFocus) returnFocus.current?.focus();
    },
    [onClose],
  );

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) close(false);
    };
    const onBlur = () => close(false);
    document.addEventListener("pointerdown", onPointerDown, true);
    window.addEventListener("blur", onBlur);
    window.addEventListener("resize", onBlur);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown, true);
      window.removeEventListener("blur", onBlur);
      window.removeEventListener("resize", onBlur);
    };
  }, [close]);

  const onKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([disabled])') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (next: number) => items[(next + items.length) % items.length]?.focus();
    event.stopPropagation();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        focusAt(index + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focusAt(index - 1);
        break;
      case "Home":
        event.preventDefault();
        focusAt(0);
        break;
      case "End":
        event.preventDefault();
        focusAt(items.length - 1);
        break;
      case "Escape":
        event.preventDefault();
        close(true);
        break;
      case "Tab":
        event.preventDefault();
        close(true);
        break;
      default:
        if (event.key.length === 1 && /\S/.test(event.key)) {
          const key = event.key.toLowerCase();
          const ordered = [...items.slice(index + 1), ...items.slice(0, index + 1)];
          ordered.find((item) => item.textContent?.trim().toLowerCase().startsWith(key))?.focus();
        }
    }
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      aria-orientation="vertical"
      data-testid={rest["data-testid"]}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
      style={{ left: placed?.x ?? position.x, top: placed?.y ?? position.y, visibility: placed ? "visible" : "hidden" }}
      className="fixed z-50 min-w-48 rounded-md border border-zinc-200 bg-white p-1 text-[13px] text-zinc-800 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200"
    >
      {entries.map((entry) =>
        entry.kind === "separator" ? (
          <div key={entry.id} role="separator" className="my-1 h-px bg-zinc-200 dark:bg-zinc-700" />
        ) : (
          <button
            key={entry.id}
            type="button"
            role={entry.checked === undefined ? "menuitem" : "menuitemradio"}
            aria-checked={entry.checked}
            disabled={entry.disabled}
            data-testid={`menuitem-${entry.id}`}
            tabIndex={-1}
            onClick={() => {
              close(true);
              entry.onSelect();
            }}
            className={cn(
              "flex w-full items-center gap-2 rounded px-2 py-1 text-left outline-none",
              "focus:bg-sky-600 focus:text-white disabled:opacity-40",
              entry.danger && "text-red-600 dark:text-red-400",
            )}
          >
            <span className="flex size-4 items-center justify-center opacity-80" aria-hidden>
              {entry.checked ? <Check className="size-3.5" /> : entry.icon}
            </span>
            <span className="flex-1 truncate">{entry.label}</span>
            {entry.shortcut ? <Kbd shortcut={entry.shortcut} className="opacity-60" /> : null}
          </button>
        ),
      )}
    </div>,
    document.body,
  );
}

/** State for one menu at a time: open it from a contextmenu event, a keyboard key, or a trigger button. */
export function useMenu() {
  const [menu, setMenu] = useState<{ entries: MenuEntry[]; position: MenuPosition; label: string } | null>(null);
  const close = useCallback(() => setMenu(null), []);

  const openAt = useCallback((position: MenuPosition, entries: MenuEntry[], label: string) => {
    setMenu({ entries, position, label });
  }, []);

  /** From a right click, or a Shift+F10/ContextMenu key press (which has no pointer position). */
  const openFromEvent = useCallback(
    (event: ReactMouseEvent | ReactKeyboardEvent, entries: MenuEntry[], label: string) => {
      event.preventDefault();
      if ("clientX" in event && (event.clientX !== 0 || event.clientY !== 0)) {
        openAt({ x: event.clientX, y: event.clientY }, entries, label);
        return;
      }
      const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
      openAt({ x: rect.left + 16, y: rect.bottom }, entries, label);
    },
    [openAt],
  );

  const openBelow = useCallback(
    (trigger: HTMLElement, entries: MenuEntry[], label: string, align: "start" | "end" = "start") => {
      const rect = trigger.getBoundingClientRect();
      // Clamping in <Menu> keeps an end-aligned menu on screen; it starts at the trigger's right edge.
      openAt({ x: align === "end" ? rect.right - 192 : rect.left, y: rect.bottom + 4 }, entries, label);
    },
    [openAt],
  );

  const element = menu ? (
    <Menu entries={menu.entries} position={menu.position} label={menu.label} onClose={close} data-testid="menu" />
  ) : null;
  return { element, openAt, openFromEvent, openBelow, close, isOpen: menu !== null };
}
