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
 * What a key costs beyond the key itself, kept to VS Code's defaults:
 * - Occurrence highlights wait for a typing pause (250 ms) instead of Monaco's 0, so a key no longer
 *   re-renders the word's highlights: an extra editor render between two keys. The timer restarts
 *   on each key; the highlights appear once the user pauses.
 * - No smooth scrolling. With it, the reveal after every key starts a 125 ms scroll animation, one
 *   step a frame, even when nothing needs to scroll; at a key every 100 ms it never stopped. Per key
 *   p50 20–22 ms with it, 14–15 without, bare Monaco 12–13 (`bench/typing-alone.ts`).
 */
export const TYPING_OPTIONS = {
  occurrencesHighlightDelay: 250,
  smoothScrolling: false,
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
