import { describe, expect, it } from "vitest";

import { describeImport } from "./import-summary";

describe("describeImport", () => {
  it("says how many files came in", () => {
    expect(describeImport({ imported: 1, skipped: [] })).toBe("Imported 1 file.");
  });

  it("says what was skipped and why", () => {
    const text = describeImport({
      imported: 12,
      skipped: [
        { path: "node_modules/a/index.js", reason: "ignored" },
        { path: ".git/HEAD", reason: "ignored" },
        { path: "logo.png", reason: "binary" },
        { path: "a.woff", reason: "binary" },
        { path: "b.woff", reason: "binary" },
        { path: "c.woff", reason: "binary" },
      ],
    });
    expect(text).toBe(
      "Imported 12 files. Skipped 6: 2 files in folders Wafer leaves out (node_modules, .git, build caches); 4 binary files (Wafer stores text only: logo.png, a.woff, b.woff…).",
    );
  });
});
