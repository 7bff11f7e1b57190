import { describe, expect, it } from "vitest";

import { defaultEditorSettings } from "@/lib/settings/contract";

import { editorOptionsFor, lineHeightFor, modelOptionsFor, textOptionsFor, TYPING_OPTIONS } from "./editor-settings";
import { EDITOR_FONT } from "./editor-types";

describe("editor settings → Monaco options", () => {
  it("the defaults reproduce the editor as it always looked", () => {
    expect(editorOptionsFor(defaultEditorSettings)).toMatchObject({ fontSize: EDITOR_FONT.fontSize, lineHeight: EDITOR_FONT.lineHeight, wordWrap: "off", minimap: { enabled: true } });
    expect(modelOptionsFor(defaultEditorSettings)).toEqual({ tabSize: 2, indentSize: 2, insertSpaces: true });
  });

  it("maps each setting", () => {
    const options = editorOptionsFor({ ...defaultEditorSettings, fontSize: 18, wordWrap: true, minimap: false });
    expect(options).toMatchObject({ fontSize: 18, lineHeight: lineHeightFor(18), wordWrap: "on", minimap: { enabled: false } });
    expect(modelOptionsFor({ ...defaultEditorSettings, tabSize: 4 }).tabSize).toBe(4);
  });

  it("the diff and review views get the same type and wrapping, and no minimap option", () => {
    const settings = { ...defaultEditorSettings, fontSize: 16, wordWrap: true, minimap: true };
    expect(textOptionsFor(settings)).toEqual({ fontSize: 16, lineHeight: lineHeightFor(16), wordWrap: "on" });
    expect(editorOptionsFor(settings)).toMatchObject(textOptionsFor(settings));
  });

  it("occurrence highlights wait for a pause longer than a fast typist's gap between keys, and still read as immediate", () => {
    // Monaco's default (0) renders them between every two keys.
    const fastKeyGapMs = 80;
    expect(TYPING_OPTIONS.occurrencesHighlightDelay).toBeGreaterThan(fastKeyGapMs);
    expect(TYPING_OPTIONS.occurrencesHighlightDelay).toBeLessThanOrEqual(300);
  });

  it("a key's reveal jumps instead of starting a scroll animation", () => {
    expect(TYPING_OPTIONS.smoothScrolling).toBe(false);
  });
});
