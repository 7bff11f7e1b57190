import type { ChatContext } from "@/lib/chat/contract";

export type ProblemSeverity = "error" | "warning" | "info";

export interface Problem {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: ProblemSeverity;
  message: string;
  source: string | null;
}

/** The fields of a Monaco marker this list reads (monaco.editor.IMarker). */
export interface MarkerLike {
  resource: { scheme: string; path: string };
  severity: number;
  message: string;
  source?: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

// Monaco's MarkerSeverity values: Hint 1, Info 2, Warning 4, Error 8.
const severityOf = (value: number): ProblemSeverity | null => (value >= 8 ? "error" : value >= 4 ? "warning" : value >= 2 ? "info" : null);
const rank: Record<ProblemSeverity, number> = { error: 0, warning: 1, info: 2 };
const LINES_AROUND = 3;

/** Markers of project files (not proposal views or hints) as problems: errors first, then by file and line. */
export function problemsOf(markers: readonly MarkerLike[]): Problem[] {
  const problems: Problem[] = [];
  for (const marker of markers) {
    const severity = severityOf(marker.severity);
    if (marker.resource.scheme !== "file" || !severity) continue;
    problems.push({
      path: marker.resource.path.slice(1),
      line: marker.startLineNumber,
      column: marker.startColumn,
      endLine: marker.endLineNumber,
      endColumn: marker.endColumn,
      severity,
      message: marker.message,
      source: marker.source ?? null,
    });
  }
  return problems.sort((a, b) => rank[a.severity] - rank[b.severity] || a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
}

export function countBySeverity(problems: readonly Problem[]): Record<ProblemSeverity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const problem of problems) counts[problem.severity]++;
  return counts;
}

/**
 * The chat message "Fix with AI" sends: the diagnostic and the numbered lines around it (the model
 * also gets the file and the diagnostic as context), so a fast model can answer with a patch at once.
 */
export function fixRequest(problem: Problem, text: string): { text: string; context: Partial<ChatContext> } {
  const lines = text.split("\n");
  const from = Math.max(1, problem.line - LINES_AROUND);
  const to = Math.min(lines.length, problem.endLine + LINES_AROUND);
  const excerpt = lines
    .slice(from - 1, to)
    .map((line, i) => `${String(from + i).padStart(4)}${from + i === problem.line ? " >" : "  "} ${line}`)
    .join("\n");
  const where = `${problem.path}:${problem.line}:${problem.column}`;
  const source = problem.source ? ` (${problem.source})` : "";
  return {
    text: `Fix this ${problem.severity} at ${where}${source}: ${problem.message}\n\n\`\`\`\n${excerpt}\n\`\`\``,
    context: {
      activeFile: problem.path,
      openFiles: [problem.path],
      mentions: [],
      diagnostics: [{ path: problem.path, line: problem.line, severity: problem.severity, message: problem.message.slice(0, 2000) }],
    },
  };
}
