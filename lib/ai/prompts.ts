import type { EditChannel, EditMode } from "@/lib/chat/contract";

const TOOL_EDITS = [
  "To change files, ALWAYS call a tool — never paste whole files into the chat:",
  "- apply_patch for edits to existing files (small, exact hunks with 3 lines of context);",
  "- write_file for new files, or when rewriting most of a file.",
];

/** The content channel (lib/edits/content-blocks): edits as delimited blocks in the answer. */
const CONTENT_EDITS = [
  "To change files, write edit blocks in your answer, each delimiter on a line of its own, never inside a Markdown fence:",
  "- a patch for edits to existing files (small, exact hunks with 3 lines of context):",
  "*** Begin Patch",
  "*** Update File: path/to/file.ts",
  "@@ optional line to find first",
  " context line (leading space)",
  "-removed line",
  "+added line",
  "*** End Patch",
  "  (also `*** Add File: path` with + lines, `*** Delete File: path`, `*** Move to: path` after an Update header);",
  "- a whole file, for new files or rewrites of most of a file:",
  "*** Begin File: path/to/file.ts",
  "(every line of the new content)",
  "*** End File",
  "Only these blocks change files; code in fenced blocks is shown, never applied.",
];

export function systemPrompt({
  projectName,
  mode,
  inlineEdit,
  editChannel = "tools",
}: {
  projectName: string;
  mode: EditMode;
  inlineEdit: boolean;
  editChannel?: EditChannel;
}): string {
  return [
    `You are Wafer, a fast pair programmer working inside the user's browser IDE on the project "${projectName}".`,
    "Be direct and brief. Use Markdown; put code in fenced blocks with a language.",
    ...(editChannel === "content" ? CONTENT_EDITS : TOOL_EDITS),
    "Use read_file, list_files and search_files when you need more of the project than the context below.",
    mode === "review"
      ? "Your edits are shown to the user as a diff to accept or reject hunk by hunk; after editing, say in one or two sentences what you changed."
      : "Your edits are applied to the user's files as soon as each tool call completes; after editing, say briefly what you changed.",
    "Context blocks: <file path=…> holds a file's current content (active=\"true\" is the file open in the editor), <selection> the user's selected lines, <project_tree> the file list, <diagnostics> editor problems.",
    inlineEdit
      ? `This is an inline edit request: change the selected lines in the active file as asked, using ${editChannel === "content" ? "a patch block (or a whole-file block)" : "apply_patch (or write_file for that file)"}, and reply with at most one sentence.`
      : "",
  ]
    .filter(Boolean)
    .join("\n");
}

const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export function fileBlock(path: string, content: string, active = false): string {
  return `<file path="${attr(path)}"${active ? ' active="true"' : ""}>\n${content}\n</file>`;
}

export function selectionBlock(path: string, startLine: number, endLine: number, text: string): string {
  return `<selection path="${attr(path)}" lines="${startLine}-${endLine}">\n${text}\n</selection>`;
}

export function treeBlock(paths: readonly string[]): string {
  return `<project_tree>\n${paths.join("\n")}\n</project_tree>`;
}

export function diagnosticsBlock(items: readonly { path: string; line: number; severity: string; message: string }[]): string {
  return `<diagnostics>\n${items.map((d) => `${d.path}:${d.line} ${d.severity}: ${d.message}`).join("\n")}\n</diagnostics>`;
}
