import { describe, expect, it } from "vitest";

import type { FileEntry } from "@/lib/files/contract";

import {
  ancestorsOf,
  buildTree,
  canMoveInto,
  findNode,
  normalizeUserPath,
  resolveNewEntryPath,
  resolveRenameTarget,
  visibleRows,
  type TreeNode,
} from "./file-tree-model";

const file = (path: string): FileEntry => ({ path, kind: "file", version: 1, size: 0, updatedAt: "2026-01-01T00:00:00.000Z" });
const folder = (path: string): FileEntry => ({ ...file(path), kind: "folder" });

const shape = (node: TreeNode): unknown =>
  node.kind === "folder" ? { [node.name + "/"]: node.children.map(shape) } : node.name;

describe("buildTree", () => {
  it("nests files under implied folders and sorts folders first, naturally", () => {
    const root = buildTree([file("src/b.ts"), file("README.md"), file("src/a10.ts"), file("src/a2.ts"), file("src/lib/x.ts"), file("a.txt")]);
    expect(root.children.map(shape)).toEqual([
      { "src/": [{ "lib/": ["x.ts"] }, "a2.ts", "a10.ts", "b.ts"] },
      "a.txt",
      "README.md",
    ]);
  });

  it("keeps explicit empty folders and attaches entries to implied ones", () => {
    const root = buildTree([folder("empty"), file("src/index.ts"), folder("src")]);
    expect(root.children.map(shape)).toEqual([{ "empty/": [] }, { "src/": ["index.ts"] }]);
    expect(findNode(root, "src")?.entry?.kind).toBe("folder");
    expect(findNode(root, "empty")?.entry).toBeDefined();
  });

  it("implied folders have no entry, and a parent path always becomes a folder", () => {
    const root = buildTree([file("a/b/c.txt"), file("a")]);
    const a = findNode(root, "a");
    expect(a?.kind).toBe("folder");
    expect(findNode(root, "a/b")?.entry).toBeUndefined();
    expect(findNode(root, "a/b/c.txt")?.kind).toBe("file");
  });
});

describe("visibleRows", () => {
  const root = buildTree([file("src/lib/x.ts"), file("src/y.ts"), file("z.md")]);

  it("shows only children of expanded folders, with aria positions", () => {
    expect(visibleRows(root, new Set()).map((row) => row.node.path)).toEqual(["src", "z.md"]);
    const rows = visibleRows(root, new Set(["src", "src/lib"]));
    expect(rows.map((row) => [row.node.path, row.level, row.posInSet, row.setSize])).toEqual([
      ["src", 1, 1, 2],
      ["src/lib", 2, 1, 2],
      ["src/lib/x.ts", 3, 1, 1],
      ["src/y.ts", 2, 2, 2],
      ["z.md", 1, 2, 2],
    ]);
  });

  it("hides a nested expanded folder when its parent is collapsed", () => {
    expect(visibleRows(root, new Set(["src/lib"])).map((row) => row.node.path)).toEqual(["src", "z.md"]);
  });
});

describe("paths", () => {
  it("lists ancestors outermost first", () => {
    expect(ancestorsOf("a/b/c.ts")).toEqual(["a", "a/b"]);
    expect(ancestorsOf("c.ts")).toEqual([]);
  });

  it("normalises user input and rejects traversal", () => {
    expect(normalizeUserPath(" a//b/ ")).toEqual({ ok: true, path: "a/b" });
    expect(normalizeUserPath("./a")).toEqual({ ok: true, path: "a" });
    expect(normalizeUserPath("/a")).toMatchObject({ ok: false, message: "The path must be relative." });
    expect(normalizeUserPath("a/../b").ok).toBe(false);
    expect(normalizeUserPath("a\\b").ok).toBe(false);
    expect(normalizeUserPath("   ").ok).toBe(false);
    expect(normalizeUserPath("x".repeat(256)).ok).toBe(false);
  });

  it("resolves rename input relative to the entry's folder, or to the root with a leading slash", () => {
    expect(resolveRenameTarget("src/a.ts", "b.ts")).toEqual({ ok: true, path: "src/b.ts" });
    expect(resolveRenameTarget("src/a.ts", "util/a.ts")).toEqual({ ok: true, path: "src/util/a.ts" });
    expect(resolveRenameTarget("src/a.ts", "/a.ts")).toEqual({ ok: true, path: "a.ts" });
    expect(resolveRenameTarget("src", "src/inner").ok).toBe(false);
  });

  it("places new entries in the folder, or at the root with a leading slash", () => {
    expect(resolveNewEntryPath("src", "a.ts")).toEqual({ ok: true, path: "src/a.ts" });
    expect(resolveNewEntryPath("src", "lib/a.ts")).toEqual({ ok: true, path: "src/lib/a.ts" });
    expect(resolveNewEntryPath("src", "/a.ts")).toEqual({ ok: true, path: "a.ts" });
    expect(resolveNewEntryPath("", "a.ts")).toEqual({ ok: true, path: "a.ts" });
    expect(resolveNewEntryPath("src", "../a.ts").ok).toBe(false);
  });

  it("allows drops only into a different folder that is not inside the source", () => {
    expect(canMoveInto("src/a.ts", "lib")).toBe(true);
    expect(canMoveInto("src/a.ts", "")).toBe(true);
    expect(canMoveInto("src/a.ts", "src")).toBe(false);
    expect(canMoveInto("src", "src/lib")).toBe(false);
    expect(canMoveInto("src", "src")).toBe(false);
    expect(canMoveInto("src", "srcx")).toBe(true);
  });
});
