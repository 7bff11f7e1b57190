/**
 * What an edit tool proposes for one file. `before` is the file as the turn saw it (null: it did not
 * exist), `after` what the model wants (null: delete). Review turns this into hunks with lib/edits.
 */
export interface FileProposal {
  path: string;
  /** Set when the model moved the file; `path` is where it was. */
  moveTo?: string;
  before: string | null;
  after: string | null;
  /** The saved version `before` was read at; null for a file that did not exist. */
  baseVersion: number | null;
}

export interface EditProposal {
  toolCallId: string;
  toolName: "apply_patch" | "write_file";
  files: FileProposal[];
}

/** What the edit tools return to the model: short, so history stays cheap. */
export interface EditToolOutput {
  ok: boolean;
  summary: string;
  files: { path: string; moveTo?: string; change: "add" | "update" | "delete" | "move"; added: number; removed: number }[];
}
