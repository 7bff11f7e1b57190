import type * as MonacoApi from "monaco-editor";

import type { EditorSettings } from "@/lib/settings/contract";

/** Line height follows the font size at the ratio of the default (13 px → 20 px). */
export function lineHeightFor(fontSize: number): number {
  return Math.round((fontSize * 20) / 13);
}

/**
 * The settings every editor on the page follows, the diff and review views included: type size and
 * wrapping. (Those views keep their minimap off: they are transient, redrawn every frame while the
 * model writes, and the overview ruler already marks their changes.)
 */
export function textOptionsFor(settings: EditorSettings): MonacoApi.editor.IEditorOptions {
  return {
    fontSize: settings.fontSize,
    lineHeight: lineHeightFor(settings.fontSize),
    wordWrap: settings.wordWrap ? "on" : "off",
  };
}

/**
 * Occurrence highlights wait for a typing pause (VS Code's own default, 250 ms) instead of Monaco's
 * 0, so a key no longer re-renders the word's highlights: an extra editor render between two keys.
 * The timer restarts on each key; the highlights appear once the user pauses.
 */
export const TYPING_DEFERRALS = {
  occurrencesHighlightDelay: 250,
} as const satisfies MonacoApi.editor.IEditorOptions;

/** A user's settings as code-editor options (the parts that live on the editor). */
export function editorOptionsFor(settings: EditorSettings): MonacoApi.editor.IEditorOptions {
  return {
    ...textOptionsFor(settings),
    minimap: { enabled: settings.minimap, renderCharacters: false, maxColumn: 80 },
  };
}

/** Tab size lives on each model; indentation is not guessed from the file, so the setting holds. */
export function modelOptionsFor(settings: EditorSettings): MonacoApi.editor.ITextModelUpdateOptions {
  return { tabSize: settings.tabSize, indentSize: settings.tabSize, insertSpaces: true };
}
