import { z } from "zod";

/** Also a CHECK constraint on workspaces.slug: 3–60 of a–z, 0–9 and "-", not starting or ending with "-". */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/;

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SLUG_PATTERN, "Use 3–60 lowercase letters, digits and dashes, starting and ending with a letter or digit.");

/** A URL-safe slug with a random suffix, so names never collide and slugs never leak user counts. */
export function workspaceSlug(name: string, suffix: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${base || "workspace"}-${suffix}`;
}
