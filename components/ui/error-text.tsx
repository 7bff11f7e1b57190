import { cn } from "./cn";

/** A form's or an action's error, announced to screen readers; nothing when there is none. */
export function ErrorText({ error, className }: { error: string | null; className?: string }) {
  return error ? (
    <p role="alert" className={cn("text-sm text-red-600 dark:text-red-400", className)}>
      {error}
    </p>
  ) : null;
}
