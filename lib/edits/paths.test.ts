import { describe, expect, it } from "vitest";
import { checkRelativePath, MAX_PATH_LENGTH, normalizeRelativePath, parentDirectories } from "./paths";

describe("checkRelativePath", () => {
  it.each([
    ["src/app.ts", "src/app.ts"],
    ["./src//app.ts", "src/app.ts"],
    ["a/./b/", "a/b"],
    ["ü/😀 file.txt", "ü/😀 file.txt"],
    ["..hidden/x..y", "..hidden/x..y"],
  ])("accepts %j as %j", (input, path) => {
    expect(checkRelativePath(input)).toEqual({ ok: true, path });
  });

  it.each([
    ["", "empty"],
    ["./", "empty"],
    ["/etc/passwd", "absolute"],
    ["C:/Windows", "absolute"],
    ["c:x", "absolute"],
    ["a\\b", "backslash"],
    ["a/../b", "parent_segment"],
    ["..", "parent_segment"],
    ["a\u0000b", "control_character"],
    ["a\nb", "control_character"],
    ["x".repeat(MAX_PATH_LENGTH + 1), "too_long"],
  ])("refuses %j (%s)", (input, problem) => {
    const checked = checkRelativePath(input);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toBe(problem);
  });

  it("allows exactly the maximum length", () => {
    expect(checkRelativePath("x".repeat(MAX_PATH_LENGTH)).ok).toBe(true);
  });

  it("throws a RangeError naming the reason", () => {
    expect(() => normalizeRelativePath("../x")).toThrow(/must not contain '\.\.'/);
  });

  it("lists parent directories outermost first", () => {
    expect(parentDirectories("a/b/c.txt")).toEqual(["a", "a/b"]);
    expect(parentDirectories("c.txt")).toEqual([]);
  });
});
