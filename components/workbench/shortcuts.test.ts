import { describe, expect, it } from "vitest";

import { matchesShortcut, type KeyLike } from "./shortcuts";

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe("matchesShortcut", () => {
  it("maps Mod to Ctrl off Apple and to ⌘ on Apple", () => {
    expect(matchesShortcut(key("p", { ctrlKey: true }), "Mod+P", false)).toBe(true);
    expect(matchesShortcut(key("p", { metaKey: true }), "Mod+P", false)).toBe(false);
    expect(matchesShortcut(key("p", { metaKey: true }), "Mod+P", true)).toBe(true);
    expect(matchesShortcut(key("p", { ctrlKey: true }), "Mod+P", true)).toBe(false);
  });

  it("requires exact modifiers, so Mod+P and Mod+Shift+P never both fire", () => {
    const shiftP = key("P", { ctrlKey: true, shiftKey: true });
    expect(matchesShortcut(shiftP, "Mod+Shift+P", false)).toBe(true);
    expect(matchesShortcut(shiftP, "Mod+P", false)).toBe(false);
    expect(matchesShortcut(key("p", { ctrlKey: true, altKey: true }), "Mod+P", false)).toBe(false);
  });

  it("matches plain keys", () => {
    expect(matchesShortcut(key("F2"), "F2", false)).toBe(true);
    expect(matchesShortcut(key("F2", { shiftKey: true }), "F2", false)).toBe(false);
  });
});
