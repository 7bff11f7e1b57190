import type { EditorService } from "@/components/monaco/editor-service";
import { remapPath } from "@/components/monaco/paths";
import { confirmAction } from "@/components/ui/choice-dialog";
import { toast } from "@/components/ui/toast";

import { ancestorsOf, baseName, joinPath, parentOf, type FileKind, type PathResult } from "./file-tree-model";
import { decodeDropped, describeUpload, type DroppedFile, type UploadOutcome } from "./dropped-files";
import type { FilesApi } from "./files-api";
import { expandAll, type ProjectStore } from "./project-store";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}

/**
 * Tree mutations as the user sees them: server first, then the tree and open tabs follow. Every
 * failure ends in a toast; nothing here throws at the UI.
 */
export function createWorkbenchActions({ api, service, store }: { api: FilesApi; service: EditorService; store: ProjectStore }) {
  let refreshing: Promise<void> | null = null;

  const refreshTree = async (): Promise<void> => {
    refreshing ??= api
      .tree()
      .then((entries) => {
        store.setState({ entries });
        return service.syncWithTree(entries, api.read);
      })
      .catch((error) => void toast.error(`Could not refresh the file list: ${messageOf(error)}`))
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  const withBusy = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    store.setState({ busy: true });
    try {
      return await work();
    } catch (error) {
      toast.error(messageOf(error));
      return undefined;
    } finally {
      store.setState({ busy: false });
    }
  };

  const revealPath = (path: string) => {
    expandAll(store, ancestorsOf(path));
    store.setState({ focused: path });
  };

  /** Shows the explorer's inline name box for a new file or folder in `dir` ("" = project root). */
  const startCreate = (entryKind: FileKind, dir: string) => {
    if (dir) expandAll(store, [...ancestorsOf(dir), dir]);
    store.setState({ edit: { kind: "create", entryKind, dir } });
  };

  const openFile = async (path: string, { focus = true }: { focus?: boolean } = {}) => {
    revealPath(path);
    await service.openFile(path, { focus });
  };

  const createEntry = async (kind: FileKind, path: PathResult) => {
    if (!path.ok) return;
    await withBusy(async () => {
      await api.create(path.path, kind);
      await refreshTree();
      revealPath(path.path);
      if (kind === "folder") expandAll(store, [path.path]);
      else await service.openFile(path.path);
    });
  };

  /** Rename and move are one operation on the server: PATCH the path. */
  const moveEntry = async (from: string, to: string) => {
    if (from === to) return;
    await withBusy(async () => {
      const blocked = await service.settle(from);
      if (blocked.length > 0) {
        toast.error(`Save or resolve ${blocked.join(", ")} before moving it.`);
        return;
      }
      await api.move(from, to);
      const entries = await api.tree();
      store.setState((state) => ({
        entries,
        expanded: new Set([...state.expanded].map((path) => remapPath(path, from, to) ?? path)),
      }));
      await service.applyMove(from, to, entries);
      revealPath(to);
    });
  };

  const moveInto = (source: string, targetDir: string) => moveEntry(source, joinPath(targetDir, baseName(source)));

  const deleteEntry = async (path: string, kind: FileKind) => {
    const inside = store.getState().entries.filter((entry) => entry.path.startsWith(`${path}/`)).length;
    const unsaved = service.state.tabs.filter((tab) => (tab === path || tab.startsWith(`${path}/`)) && service.state.files[tab]?.dirty);
    const confirmed = await confirmAction({
      title: `Delete ${baseName(path)}?`,
      message: [
        kind === "folder" ? `The folder ${path} and the ${inside} item${inside === 1 ? "" : "s"} in it will be deleted.` : `${path} will be deleted.`,
        unsaved.length > 0 ? `Unsaved changes in ${unsaved.join(", ")} will be lost.` : null,
        "This cannot be undone.",
      ]
        .filter(Boolean)
        .join(" "),
      confirmLabel: "Delete",
      danger: true,
    });
    if (!confirmed) return;
    await withBusy(async () => {
      await api.remove(path);
      service.forgetUnder(path);
      await refreshTree();
      const { focused } = store.getState();
      if (focused && (focused === path || focused.startsWith(`${path}/`))) store.setState({ focused: parentOf(path) || null });
    });
  };

  const downloadProject = () => {
    const anchor = document.createElement("a");
    anchor.href = api.exportUrl;
    anchor.download = "";
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
  };

  /** Adds files dropped from the desktop under `dir`: text only, never over an existing file; then says what happened. */
  const uploadDropped = (dropped: Promise<DroppedFile[]>, dir: string) =>
    withBusy(async () => {
      const outcome: UploadOutcome = { added: [], binary: [], existing: [], failed: [] };
      const taken = new Set(store.getState().entries.map((entry) => entry.path));
      for (const { relativePath, file } of await dropped) {
        const path = dir ? joinPath(dir, relativePath) : relativePath;
        if (taken.has(path)) {
          outcome.existing.push(path);
          continue;
        }
        const text = decodeDropped(new Uint8Array(await file.arrayBuffer()));
        if (text === null) {
          outcome.binary.push(path);
          continue;
        }
        try {
          await api.create(path, "file", text);
          outcome.added.push(path);
        } catch (error) {
          outcome.failed.push({ path, message: messageOf(error) });
        }
      }
      await refreshTree();
      if (outcome.added[0]) revealPath(outcome.added[0]);
      const { title, description } = describeUpload(outcome);
      if (outcome.added.length === 0) toast.error(title, { description: description ?? undefined });
      else toast.success(title, { description: description ?? undefined });
    });

  return { refreshTree, openFile, revealPath, startCreate, createEntry, moveEntry, moveInto, deleteEntry, downloadProject, uploadDropped };
}

export type WorkbenchActions = ReturnType<typeof createWorkbenchActions>;
