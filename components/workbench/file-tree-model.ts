import { isSameOrInside } from "@/components/monaco/paths";
import { checkRelativePath, parentDirectories } from "@/lib/edits/paths";
import type { FileEntry } from "@/lib/files/contract";

export type FileKind = FileEntry["kind"];

/** One node of the explorer tree. Folders that only exist because files live under them have no `entry`. */
export interface TreeNode {
  name: string;
  /** Project-relative path; "" for the root. */
  path: string;
  kind: FileKind;
  children: TreeNode[];
  entry?: FileEntry;
}

export interface VisibleRow {
  node: TreeNode;
  /** 1-based, as aria-level wants it. */
  level: number;
  posInSet: number;
  setSize: number;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compareNodes(a: TreeNode, b: TreeNode): number {
  if (a.kind !== b.kind) return a.kind === "folder" ? -1 : 1;
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Builds the nested tree from the flat API listing; folders are implied by file paths. */
export function buildTree(entries: readonly FileEntry[]): TreeNode {
  const root: TreeNode = { name: "", path: "", kind: "folder", children: [] };
  const byPath = new Map<string, TreeNode>([["", root]]);

  const ensureFolder = (path: string): TreeNode => {
    const existing = byPath.get(path);
    if (existing) {
      // A path used as a parent must be a folder, whatever a stray entry claims.
      existing.kind = "folder";
      return existing;
    }
    const parent = ensureFolder(parentOf(path));
    const node: TreeNode = { name: baseName(path), path, kind: "folder", children: [] };
    parent.children.push(node);
    byPath.set(path, node);
    return node;
  };

  for (const entry of entries) {
    if (!entry.path) continue;
    const existing = byPath.get(entry.path);
    if (existing) {
      existing.entry = entry;
      if (existing.children.length === 0) existing.kind = entry.kind;
      continue;
    }
    const parent = ensureFolder(parentOf(entry.path));
    const node: TreeNode = { name: baseName(entry.path), path: entry.path, kind: entry.kind, children: [], entry };
    parent.children.push(node);
    byPath.set(entry.path, node);
  }

  const sortDeep = (node: TreeNode) => {
    node.children.sort(compareNodes);
    node.children.forEach(sortDeep);
  };
  sortDeep(root);
  return root;
}

/** Rows in display order for the expanded folders; the tree renders these flat, with aria-level. */
export function visibleRows(root: TreeNode, expanded: ReadonlySet<string>): VisibleRow[] {
  const rows: VisibleRow[] = [];
  const walk = (node: TreeNode, level: number) => {
    node.children.forEach((child, index) => {
      rows.push({ node: child, level, posInSet: index + 1, setSize: node.children.length });
      if (child.kind === "folder" && expanded.has(child.path)) walk(child, level + 1);
    });
  };
  walk(root, 1);
  return rows;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** Every folder above `path`, outermost first (without the root). */
export const ancestorsOf = parentDirectories;

export type PathResult = { ok: true; path: string } | { ok: false; message: string };

/**
 * Normalises what the user typed into a project-relative path with the server's own rules (and its
 * NFC normalisation), so mistakes show up inline; the server stays the authority.
 */
export function normalizeUserPath(input: string): PathResult {
  const trimmed = input.trim().normalize("NFC");
  if (!trimmed) return { ok: false, message: "A name is required." };
  const checked = checkRelativePath(trimmed);
  if (!checked.ok) return { ok: false, message: checked.problem === "empty" ? "A name is required." : `The ${checked.reason}.` };
  if (checked.path.split("/").some((segment) => segment.trim() !== segment)) {
    return { ok: false, message: "Names cannot start or end with spaces." };
  }
  return { ok: true, path: checked.path };
}

/**
 * The rename box edits a name relative to the entry's folder; typing `a/b` moves it into a
 * subfolder, and a leading `/` makes the input relative to the project root.
 */
export function resolveRenameTarget(oldPath: string, input: string): PathResult {
  const checked = resolveNewEntryPath(parentOf(oldPath), input);
  if (!checked.ok) return checked;
  if (checked.path !== oldPath && isSameOrInside(checked.path, oldPath)) {
    return { ok: false, message: "A folder cannot be moved inside itself." };
  }
  return checked;
}

/** The new-entry box: a name (or `a/b` path) inside `dir`, or from the root with a leading `/`. */
export function resolveNewEntryPath(dir: string, input: string): PathResult {
  const fromRoot = input.trimStart().startsWith("/");
  const relative = normalizeUserPath(fromRoot ? input.trimStart().replace(/^\/+/, "") : input);
  if (!relative.ok) return relative;
  return fromRoot ? relative : normalizeUserPath(joinPath(dir, relative.path));
}

/** A drop of `source` onto folder `targetDir` ("" = root) is a real move and not a cycle. */
export function canMoveInto(source: string, targetDir: string): boolean {
  if (parentOf(source) === targetDir) return false;
  return !isSameOrInside(targetDir, source);
}

export function findNode(root: TreeNode, path: string): TreeNode | undefined {
  if (path === "") return root;
  let node: TreeNode | undefined = root;
  for (const part of path.split("/")) {
    node = node?.children.find((child) => child.name === part);
    if (!node) return undefined;
  }
  return node;
}

/** Where a new entry goes from a tree position: into a folder, beside a file, or at the root. */
export function folderForNewEntry(node: TreeNode | undefined): string {
  if (!node) return "";
  return node.kind === "folder" ? node.path : parentOf(node.path);
}

/** Every file path in the tree, for quick-open. */
export function filePaths(entries: readonly FileEntry[]): string[] {
  return entries.filter((entry) => entry.kind === "file").map((entry) => entry.path);
}
