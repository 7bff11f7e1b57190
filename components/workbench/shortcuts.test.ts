import { describe, expect, it } from "vitest";

import { matchesShortcut, shortcutGroups, workbenchShortcuts, type KeyLike } from "./shortcuts";

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

describe("workbenchShortcuts", () => {
  it("binds no key twice, so no shortcut shadows another", () => {
    const keys = Object.values(workbenchShortcuts).map((entry) => entry.keys.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("lists what the keyboard sheet must show (issue 14: inline edit, Ctrl+M, chat focus)", () => {
    expect(workbenchShortcuts["ai.inlineEdit"].keys).toBe("Mod+K");
    expect(workbenchShortcuts["editor.tabFocus"].keys).toBe("Ctrl+M");
    expect(workbenchShortcuts["chat.focus"].keys).toBe("Mod+L");
    for (const entry of Object.values(workbenchShortcuts)) expect(shortcutGroups).toContain(entry.group);
  });

  it("the chat focus key matches Ctrl+L off Apple and ⌘L on Apple", () => {
    expect(matchesShortcut(key("l", { ctrlKey: true }), workbenchShortcuts["chat.focus"].keys, false)).toBe(true);
    expect(matchesShortcut(key("l", { metaKey: true }), workbenchShortcuts["chat.focus"].keys, true)).toBe(true);
  });
});
