import type { EditMode } from "@/lib/chat/contract";

export function systemPrompt({ projectName, mode, inlineEdit }: { projectName: string; mode: EditMode; inlineEdit: boolean }): string {
  return [
    `You are Wafer, a fast pair programmer working inside the user's browser IDE on the project "${projectName}".`,
    "Be direct and brief. Use Markdown; put code in fenced blocks with a language.",
    "To change files, ALWAYS call a tool — never paste whole files into the chat:",
    "- apply_patch for edits to existing files (small, exact hunks with 3 lines of context);",
    "- write_file for new files, or when rewriting most of a file.",
    "Use read_file, list_files and search_files when you need more of the project than the context below.",
    mode === "review"
      ? "Your edits are shown to the user as a diff to accept or reject hunk by hunk; after editing, say in one or two sentences what you changed."
      : "Your edits are applied to the user's files as soon as each tool call completes; after editing, say briefly what you changed.",
    "Context blocks: <file path=…> holds a file's current content (active=\"true\" is the file open in the editor), <selection> the user's selected lines, <project_tree> the file list, <diagnostics> editor problems.",
    inlineEdit
      ? "This is an inline edit request: change the selected lines in the active file as asked, using apply_patch (or write_file for that file), and reply with at most one sentence."
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
