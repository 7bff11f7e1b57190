/** The parts of Monaco's `ILanguageExtensionPoint` that decide a file's language. */
export interface LanguageDefinition {
  id: string;
  extensions?: string[];
  filenames?: string[];
  aliases?: string[];
}

export interface ResolvedLanguage {
  id: string;
  /** Human name for the status bar, e.g. "TypeScript". */
  name: string;
}

export const PLAIN_TEXT: ResolvedLanguage = { id: "plaintext", name: "Plain Text" };

/**
 * Picks a language the way VS Code does: an exact file name (Dockerfile) first, then the longest
 * matching extension (".d.ts" over ".ts"), case-insensitively.
 */
export function resolveLanguage(path: string, languages: readonly LanguageDefinition[]): ResolvedLanguage {
  const fileName = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const toResolved = (language: LanguageDefinition): ResolvedLanguage => ({
    id: language.id,
    name: language.aliases?.[0] ?? language.id,
  });

  const byName = languages.find((language) => language.filenames?.some((name) => name.toLowerCase() === fileName));
  if (byName) return toResolved(byName);

  let best: LanguageDefinition | undefined;
  let bestLength = 0;
  for (const language of languages) {
    for (const extension of language.extensions ?? []) {
      const lower = extension.toLowerCase();
      // ".gitignore"-style extensions may be the whole file name.
      if (lower.length > bestLength && fileName.endsWith(lower)) {
        best = language;
        bestLength = lower.length;
      }
    }
  }
  return best ? toResolved(best) : PLAIN_TEXT;
}

/**
 * Languages whose Monaco language service runs in a worker that syncs and checks every model of
 * that id (TypeScript/JavaScript type-check, CSS/HTML validate). Proposal views hold old and new
 * lines side by side, never valid code: checking them is wasted worker traffic and main-thread time.
 */
export const SERVICED_LANGUAGES = ["typescript", "javascript", "css", "scss", "less", "html"] as const;
export type ServicedLanguage = (typeof SERVICED_LANGUAGES)[number];

/**
 * The language id a proposal (merged-view) model gets: for a serviced language, a Wafer-only id
 * with the same tokenizer and configuration but no language service; any other id unchanged.
 */
export function viewLanguageId(languageId: string): string {
  return (SERVICED_LANGUAGES as readonly string[]).includes(languageId) ? `wafer-view-${languageId}` : languageId;
}
