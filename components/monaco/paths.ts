/** `path` is `folder` or lies below it; the root folder ("") contains everything. */
export function isSameOrInside(path: string, folder: string): boolean {
  return folder === "" || path === folder || path.startsWith(`${folder}/`);
}

/** Where `path` ends up when `from` moves to `to`; null when the move does not touch it. */
export function remapPath(path: string, from: string, to: string): string | null {
  if (path === from) return to;
  if (path.startsWith(`${from}/`)) return to + path.slice(from.length);
  return null;
}
