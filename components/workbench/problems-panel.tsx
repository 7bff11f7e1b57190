"use client";

import { CircleAlert, Info, Sparkles, TriangleAlert } from "lucide-react";
import { useEffect, useState } from "react";

import { useEditorService } from "@/components/monaco/editor-context";
import { Button } from "@/components/ui/button";

import { countBySeverity, problemsOf, type Problem } from "./problems-model";
import { useWorkbench } from "./workbench-context";

const ICONS = {
  error: <CircleAlert className="size-3.5 shrink-0 text-red-600 dark:text-red-400" aria-label="Error" />,
  warning: <TriangleAlert className="size-3.5 shrink-0 text-amber-600 dark:text-amber-400" aria-label="Warning" />,
  info: <Info className="size-3.5 shrink-0 text-sky-600 dark:text-sky-400" aria-label="Info" />,
};

/** Monaco's diagnostics for the open files, in one list; a click goes there, "Fix with AI" asks the chat. */
export function ProblemsPanel({ onFix }: { onFix: (problem: Problem) => void }) {
  const service = useEditorService();
  const { project } = useWorkbench();
  const [problems, setProblems] = useState<Problem[]>([]);

  useEffect(() => {
    let disposed = false;
    let subscription: { dispose(): void } | null = null;
    void service.monaco().then((monaco) => {
      if (disposed) return;
      const read = () => setProblems(problemsOf(monaco.editor.getModelMarkers({})));
      subscription = monaco.editor.onDidChangeMarkers(read);
      read();
    });
    return () => {
      disposed = true;
      subscription?.dispose();
    };
  }, [service]);

  const counts = countBySeverity(problems);
  return (
    <section className="flex h-full min-w-0 flex-col bg-zinc-50 dark:bg-zinc-950" aria-label="Problems" data-testid="problems-panel">
      <p className="shrink-0 border-b border-zinc-200 px-3 py-1.5 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-300" role="status" data-testid="problems-summary">
        {problems.length === 0 ? "No problems in the open files." : `${counts.error} error${counts.error === 1 ? "" : "s"}, ${counts.warning} warning${counts.warning === 1 ? "" : "s"}${counts.info ? `, ${counts.info} info` : ""}`}
      </p>
      <ul className="@container min-h-0 flex-1 overflow-auto text-xs" aria-label="Problems in open files">
        {problems.map((problem, index) => (
          <li key={`${problem.path}:${problem.line}:${problem.column}:${index}`} data-testid="problem" data-path={problem.path} data-line={problem.line} className="group flex flex-col items-start pr-1 hover:bg-zinc-200/70 @xs:flex-row @xs:gap-1 dark:hover:bg-zinc-800">
            <button
              type="button"
              className="flex w-full min-w-0 flex-1 items-start gap-2 py-1 pl-3 text-left focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500"
              onClick={() => void service.revealAt(problem.path, problem.line, problem.column - 1, problem.endLine === problem.line ? problem.endColumn - 1 : problem.column - 1)}
            >
              {ICONS[problem.severity]}
              <span className="min-w-0 flex-1">
                <span className="block text-zinc-800 dark:text-zinc-100">{problem.message}</span>
                <span className="block text-zinc-600 dark:text-zinc-400">
                  {problem.path}:{problem.line}:{problem.column}
                  {problem.source ? ` · ${problem.source}` : ""}
                </span>
              </span>
            </button>
            {project.canWrite ? (
              <Button size="xs" variant="ghost" className="mb-1 ml-7 @xs:mt-0.5 @xs:mb-0 @xs:ml-0" data-testid="problem-fix" onClick={() => onFix(problem)} title="Send this problem and the lines around it to the chat">
                <Sparkles className="size-3.5" aria-hidden />
                Fix with AI
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
