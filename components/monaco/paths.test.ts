import { describe, expect, it } from "vitest";

import { isSameOrInside, remapPath } from "./paths";

describe("paths", () => {
  it("remaps paths under a moved folder only", () => {
    expect(remapPath("src/a.ts", "src", "lib")).toBe("lib/a.ts");
    expect(remapPath("src", "src", "lib")).toBe("lib");
    expect(remapPath("srcx/a.ts", "src", "lib")).toBeNull();
  });

  it("knows what lies inside a folder", () => {
    expect(isSameOrInside("src/a.ts", "src")).toBe(true);
    expect(isSameOrInside("src", "src")).toBe(true);
    expect(isSameOrInside("srcx/a.ts", "src")).toBe(false);
    expect(isSameOrInside("anything", "")).toBe(true);
  });
});
