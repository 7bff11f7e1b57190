import { describe, expect, it } from "vitest";

import { highlightParts, normalizeGlobs, replaceProposals, summary } from "./search-model";

describe("search model", () => {
  it("splits a cut line around its match", () => {
    expect(highlightParts({ line: 3, start: 104, end: 110, text: "  xx needle yy", offset: 99 })).toEqual({ before: "xx ", hit: "needle", after: " yy" });
  });

  it("summarises counts in words", () => {
    expect(summary({ files: [], total: 0, stopped: null, elapsedMs: 1 })).toBe("No results.");
    expect(summary({ files: [{ path: "a", matches: [] }], total: 1, stopped: null, elapsedMs: 1 })).toBe("1 result in 1 file");
  });

  it("turns a replace preview into proposals the review understands", () => {
    expect(replaceProposals([{ path: "a.ts", before: "x", after: "y", baseVersion: 4 }])).toEqual([{ path: "a.ts", before: "x", after: "y", baseVersion: 4 }]);
  });

  it("tidies globs", () => {
    expect(normalizeGlobs(" *.ts , ,src/** ")).toBe("*.ts,src/**");
  });
});
