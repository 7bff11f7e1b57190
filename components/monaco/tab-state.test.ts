import { describe, expect, it } from "vitest";

import type { OpenFileState } from "./editor-types";
import { PLAIN_TEXT } from "./languages";
import { withRenamedTabs, withTab, withTabMoved, withoutTab } from "./tab-state";

const file = (path: string, extra: Partial<OpenFileState> = {}): OpenFileState => ({
  path,
  language: PLAIN_TEXT,
  loading: false,
  status: "saved",
  dirty: false,
  error: null,
  conflict: null,
  ...extra,
});
const strip = (tabs: string[], activePath: string | null) => ({ tabs, activePath, files: Object.fromEntries(tabs.map((t) => [t, file(t)])) });

describe("tab state", () => {
  it("opens a tab at the end, loading, and keeps an open tab where it is", () => {
    const opened = withTab(strip(["a", "b"], "a"), "c", PLAIN_TEXT);
    expect(opened.tabs).toEqual(["a", "b", "c"]);
    expect(opened.files.c).toMatchObject({ loading: true, dirty: false, status: "saved" });
    expect(withTab(strip(["a", "b"], "a"), "a", PLAIN_TEXT).tabs).toEqual(["a", "b"]);
  });

  it("closing the active tab activates its right neighbour, else its left; others keep the active one", () => {
    expect(withoutTab(strip(["a", "b", "c"], "b"), "b")).toMatchObject({ tabs: ["a", "c"], activePath: "c" });
    expect(withoutTab(strip(["a", "b", "c"], "c"), "c")).toMatchObject({ tabs: ["a", "b"], activePath: "b" });
    expect(withoutTab(strip(["a"], "a"), "a")).toMatchObject({ tabs: [], activePath: null });
    const closedOther = withoutTab(strip(["a", "b"], "a"), "b");
    expect(closedOther).toMatchObject({ tabs: ["a"], activePath: "a" });
    expect(closedOther?.files.b).toBeUndefined();
    expect(withoutTab(strip(["a"], "a"), "zzz")).toBeNull();
  });

  it("a move renames tabs in place, keeps each file's state and takes the fresh fields", () => {
    const before = { tabs: ["src/a.ts", "b.ts"], activePath: "src/a.ts", files: { "src/a.ts": file("src/a.ts", { dirty: true }), "b.ts": file("b.ts") } };
    const after = withRenamedTabs(before, new Map([["src/a.ts", "lib/a.ts"]]), (path) => (path === "lib/a.ts" ? { status: "saving" } : {}));
    expect(after.tabs).toEqual(["lib/a.ts", "b.ts"]);
    expect(after.activePath).toBe("lib/a.ts");
    expect(after.files["lib/a.ts"]).toMatchObject({ path: "lib/a.ts", dirty: true, status: "saving" });
    expect(after.files["src/a.ts"]).toBeUndefined();
    expect(after.files["b.ts"]).toEqual(file("b.ts"));
  });

  it("moves a tab to an index, clamped to the strip", () => {
    expect(withTabMoved(["a", "b", "c"], "a", 2)).toEqual(["b", "c", "a"]);
    expect(withTabMoved(["a", "b", "c"], "c", 0)).toEqual(["c", "a", "b"]);
    expect(withTabMoved(["a", "b", "c"], "b", 99)).toEqual(["a", "c", "b"]);
    expect(withTabMoved(["a", "b", "c"], "b", -5)).toEqual(["b", "a", "c"]);
  });
});
