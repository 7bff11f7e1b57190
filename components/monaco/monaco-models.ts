import type { Monaco } from "./load-monaco";
import type { EditOperation, TextModel } from "./editor-types";

/** A fresh model for `path` at URI `file:///<path>`, replacing any stale one there. */
export function createFileModel(monaco: Monaco, path: string, content: string, languageId: string): TextModel {
  const uri = monaco.Uri.from({ scheme: "file", path: `/${path}` });
  monaco.editor.getModel(uri)?.dispose();
  const model = monaco.editor.createModel(content, languageId, uri);
  // Monaco defaults new lines to the OS's EOL (CRLF on Windows) when the text has none to copy;
  // project files are LF unless they already use CRLF.
  if (!content.includes("\r\n")) model.setEOL(monaco.editor.EndOfLineSequence.LF);
  return model;
}

/** Applies edits as one undo step, without touching the cursor. */
export function applyEditsAsOneStep(model: TextModel, edits: EditOperation[]): void {
  model.pushStackElement();
  model.pushEditOperations([], edits, () => null);
  model.pushStackElement();
}

/** Whole-buffer replacement as an undoable edit (never setValue, which drops undo history). */
export function replaceContent(model: TextModel, content: string): void {
  if (model.getValue() === content) return;
  applyEditsAsOneStep(model, [{ range: model.getFullModelRange(), text: content }]);
}
