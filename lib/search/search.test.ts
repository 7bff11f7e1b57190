import { describe, expect, it } from "vitest";

import type { SearchOptions } from "./contract";
import { pathFilter, replaceText, searchTexts, SearchSyntaxError } from "./search";

const base: SearchOptions = { query: "", regex: false, caseSensitive: false, wholeWord: false, include: "", exclude: "" };
const files: [string, string][] = [
  ["src/app.ts", "const total = 1;\nexport const Total = total + subtotal;\n"],
  ["src/util/math.ts", "export function total(a: number) { return a; }\n"],
  ["README.md", "Total: see src.\n"],
  ["node_modules/x/index.js", "total\n"],
];

function find(options: Partial<SearchOptions>, limit = 100) {
  return searchTexts(files, { ...base, ...options }, { maxMatches: limit });
}

describe("searchTexts", () => {
  it("finds every match per line with its columns, case-insensitively by default", () => {
    const result = find({ query: "total" });
    expect(result.total).toBe(7);
    expect(result.files.map((f) => f.path)).toEqual(["src/app.ts", "src/util/math.ts", "README.md", "node_modules/x/index.js"]);
    expect(result.files[0]!.matches.map((m) => [m.line, m.start, m.end])).toEqual([
      [1, 6, 11],
      [2, 13, 18],
      [2, 21, 26],
      [2, 32, 37],
    ]);
  });

  it("honours case and whole-word toggles", () => {
    expect(find({ query: "Total", caseSensitive: true }).total).toBe(2);
    // `subtotal` is not the word `total`.
    expect(find({ query: "total", wholeWord: true }).files[0]!.matches).toHaveLength(3);
  });

  it("treats plain text literally and regexes as RE2", () => {
    expect(find({ query: "a: number)" }).total).toBe(1);
    expect(find({ query: "^export (const|function)", regex: true }).total).toBe(2);
    expect(() => find({ query: "(?<=a)b", regex: true })).toThrow(SearchSyntaxError);
  });

  it("filters paths with include and exclude globs", () => {
    expect(find({ query: "total", include: "*.ts" }).files.map((f) => f.path)).toEqual(["src/app.ts", "src/util/math.ts"]);
    expect(find({ query: "total", include: "src/util" }).files.map((f) => f.path)).toEqual(["src/util/math.ts"]);
    expect(find({ query: "total", exclude: "node_modules, *.md" }).files.map((f) => f.path)).toEqual(["src/app.ts", "src/util/math.ts"]);
    expect(pathFilter("src/**/*.ts", "")("src/a/b.ts")).toBe(true);
    expect(pathFilter("src/**/*.ts", "")("lib/b.ts")).toBe(false);
  });

  it("stops at the match limit and says so", () => {
    const result = find({ query: "total" }, 3);
    expect(result.total).toBe(3);
    expect(result.stopped).toMatch(/first 3 matches/);
  });

  it("cuts long lines around the match", () => {
    const line = `${"x".repeat(500)}needle${"y".repeat(500)}`;
    const [match] = searchTexts([["long.txt", line]], { ...base, query: "needle" }, { maxMatches: 10 }).files[0]!.matches;
    expect(match!.text.length).toBeLessThan(300);
    expect(match!.text.slice(match!.start - match!.offset, match!.end - match!.offset)).toBe("needle");
  });
});

describe("replaceText", () => {
  it("replaces plain text literally, with the same toggles as the search", () => {
    expect(replaceText("total subtotal Total", { ...base, query: "total", wholeWord: true }, "sum$1")).toBe("sum$1 subtotal sum$1");
  });

  it("expands groups in regex mode", () => {
    expect(replaceText("a=1\nb=2", { ...base, query: "(\\w)=(\\d)", regex: true }, "$2=$1")).toBe("1=a\n2=b");
  });
});

describe("the whole-file pass", () => {
  it("never hides a per-line match: anchors, \\A and \\z keep their per-line meaning", () => {
    const texts: [string, string][] = [["a.ts", "first\nsecond line\nthird"]];
    const find = (query: string) => searchTexts(texts, { ...base, query, regex: true }, { maxMatches: 10 }).total;
    expect(find("^second")).toBe(1);
    expect(find("line$")).toBe(1);
    expect(find("\\Asecond")).toBe(1);
    expect(find("line\\z")).toBe(1);
    expect(find("^nothing")).toBe(0);
  });
});
