import { describe, expect, it } from "vitest";

import { nextPreference, parsePreference, resolveTheme } from "./theme-store";

describe("theme preference", () => {
  it("parses stored values, defaulting to system", () => {
    expect(parsePreference("dark")).toBe("dark");
    expect(parsePreference("light")).toBe("light");
    expect(parsePreference("purple")).toBe("system");
    expect(parsePreference(null)).toBe("system");
  });

  it("resolves system from the OS and explicit choices as themselves", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("cycles through all three", () => {
    expect([nextPreference("system"), nextPreference("dark"), nextPreference("light")]).toEqual(["dark", "light", "system"]);
  });
});
