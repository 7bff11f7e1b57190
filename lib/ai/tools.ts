import "server-only";

import { tool, zodSchema, type ToolSet } from "ai";
import { z } from "zod";

import type { EditProposal, EditToolOutput, FileProposal } from "@/lib/chat/proposals";
import { applyPatch } from "@/lib/edits/apply";
import { computeHunks } from "@/lib/edits/hunks";
import { parsePatch } from "@/lib/edits/patch-parser";
import { checkRelativePath } from "@/lib/edits/paths";
import { FILE_SIZE_LIMIT_BYTES } from "@/lib/files/contract";
import { searchTexts, SearchSyntaxError } from "@/lib/search/search";

import type { TurnWorkspace } from "./workspace";

const READ_LIMIT_LINES = 2000;
const SEARCH_LIMIT_MATCHES = 100;
const LIST_LIMIT = 1000;

const pathSchema = z
  .string()
  .describe("Path relative to the project root, with / separators.")
  .refine((p) => checkRelativePath(p).ok, "Paths are relative to the project root, without `..`.");

/**
 * Built once per process: the SDK turns a schema into JSON Schema lazily and memoises it on the
 * schema object, so sharing these keeps that conversion off every turn's path to the first token.
 */
const applyPatchInput = zodSchema(z.object({ patch: z.string().min(1).describe("The whole patch, from *** Begin Patch to *** End Patch.") }));
const writeFileInput = zodSchema(z.object({ path: pathSchema, content: z.string().describe("The complete new content of the file.") }));
const readFileInput = zodSchema(
  z.object({
    path: pathSchema,
    start_line: z.number().int().positive().optional(),
    end_line: z.number().int().positive().optional(),
  }),
);
const listFilesInput = zodSchema(z.object({ path: z.string().optional().describe("Folder to list; omit for the whole project.") }));
const searchFilesInput = zodSchema(
  z.object({
    query: z.string().min(1),
    regex: z.boolean().optional().describe("Treat query as a regular expression (RE2 syntax: no lookaround or backreferences)."),
    path: z.string().optional().describe("Only search under this folder."),
  }),
);

function lineStats(before: string | null, after: string | null): { added: number; removed: number } {
  const hunks = computeHunks(before ?? "", after ?? "");
  return { added: hunks.reduce((n, h) => n + h.added.length, 0), removed: hunks.reduce((n, h) => n + h.removed.length, 0) };
}

function describe(files: FileProposal[], mode: "review" | "auto"): EditToolOutput {
  const summaries = files.map((f) => {
    const change = f.before === null ? "add" : f.after === null ? (f.moveTo ? "move" : "delete") : "update";
    return { path: f.path, ...(f.moveTo ? { moveTo: f.moveTo } : {}), change, ...lineStats(f.before, f.after) } as const;
  });
  const verb = mode === "review" ? "Proposed for the user's review" : "Applied";
  const list = summaries.map((s) => `${s.change} ${s.path}${s.moveTo ? ` → ${s.moveTo}` : ""} (+${s.added} −${s.removed})`).join("; ");
  return { ok: true, summary: `${verb}: ${list || "no changes"}.`, files: summaries };
}

function numbered(text: string, from: number, to: number): string {
  const lines = text.split("\n");
  return lines
    .slice(from - 1, to)
    .map((line, i) => `${String(from + i).padStart(5)}  ${line}`)
    .join("\n");
}

/**
 * The turn's tools. Edit tools never write: they turn the model's patch or rewrite into proposals
 * against the turn's view of the project and hand them to `onProposal` (streamed to the editor and
 * stored with the message); the model gets a one-line summary back, or the patch error to fix.
 */
export function createTurnTools({
  workspace,
  mode,
  onProposal,
}: {
  workspace: TurnWorkspace;
  mode: "review" | "auto";
  onProposal: (proposal: EditProposal) => void;
}): ToolSet {
  return {
    apply_patch: tool({
      description: [
        "Edit files with a patch in the apply_patch format. Prefer this for any change to existing files.",
        "Format:",
        "*** Begin Patch",
        "*** Update File: path/to/file.ts",
        "@@ optional line to find first (e.g. a function header)",
        " context line (leading space)",
        "-removed line",
        "+added line",
        "*** Add File: path/new.ts   (every following line starts with +)",
        "*** Delete File: path/old.ts",
        "*** End Patch",
        "Give 3 lines of context around each change; use `*** Move to: new/path` right after an Update header to rename.",
      ].join("\n"),
      inputSchema: applyPatchInput,
      execute: async ({ patch }, { toolCallId }) => {
        const parsed = parsePatch(patch);
        const paths = parsed.operations.flatMap((op) => (op.kind === "update" && op.moveTo ? [op.path, op.moveTo] : [op.path]));
        const result = applyPatch(parsed, await workspace.sourceFor(paths));
        const moves = new Map<string, string>();
        for (const change of result.changes) if (change.kind === "update" && change.moveTo) moves.set(change.path, change.moveTo);
        const files = await workspace.propose(result.files, moves);
        onProposal({ toolCallId, toolName: "apply_patch", files });
        return describe(files, mode);
      },
    }),
    write_file: tool({
      description:
        "Create a file or replace a file's whole content. Use for new files and for rewrites that touch most of a file; use apply_patch for targeted edits.",
      inputSchema: writeFileInput,
      execute: async ({ path, content }, { toolCallId }) => {
        const normalized = checkRelativePath(path);
        if (!normalized.ok) throw new Error(`write_file ${path}: ${normalized.reason}`);
        if (workspace.isDirectory(normalized.path)) throw new Error(`write_file ${path}: that path is a folder`);
        if (Buffer.byteLength(content) > FILE_SIZE_LIMIT_BYTES) throw new Error(`write_file ${path}: files are limited to 1 MiB`);
        const files = await workspace.propose(new Map([[normalized.path, content]]));
        onProposal({ toolCallId, toolName: "write_file", files });
        return describe(files, mode);
      },
    }),
    read_file: tool({
      description: "Read a file of the project, with line numbers. Large files: pass start_line/end_line.",
      inputSchema: readFileInput,
      execute: async ({ path, start_line, end_line }) => {
        const text = await workspace.read(path);
        if (text === null) throw new Error(`read_file ${path}: no such file`);
        const total = text.split("\n").length;
        const from = start_line ?? 1;
        const to = Math.min(end_line ?? from + READ_LIMIT_LINES - 1, from + READ_LIMIT_LINES - 1, total);
        const more = to < total ? `\n… ${total - to} more lines; read on with start_line=${to + 1}` : "";
        return `${path} (lines ${from}-${to} of ${total})\n${numbered(text, from, to)}${more}`;
      },
    }),
    list_files: tool({
      description: "List the project's files, optionally under one folder.",
      inputSchema: listFilesInput,
      execute: async ({ path }) => {
        const prefix = path ? `${path.replace(/\/+$/, "")}/` : "";
        const paths = workspace.paths().filter((p) => p.startsWith(prefix));
        const shown = paths.slice(0, LIST_LIMIT);
        return `${shown.join("\n")}${paths.length > shown.length ? `\n… and ${paths.length - shown.length} more` : ""}` || "(no files)";
      },
    }),
    search_files: tool({
      description: "Search the project's files for text (or a regular expression). Returns path:line: text for each match.",
      inputSchema: searchFilesInput,
      execute: async ({ query, regex, path }) => {
        const prefix = path ? `${path.replace(/\/+$/, "")}/` : "";
        const texts = [...(await workspace.allTexts())].filter(([file]) => file.startsWith(prefix));
        let outcome;
        try {
          // The same engine as the search panel: RE2 (linear time), bounded in bytes and wall-clock time.
          outcome = searchTexts(texts, { query, regex: regex ?? false, caseSensitive: false, wholeWord: false, include: "", exclude: "" }, { maxMatches: SEARCH_LIMIT_MATCHES });
        } catch (error) {
          if (error instanceof SearchSyntaxError) throw new Error(`search_files: ${error.message}`);
          throw error;
        }
        // One line per matching line, however many matches it holds.
        const lines = outcome.files.flatMap(({ path: file, matches }) =>
          matches.filter((m, i) => i === 0 || matches[i - 1]!.line !== m.line).map((m) => `${file}:${m.line}: ${m.text.slice(0, 300)}`),
        );
        if (outcome.stopped) return [...lines, `${outcome.stopped} Narrow it with path or a more specific query.`].join("\n");
        return lines.length ? lines.join("\n") : "No matches.";
      },
    }),
  };
}
