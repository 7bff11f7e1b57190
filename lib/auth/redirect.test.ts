import { describe, expect, it } from "vitest";

import { safeCallbackPath } from "./redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/p/123", "/p/123"],
    ["/p/123?tab=a#x", "/p/123?tab=a#x"],
    ["http://localhost:3000/p/1", "/p/1"],
    ["https://evil.example/steal", "/steal"],
    ["//evil.example/x", "/x"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    [undefined, "/"],
    [42, "/"],
  ])("%j → %j", (input, expected) => {
    const result = safeCallbackPath(input);
    expect(result).toBe(expected);
    expect(result.startsWith("//")).toBe(false);
  });
});
