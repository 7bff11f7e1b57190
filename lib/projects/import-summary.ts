import type { ImportProjectResponse } from "./contract";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const SHOWN = 3;

function examples(paths: string[]): string {
  const shown = paths.slice(0, SHOWN).join(", ");
  return paths.length > SHOWN ? `${shown}…` : shown;
}

/** What an import did, in words: files imported, and what was skipped and why. */
export function describeImport(result: Pick<ImportProjectResponse, "imported" | "skipped">): string {
  const imported = `Imported ${plural(result.imported, "file")}.`;
  if (result.skipped.length === 0) return imported;
  const ignored = result.skipped.filter((s) => s.reason === "ignored").map((s) => s.path);
  const binary = result.skipped.filter((s) => s.reason === "binary").map((s) => s.path);
  const why = [
    ignored.length ? `${plural(ignored.length, "file")} in folders Wafer leaves out (node_modules, .git, build caches)` : null,
    binary.length ? `${plural(binary.length, "binary file")} (Wafer stores text only: ${examples(binary)})` : null,
  ].filter(Boolean);
  return `${imported} Skipped ${result.skipped.length}: ${why.join("; ")}.`;
}
