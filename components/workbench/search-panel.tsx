"use client";

import { CaseSensitive, Regex, Replace, WholeWord } from "lucide-react";
import { useEffect, useMemo, useState, type ReactNode } from "react";

import { useAiEdits } from "@/components/ai-edits/ai-edits-context";
import { useEditorService } from "@/components/monaco/editor-context";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { toast } from "@/components/ui/toast";
import { AppError } from "@/lib/errors";
import { apiFetch } from "@/lib/http/client";
import { searchParams, type SearchOptions, type SearchResponse } from "@/lib/search/contract";

import { highlightParts, normalizeGlobs, replaceProposals, summary } from "./search-model";
import { useWorkbench } from "./workbench-context";

const DEBOUNCE_MS = 200;

function Toggle({ label, pressed, onChange, children }: { label: string; pressed: boolean; onChange: (next: boolean) => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      onClick={() => onChange(!pressed)}
      className={cn(
        "grid size-6 shrink-0 place-items-center rounded text-zinc-600 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-zinc-300 dark:hover:bg-zinc-800",
        pressed && "bg-sky-100 text-sky-800 ring-1 ring-sky-500 dark:bg-sky-950 dark:text-sky-200",
      )}
    >
      {children}
    </button>
  );
}

/** One of the panel's text fields (query, replacement, globs): plain text, no autocomplete or spell check. */
function SearchField({ label, placeholder, testId, value, onChange }: { label: string; placeholder: string; testId: string; value: string; onChange: (value: string) => void }) {
  return (
    <input
      className="h-7 w-full min-w-0 rounded border border-zinc-300 bg-white px-2 text-xs text-zinc-900 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400"
      aria-label={label}
      placeholder={placeholder}
      data-testid={testId}
      value={value}
      autoComplete="off"
      spellCheck={false}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/** Search across the project's saved files (Ctrl+Shift+F), and replace-all through the AI edit review. */
export function SearchPanel() {
  const { project } = useWorkbench();
  const service = useEditorService();
  const aiEdits = useAiEdits();
  const [query, setQuery] = useState("");
  const [replace, setReplace] = useState("");
  const [include, setInclude] = useState("");
  const [exclude, setExclude] = useState("");
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [wholeWord, setWholeWord] = useState(false);
  const [result, setResult] = useState<SearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);
  const [searching, setSearching] = useState(false);
  const base = `/api/projects/${encodeURIComponent(project.id)}/search`;

  const options: SearchOptions | null = useMemo(
    () => (query ? { query, regex, caseSensitive, wholeWord, include: normalizeGlobs(include), exclude: normalizeGlobs(exclude) } : null),
    [query, regex, caseSensitive, wholeWord, include, exclude],
  );

  useEffect(() => {
    const current = options;
    // An empty query shows the hint; results of the last query are hidden, not cleared.
    if (!current) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setSearching(true);
      apiFetch<SearchResponse>(`${base}?${searchParams(current)}`, { signal: controller.signal, cache: "no-store" })
        .then((response) => {
          setResult(response);
          setError(null);
        })
        .catch((cause: unknown) => {
          if (controller.signal.aborted) return;
          setResult(null);
          setError(cause instanceof AppError ? cause.message : "The search failed.");
        })
        .finally(() => {
          if (!controller.signal.aborted) setSearching(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [options, base]);

  const replaceAll = async () => {
    if (!options) return;
    setReplacing(true);
    try {
      // Buffers first: the preview is computed from saved files, and the review merges with what is open.
      await service.saveAll();
      const preview = await apiFetch<SearchResponse>(`${base}?${searchParams(options, replace)}`, { cache: "no-store" });
      const proposals = replaceProposals(preview.replacements ?? []);
      if (proposals.length === 0) {
        toast.info("Nothing to replace.");
        return;
      }
      await aiEdits.proposeLocal(proposals);
      toast.info(`Review the replacement in ${proposals.length} file${proposals.length === 1 ? "" : "s"}`, {
        description: "Accept or reject each change like an AI edit; Ctrl/Cmd+Z undoes an accepted one.",
      });
    } catch (cause) {
      toast.error("Could not prepare the replacement", { description: cause instanceof Error ? cause.message : String(cause) });
    } finally {
      setReplacing(false);
    }
  };

  return (
    <section className="flex h-full min-w-0 flex-col bg-zinc-50 dark:bg-zinc-950" aria-label="Search" data-testid="search-panel">
      <form
        className="flex shrink-0 flex-col gap-1.5 border-b border-zinc-200 p-2 dark:border-zinc-800"
        role="search"
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="flex items-center gap-1">
          <SearchField label="Search in files" placeholder="Search" testId="search-query" value={query} onChange={setQuery} />
          <Toggle label="Match Case" pressed={caseSensitive} onChange={setCaseSensitive}>
            <CaseSensitive className="size-4" />
          </Toggle>
          <Toggle label="Match Whole Word" pressed={wholeWord} onChange={setWholeWord}>
            <WholeWord className="size-4" />
          </Toggle>
          <Toggle label="Use Regular Expression" pressed={regex} onChange={setRegex}>
            <Regex className="size-4" />
          </Toggle>
        </div>
        {project.canWrite ? (
          <div className="flex items-center gap-1">
            <SearchField label="Replace with" placeholder="Replace" testId="search-replace" value={replace} onChange={setReplace} />
            <Button size="xs" data-testid="search-replace-all" disabled={!result?.total || replacing} onClick={() => void replaceAll()} title="Replace all, then review">
              <Replace className="size-3.5" aria-hidden />
              All
            </Button>
          </div>
        ) : null}
        <SearchField label="Files to include" placeholder="Files to include (e.g. src, *.ts)" testId="search-include" value={include} onChange={setInclude} />
        <SearchField label="Files to exclude" placeholder="Files to exclude" testId="search-exclude" value={exclude} onChange={setExclude} />
      </form>
      <div className="min-h-0 flex-1 overflow-auto text-xs" data-testid="search-results" aria-busy={searching || undefined}>
        {!options ? (
          <p className="px-3 py-2 text-zinc-600 dark:text-zinc-400">Type to search every file of the project.</p>
        ) : error ? (
          <p role="alert" className="px-3 py-2 text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : result ? (
          <>
            <p className="px-3 py-1.5 text-zinc-600 dark:text-zinc-300" data-testid="search-summary" role="status">
              {summary(result)}
              {result.stopped ? ` · ${result.stopped}` : ""}
            </p>
            <ul aria-label="Search results">
              {result.files.map((file) => (
                <li key={file.path} data-testid="search-file" data-path={file.path}>
                  <div className="flex items-center gap-2 px-3 py-0.5 font-medium text-zinc-800 dark:text-zinc-100">
                    <span className="min-w-0 flex-1 truncate" title={file.path}>
                      {file.path}
                    </span>
                    <span className="rounded-full bg-zinc-200 px-1.5 text-[11px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200">{file.matches.length}</span>
                  </div>
                  <ul>
                    {file.matches.map((match, index) => {
                      const parts = highlightParts(match);
                      return (
                        <li key={index}>
                          <button
                            type="button"
                            data-testid="search-match"
                            data-line={match.line}
                            onClick={() => void service.revealAt(file.path, match.line, match.start, match.end)}
                            className="flex w-full min-w-0 items-baseline gap-2 py-0.5 pr-2 pl-5 text-left hover:bg-zinc-200/70 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800"
                          >
                            <span className="w-7 shrink-0 text-right font-mono text-[11px] text-zinc-600 dark:text-zinc-400">{match.line}</span>
                            <span className="min-w-0 flex-1 truncate font-mono text-zinc-700 dark:text-zinc-300">
                              {parts.before}
                              <mark className="rounded-sm bg-amber-200 text-zinc-900 dark:bg-amber-500/40 dark:text-white">{parts.hit}</mark>
                              {parts.after}
                            </span>
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </section>
  );
}
