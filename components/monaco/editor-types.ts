import type * as MonacoApi from "monaco-editor";

import type { FileDocument } from "@/lib/files/contract";

import type { ResolvedLanguage } from "./languages";
import type { Monaco } from "./load-monaco";
import type { SaveOutcome, SaveStatus } from "./save-queue";

/** The editor service's types and state: what React reads (`EditorState`). */
export type TextModel = MonacoApi.editor.ITextModel;
export type CodeEditor = MonacoApi.editor.IStandaloneCodeEditor;
export type EditOperation = MonacoApi.editor.IIdentifiedSingleEditOperation;

export interface EditorFileTransport {
  read(path: string): Promise<FileDocument>;
  save(path: string, content: string, baseVersion: number): Promise<SaveOutcome>;
}

export type CloseChoice = "save" | "discard" | "cancel";

export interface EditorServiceOptions {
  transport: EditorFileTransport;
  readOnly: boolean;
  autosaveDelayMs?: number;
  /** Asks what to do with unsaved changes before closing; the workbench shows a dialog. */
  confirmClose?: (paths: string[]) => Promise<CloseChoice>;
  /** A file could not be opened, or a save failed or hit a conflict (once per transition). */
  onProblem?: (problem: EditorProblem) => void;
}

export type EditorProblem =
  | { kind: "open-failed"; path: string; message: string }
  | { kind: "save-failed"; path: string; message: string }
  | { kind: "conflict"; path: string };

export interface OpenFileState {
  path: string;
  language: ResolvedLanguage;
  loading: boolean;
  status: SaveStatus;
  /** The buffer differs from what was last saved (also while a save is in flight). */
  dirty: boolean;
  error: string | null;
  /** The server's copy when a save was refused as stale. */
  conflict: FileDocument | null;
}

export interface CursorState {
  lineNumber: number;
  column: number;
  /** Characters selected (0 without a selection). */
  selected: number;
}

export interface EditorState {
  tabs: string[];
  activePath: string | null;
  files: Record<string, OpenFileState>;
  monaco: "idle" | "loading" | "ready" | "failed";
  readOnly: boolean;
  cursor: CursorState | null;
}

/** The code editor's type settings, shared by other editors on the page (e.g. the AI proposal view). */
export const EDITOR_FONT = {
  fontSize: 13,
  lineHeight: 20,
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, "Liberation Mono", monospace',
} as const;

/** Extends each code editor as it is mounted (keybindings, widgets); the result is disposed with it. */
export type EditorContribution = (editor: CodeEditor, monaco: Monaco) => MonacoApi.IDisposable;

export const initialEditorState = (readOnly: boolean): EditorState => ({
  tabs: [],
  activePath: null,
  files: {},
  monaco: "idle",
  readOnly,
  cursor: null,
});

