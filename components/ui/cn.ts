import { clsx, type ClassValue } from "clsx";

/** Joins conditional class names (clsx); kept as one import so components read the same everywhere. */
export function cn(...values: ClassValue[]): string {
  return clsx(values);
}
