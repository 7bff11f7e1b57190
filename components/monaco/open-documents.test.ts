import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStore } from "zustand/vanilla";

import type { FileDocument, FileEntry } from "@/lib/files/contract";

import { initialEditorState, type EditorProblem, type EditorState } from "./editor-types";
import { PLAIN_TEXT } from "./languages";
import { baseVersionAfterMove, OpenDocuments, type DocumentModel } from "./open-documents";
import type { SaveOutcome } from "./save-queue";

/** The model slice the documents use, with Monaco-like version ids and change events. */
class FakeModel implements DocumentModel {
  private versionId = 1;
  private disposed = false;
  private readonly listeners = new Set<() => void>();
  constructor(private text: string) {}
  getValue = () => this.text;
  getAlternativeVersionId = () => this.versionId;
  isDisposed = () => this.disposed;
  dispose = () => {
    this.disposed = true;
  };
  onDidChangeContent(listener: () => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  /** A user edit (or a whole-buffer replacement). */
  edit(text: string) {
    this.text = text;
    this.versionId++;
    this.listeners.forEach((listener) => listener());
  }
}

const DELAY = 800;

function document(path: string, version: number, content: string): FileDocument {
  return { path, kind: "file", version, size: content.length, updatedAt: "2026-01-01T00:00:00.000Z", content };
}

function entry(path: string, version: number): FileEntry {
  return { path, kind: "file", version, size: 0, updatedAt: "2026-01-01T00:00:00.000Z" };
}

function setup({ readOnly = false, answer }: { readOnly?: boolean; answer?: (path: string, content: string, base: number) => SaveOutcome } = {}) {
  const store = createStore<EditorState>(() => initialEditorState(readOnly));
  const saves: Array<{ path: string; content: string; baseVersion: number }> = [];
  const problems: EditorProblem[] = [];
  const docs = new OpenDocuments<FakeModel>({
    store,
    readOnly,
    autosaveDelayMs: DELAY,
    onProblem: (problem) => problems.push(problem),
    replaceContent: (model, content) => model.edit(content),
    transport: {
      save: async (path, content, baseVersion) => {
        saves.push({ path, content, baseVersion });
        return answer ? answer(path, content, baseVersion) : { kind: "saved", version: baseVersion + 1 };
      },
    },
  });
  /** Opens `path` as a tab (as the service does) with a model at server version `version`. */
  const open = (path: string, text: string, version = 1) => {
    const { files, tabs } = store.getState();
    store.setState({
      tabs: [...tabs, path],
      files: { ...files, [path]: { path, language: PLAIN_TEXT, loading: false, status: "saved", dirty: false, error: null, conflict: null } },
    });
    const model = new FakeModel(text);
    docs.add(path, model, { baseVersion: version, dirty: false });
    return model;
  };
  return { store, docs, saves, problems, open };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("OpenDocuments autosave", () => {
  it("saves the latest text once, a delay after the last edit, and publishes the status", async () => {
    const { docs, saves, store, open } = setup();
    const model = open("a.ts", "one");
    model.edit("two");
    await vi.advanceTimersByTimeAsync(DELAY / 2);
    model.edit("three");
    expect(store.getState().files["a.ts"]?.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(DELAY - 1);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toEqual([{ path: "a.ts", content: "three", baseVersion: 1 }]);
    expect(store.getState().files["a.ts"]).toMatchObject({ status: "saved", dirty: false });
    expect(docs.baseVersion("a.ts")).toBe(2);
    expect(docs.hasUnsavedChanges()).toBe(false);
  });

  it("holds autosave until every hold is released, and a second release is a no-op", async () => {
    const { docs, saves, open } = setup();
    const model = open("a.ts", "one");
    const first = docs.holdAutosave("a.ts");
    const second = docs.holdAutosave("a.ts");
    model.edit("two");
    first();
    first();
    await vi.advanceTimersByTimeAsync(DELAY * 3);
    expect(saves).toEqual([]);
    expect(docs.hasUnsavedChanges()).toBe(true);
    second();
    await vi.advanceTimersByTimeAsync(DELAY);
    expect(saves.map((save) => save.content)).toEqual(["two"]);
  });

  it("an explicit save cancels the pending autosave", async () => {
    const { docs, saves, open } = setup();
    open("a.ts", "one").edit("two");
    expect(await docs.save("a.ts")).toMatchObject({ status: "saved", dirty: false });
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(saves).toHaveLength(1);
  });

  it("disposing a document drops its pending autosave and its model", async () => {
    const { docs, saves, open } = setup();
    const model = open("a.ts", "one");
    model.edit("two");
    docs.dispose(docs.get("a.ts")!);
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(saves).toEqual([]);
    expect(model.isDisposed()).toBe(true);
    expect(docs.get("a.ts")).toBeUndefined();
  });

  it("read-only documents have no save queue", async () => {
    const { docs, saves, open } = setup({ readOnly: true });
    open("a.ts", "one").edit("two");
    await vi.advanceTimersByTimeAsync(DELAY * 2);
    expect(saves).toEqual([]);
    expect(await docs.save("a.ts")).toBeNull();
    expect(docs.hasUnsavedChanges()).toBe(false);
    expect(docs.baseVersion("a.ts")).toBeNull();
  });
});

describe("OpenDocuments conflicts", () => {
  it("reports a conflict once, keeps the buffer, and useTheirs takes the server's copy", async () => {
    const theirs = document("a.ts", 5, "theirs");
    const { docs, problems, store, open } = setup({ answer: () => ({ kind: "conflict", current: theirs }) });
    const model = open("a.ts", "one");
    model.edit("mine");
    await docs.save("a.ts");
    await docs.save("a.ts");
    expect(problems).toEqual([{ kind: "conflict", path: "a.ts" }]);
    expect(store.getState().files["a.ts"]).toMatchObject({ status: "conflict", conflict: theirs });
    expect(model.getValue()).toBe("mine");
    docs.useTheirs("a.ts");
    expect(model.getValue()).toBe("theirs");
    expect(docs.baseVersion("a.ts")).toBe(5);
  });
});

describe("OpenDocuments and the tree", () => {
  it("settle saves dirty files under the prefix and returns those that could not be saved", async () => {
    const { docs, saves, open } = setup({
      answer: (path, _content, base) => (path === "src/b.ts" ? { kind: "error", message: "disk full" } : { kind: "saved", version: base + 1 }),
    });
    open("src/a.ts", "a").edit("a2");
    open("src/b.ts", "b").edit("b2");
    open("src/c.ts", "c");
    open("other.ts", "o").edit("o2");
    expect(await docs.settle("src")).toEqual(["src/b.ts"]);
    expect(saves.map((save) => save.path).sort()).toEqual(["src/a.ts", "src/b.ts"]);
    expect(docs.hasUnsavedChanges()).toBe(true);
  });

  it("syncWithTree takes newer copies into clean buffers only", async () => {
    const { docs, open } = setup();
    const clean = open("clean.ts", "old", 1);
    const dirty = open("dirty.ts", "old", 1);
    const same = open("same.ts", "old", 3);
    dirty.edit("local");
    const reads: string[] = [];
    await docs.syncWithTree([entry("clean.ts", 2), entry("dirty.ts", 2), entry("same.ts", 3)], async (path) => {
      reads.push(path);
      return document(path, 2, "remote");
    });
    expect(reads).toEqual(["clean.ts"]);
    expect(clean.getValue()).toBe("remote");
    expect(docs.baseVersion("clean.ts")).toBe(2);
    expect(dirty.getValue()).toBe("local");
    expect(docs.baseVersion("dirty.ts")).toBe(1);
    expect(same.getValue()).toBe("old");
  });

  it("syncWithTree ignores a copy that fails to load", async () => {
    const { docs, open } = setup();
    const model = open("a.ts", "old", 1);
    await docs.syncWithTree([entry("a.ts", 2)], () => Promise.reject(new Error("offline")));
    expect(model.getValue()).toBe("old");
    expect(docs.baseVersion("a.ts")).toBe(1);
  });
});

describe("baseVersionAfterMove", () => {
  it("follows the server across the move's own bump only", () => {
    expect(baseVersionAfterMove(3, 3)).toBe(3);
    expect(baseVersionAfterMove(3, 4)).toBe(4);
    expect(baseVersionAfterMove(3, 5)).toBe(3);
    expect(baseVersionAfterMove(3, undefined)).toBe(3);
  });
});
