import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { fuzzyMatch, rankPaths } from "./fuzzy";

describe("fuzzyMatch", () => {
  it("matches subsequences case-insensitively and rejects the rest", () => {
    expect(fuzzyMatch("idx", "src/index.ts")).not.toBeNull();
    expect(fuzzyMatch("IDX", "src/index.ts")).not.toBeNull();
    expect(fuzzyMatch("xdi", "src/index.ts")).toBeNull();
    expect(fuzzyMatch("toolong", "a.ts")).toBeNull();
  });

  it("prefers the best alignment over the leftmost one", () => {
    const match = fuzzyMatch("ts", "tests/index.ts");
    expect(match?.positions).toEqual([12, 13]);
  });

  it("prefers word starts", () => {
    expect(fuzzyMatch("fb", "src/fooBar.ts")?.positions).toEqual([4, 7]);
    expect(fuzzyMatch("ai", "app/api/index.ts")?.positions[1]).toBe(8);
  });

  it("ignores spaces in the query", () => {
    expect(fuzzyMatch("src idx", "src/index.ts")).not.toBeNull();
  });

  it("returns positions that spell the query, in order (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ minLength: 1, maxLength: 6 }), (target, query) => {
        const match = fuzzyMatch(query, target);
        const q = query.replace(/\s+/g, "").toLowerCase();
        const isSubsequence = (() => {
          let k = 0;
          for (const char of target.toLowerCase()) if (char === q[k]) k++;
          return k === q.length;
        })();
        if (!isSubsequence) return match === null;
        if (!match) return false;
        const spelled = match.positions.map((position) => target[position]?.toLowerCase()).join("");
        const ascending = match.positions.every((position, index) => index === 0 || position > match.positions[index - 1]!);
        return spelled === q && ascending;
      }),
    );
  });
});

describe("rankPaths", () => {
  const paths = ["src/components/Button.tsx", "src/index.ts", "package.json", "src/lib/indexer.ts", "docs/intro/index.md"];

  it("puts file-name matches first", () => {
    expect(rankPaths("index", paths).map((r) => r.path).slice(0, 3)).toEqual(["src/index.ts", "docs/intro/index.md", "src/lib/indexer.ts"]);
    expect(rankPaths("btn", paths)[0]?.path).toBe("src/components/Button.tsx");
  });

  it("lists everything, sorted, for an empty query and respects the limit", () => {
    expect(rankPaths("", paths, 2).map((r) => r.path)).toEqual(["docs/intro/index.md", "package.json"]);
    expect(rankPaths("zzz", paths)).toEqual([]);
  });
});
