import { describe, expect, it } from "vitest";

import { parseSavedTabs } from "./tab-memory";

const files = new Set(["a.ts", "b.ts", "src/c.ts"]);

describe("parseSavedTabs", () => {
  it("keeps existing files in order and the active one", () => {
    expect(parseSavedTabs(JSON.stringify({ tabs: ["b.ts", "a.ts"], active: "a.ts" }), files)).toEqual({ tabs: ["b.ts", "a.ts"], active: "a.ts" });
  });

  it("drops deleted files and duplicates; falls back to the last tab when the active one is gone", () => {
    expect(parseSavedTabs(JSON.stringify({ tabs: ["gone.ts", "a.ts", "a.ts", "src/c.ts"], active: "gone.ts" }), files)).toEqual({
      tabs: ["a.ts", "src/c.ts"],
      active: "src/c.ts",
    });
  });

  it("reads junk as no tabs", () => {
    for (const raw of [null, "", "{", "42", JSON.stringify({ tabs: "a.ts" }), JSON.stringify({ tabs: [1, null] })]) {
      expect(parseSavedTabs(raw, files)).toEqual({ tabs: [], active: null });
    }
  });
});
