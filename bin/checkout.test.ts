import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Checkout, CheckoutError } from "./checkout";

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "wafer-checkout-"));
  scratch.push(dir);
  return dir;
}

describe("Checkout", () => {
  it("locates paths inside the root and refuses ones that escape it", () => {
    const outside = tempDir();
    const root = tempDir();
    symlinkSync(outside, join(root, "out"));
    symlinkSync(join(root, "missing-target"), join(root, "dangling"));
    const checkout = new Checkout(root);
    expect(checkout.locate("a/b/new.txt")).toBe(join(checkout.root, "a/b/new.txt"));
    expect(() => checkout.locate("out/x.txt")).toThrow(CheckoutError);
    expect(() => checkout.locate("../x")).toThrow(/must not contain/);
    expect(() => checkout.locate("dangling")).toThrow(/symlink to nothing/);
    // Deleting a symlink removes the link itself, so only its parent is resolved.
    expect(checkout.locate("out", false)).toBe(join(checkout.root, "out"));
  });

  it("undoes earlier writes when a later one fails", () => {
    const root = tempDir();
    writeFileSync(join(root, "a.txt"), "old\n");
    mkdirSync(join(root, "dir"));
    writeFileSync(join(root, "dir/inner"), "x");
    const checkout = new Checkout(root);
    const files = new Map<string, string | null>([
      ["a.txt", "new\n"],
      ["fresh/deep/n.txt", "n\n"],
      ["dir", "cannot replace a directory with a file"],
    ]);
    expect(() => checkout.writeAll(files)).toThrow();
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("old\n");
    expect(existsSync(join(root, "fresh"))).toBe(false);
    expect(readFileSync(join(root, "dir/inner"), "utf8")).toBe("x");
    expect(readdirSync(root).sort()).toEqual(["a.txt", "dir"]);
  });
});
