import { describe, expect, it } from "vitest";

import { decodeDropped, describeUpload } from "./dropped-files";

describe("dropped files", () => {
  it("keeps UTF-8 text and refuses binary", () => {
    expect(decodeDropped(new TextEncoder().encode("héllo\n"))).toBe("héllo\n");
    expect(decodeDropped(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00]))).toBeNull();
    expect(decodeDropped(new Uint8Array([0xff, 0xfe, 0x41]))).toBeNull();
  });

  it("says what was added and what was skipped and why", () => {
    expect(describeUpload({ added: ["a.md", "b/c.ts"], binary: ["logo.png"], existing: ["README.md"], failed: [] })).toEqual({
      title: "Added 2 files",
      description: "1 binary file skipped (Wafer stores text only: logo.png). 1 already existed and was left as is (README.md).",
    });
    expect(describeUpload({ added: [], binary: [], existing: [], failed: [{ path: "x", message: "too big" }] })).toEqual({ title: "No files were added", description: "x: too big." });
  });
});
