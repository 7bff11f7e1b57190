import { describe, expect, it } from "vitest";

import type { FileEntry } from "@/lib/files/contract";

import { checkNewName, checkRename, displayRows, explorerMenu, tabStopOf, treeKeyAction } from "./explorer-model";
import { buildTree, findNode, visibleRows } from "./file-tree-model";

const entries = [
  { path: "src", kind: "folder" },
  { path: "src/a.ts", kind: "file" },
  { path: "src/lib", kind: "folder" },
  { path: "src/lib/b.ts", kind: "file" },
  { path: "README.md", kind: "file" },
] as FileEntry[];
const root = buildTree(entries);
const expanded = new Set(["src"]);
const rows = visibleRows(root, expanded);
const paths = rows.map((r) => r.node.path);
const key = (k: string, tabStop: string | null, canWrite = true) => treeKeyAction({ key: k, shiftKey: false }, { rows, tabStop, expanded, canWrite });

describe("explorer model", () => {
  it("puts the new entry's name box first in its folder, one level deeper", () => {
    expect(paths).toEqual(["src", "src/lib", "src/a.ts", "README.md"]);
    const list = displayRows(rows, { kind: "create", entryKind: "file", dir: "src" });
    expect(list[1]).toEqual({ type: "create", level: 2, dir: "src", entryKind: "file" });
    expect(displayRows(rows, { kind: "create", entryKind: "folder", dir: "" })[0]).toMatchObject({ type: "create", level: 1 });
    expect(displayRows(rows, { kind: "rename", path: "src" })).toHaveLength(rows.length);
  });

  it("gives Tab to the focused row when visible, else the first", () => {
    expect(tabStopOf(rows, "src/a.ts")).toBe("src/a.ts");
    expect(tabStopOf(rows, "src/lib/b.ts")).toBe("src");
    expect(tabStopOf([], null)).toBeNull();
  });

  it("moves with the arrows, Home and End, and stops at the ends", () => {
    expect(key("ArrowDown", "src")).toEqual({ kind: "focus", path: "src/lib" });
    expect(key("ArrowDown", "README.md")).toEqual({ kind: "focus", path: "README.md" });
    expect(key("ArrowUp", "src")).toEqual({ kind: "focus", path: "src" });
    expect(key("Home", "README.md")).toEqual({ kind: "focus", path: "src" });
    expect(key("End", "src")).toEqual({ kind: "focus", path: "README.md" });
  });

  it("opens and closes folders with right and left, moving to the first child or the parent", () => {
    expect(key("ArrowRight", "src/lib")).toEqual({ kind: "expand", path: "src/lib", open: true });
    expect(key("ArrowRight", "src")).toEqual({ kind: "focus", path: "src/lib" });
    expect(key("ArrowLeft", "src")).toEqual({ kind: "expand", path: "src", open: false });
    expect(key("ArrowLeft", "src/a.ts")).toEqual({ kind: "focus", path: "src" });
    expect(key("ArrowLeft", "README.md")).toEqual({ kind: "none" });
    expect(key("ArrowRight", "src/a.ts")).toBeNull();
  });

  it("activates, renames, deletes (writers only) and opens the menu; other keys pass through", () => {
    expect(key("Enter", "src/a.ts")).toMatchObject({ kind: "activate", focusEditor: true });
    expect(key(" ", "src/a.ts")).toMatchObject({ kind: "activate", focusEditor: false });
    expect(key("F2", "src/a.ts")).toEqual({ kind: "rename", path: "src/a.ts" });
    expect(key("Delete", "src/a.ts")).toMatchObject({ kind: "delete" });
    expect(key("Delete", "src/a.ts", false)).toBeNull();
    expect(treeKeyAction({ key: "F10", shiftKey: true }, { rows, tabStop: "src", expanded, canWrite: true })).toMatchObject({ kind: "menu" });
    expect(key("a", "src")).toBeNull();
  });

  it("offers writers create, rename and delete in the menu, and viewers only open and copy", () => {
    const ids = (node: string | undefined, canWrite: boolean) =>
      explorerMenu(node ? findNode(root, node) : undefined, canWrite).flatMap((e) => (e.kind === "item" ? [e.id] : []));
    expect(ids("src/a.ts", true)).toEqual(["open", "new-file", "new-folder", "rename", "delete", "copy-path"]);
    expect(ids("src/a.ts", false)).toEqual(["open", "copy-path"]);
    expect(ids("src", true)).toEqual(["new-file", "new-folder", "rename", "delete", "copy-path"]);
    expect(ids(undefined, false)).toEqual(["refresh", "collapse"]);
    const newFile = explorerMenu(findNode(root, "src/lib/b.ts"), true).find((e) => e.id === "new-file");
    expect(newFile).toMatchObject({ dir: "src/lib" });
  });

  it("refuses names that are taken or invalid", () => {
    expect(checkNewName(entries, "src", "a.ts")).toEqual({ ok: false, message: "src/a.ts already exists." });
    expect(checkNewName(entries, "src", "c.ts")).toEqual({ ok: true, path: "src/c.ts" });
    expect(checkNewName(entries, "src", "../x").ok).toBe(false);
    expect(checkRename(entries, "src/a.ts", "README.md").ok).toBe(true);
    expect(checkRename(entries, "src/a.ts", "a.ts")).toEqual({ ok: true, path: "src/a.ts" });
    expect(checkRename(entries, "src/a.ts", "lib")).toEqual({ ok: false, message: "src/lib already exists." });
  });
});
