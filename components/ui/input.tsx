import type { ComponentProps } from "react";

import { cn } from "./cn";

const inputClassName = cn(
  "h-8 w-full rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 placeholder:text-zinc-400",
  "focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500/30",
  "aria-invalid:border-red-500 aria-invalid:ring-red-500/30",
  "dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500",
);

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(inputClassName, className)} {...props} />;
}
