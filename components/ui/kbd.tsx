"use client";

import { useSyncExternalStore, type ComponentProps } from "react";

import { cn } from "./cn";

const noopSubscribe = () => () => {};

export function isApplePlatform(): boolean {
  return typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** Whether shortcuts read ⌘ (Apple) or Ctrl; "Ctrl" during server rendering. */
export function useIsApple(): boolean {
  return useSyncExternalStore(noopSubscribe, isApplePlatform, () => false);
}

/** Renders a shortcut written as "Mod+Shift+P" with the platform's modifier names; inherits its colour. */
export function Kbd({ shortcut, className, ...props }: ComponentProps<"kbd"> & { shortcut: string }) {
  const apple = useIsApple();
  const keys = shortcut.split("+").map((key) => {
    if (key === "Mod") return apple ? "⌘" : "Ctrl";
    if (key === "Shift") return apple ? "⇧" : "Shift";
    if (key === "Alt") return apple ? "⌥" : "Alt";
    return key;
  });
  return (
    <kbd
      className={cn("font-sans text-[11px] tracking-wide", className)}
      {...props}
    >
      {keys.join(apple ? "" : "+")}
    </kbd>
  );
}
