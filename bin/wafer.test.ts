import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { runWaferCli } from "@/lib/testing/wafer-cli";

const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** Runs the real CLI as a child process. */
const wafer = (args: string[], options: { input?: string; cwd?: string; viaShim?: boolean } = {}) => runWaferCli(args, options);

/** A temporary checkout with the given files. */
function checkout(files: Record<string, string | Buffer> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "wafer-cli-"));
  scratch.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const read = (root: string, path: string) => readFileSync(join(root, path), "utf8");
const P = (...lines: string[]) => ["*** Begin Patch", ...lines, "*** End Patch", ""].join("\n");

// Sequential: each case spawns real processes, and a 2-core CI box runs them faster one at a time.
describe("wafer apply-patch", { timeout: 60_000 }, () => {
  it("applies a patch file and prints one line per changed file", async () => {
    const root = checkout({ "src/a.ts": "one\ntwo\n", "old.txt": "bye\n", "mv/from.txt": "x\n" });
    const patchFile = join(checkout(), "change.patch");
    writeFileSync(
      patchFile,
      P(
        "*** Update File: src/a.ts",
        "@@",
        "-two",
        "+TWO",
        "*** Add File: deep/new/dir/n.txt",
        "+hello",
        "*** Delete File: old.txt",
        "*** Update File: mv/from.txt",
        "*** Move to: mv/to.txt",
        "@@",
        "-x",
        "+y",
      ),
    );
    const run = await wafer(["apply-patch", "--cwd", root, patchFile]);
    expect(run).toEqual({ code: 0, stdout: "M src/a.ts\nA deep/new/dir/n.txt\nD old.txt\nR mv/from.txt -> mv/to.txt\n", stderr: "" });
    expect(read(root, "src/a.ts")).toBe("one\nTWO\n");
    expect(read(root, "deep/new/dir/n.txt")).toBe("hello\n");
    expect(existsSync(join(root, "old.txt"))).toBe(false);
    expect(existsSync(join(root, "mv/from.txt"))).toBe(false);
    expect(read(root, "mv/to.txt")).toBe("y\n");
  });

  it("reads the patch from stdin when no file is given", async () => {
    const root = checkout({ "a.txt": "a\n" });
    const run = await wafer(["apply-patch", "--cwd", root], { input: P("*** Update File: a.txt", "@@", "-a", "+b") });
    expect(run).toEqual({ code: 0, stdout: "M a.txt\n", stderr: "" });
    expect(read(root, "a.txt")).toBe("b\n");
  });

  it("with --check validates and reports without writing", async () => {
    const root = checkout({ "a.txt": "a\n" });
    const run = await wafer(["apply-patch", "--check", "--cwd", root], { input: P("*** Update File: a.txt", "@@", "-a", "+b", "*** Add File: n.txt", "+n") });
    expect(run).toEqual({ code: 0, stdout: "M a.txt\nA n.txt\n", stderr: "" });
    expect(read(root, "a.txt")).toBe("a\n");
    expect(existsSync(join(root, "n.txt"))).toBe(false);
    const bad = await wafer(["apply-patch", "--check", "--cwd", root], { input: P("*** Delete File: missing.txt") });
    expect(bad.code).toBe(1);
  });

  it("preserves CRLF and mixed line endings (patch from stdin via '-')", async () => {
    const root = checkout({ "win.txt": "one\r\ntwo\r\nthree\r\n", "mixed.txt": "a\r\nb\nc\r\n" });
    const run = await wafer(["apply-patch", "--cwd", root, "-"], {
      input: P("*** Update File: win.txt", "@@", " one", "-two", "+TWO", "+2.5", "*** Update File: mixed.txt", "@@", " b", "+new"),
    });
    expect(run.code).toBe(0);
    expect(read(root, "win.txt")).toBe("one\r\nTWO\r\n2.5\r\nthree\r\n");
    expect(read(root, "mixed.txt")).toBe("a\r\nb\nnew\r\nc\r\n");
  });

  it("fails with one line naming operation, path and patch line, and changes nothing", async () => {
    const root = checkout({ "src/a.ts": "const a = 1;\n" });
    const run = await wafer(["apply-patch", "--cwd", root], {
      input: P("*** Add File: created.txt", "+x", "*** Update File: src/a.ts", "@@", "-const a = 2;", "+const a = 3;"),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe('wafer apply-patch: update src/a.ts: could not find the hunk\'s lines: "const a = 2;" (patch line 5)\n');
    expect(existsSync(join(root, "created.txt"))).toBe(false);
    expect(read(root, "src/a.ts")).toBe("const a = 1;\n");
  });

  it("refuses paths with '..' and absolute paths", async () => {
    const outside = checkout({ "secret.txt": "secret\n" });
    const root = checkout({});
    for (const path of [`../${outside.split("/").pop()}/secret.txt`, join(outside, "secret.txt")]) {
      const run = await wafer(["apply-patch", "--cwd", root], { input: P(`*** Delete File: ${path}`) });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^wafer apply-patch: delete .*: path must (not contain '\.\.'|be relative) \(patch line 2\)\n$/);
    }
    expect(read(outside, "secret.txt")).toBe("secret\n");
  });

  it("refuses symlinks that lead outside the directory", async () => {
    const outside = checkout({ "secret.txt": "secret\n" });
    const root = checkout({});
    symlinkSync(outside, join(root, "linkdir"));
    symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"));
    const attempts = [
      P("*** Add File: linkdir/planted.txt", "+x"),
      P("*** Update File: linkdir/secret.txt", "@@", "-secret", "+pwned"),
      P("*** Update File: link.txt", "@@", "-secret", "+pwned"),
      P("*** Add File: ok.txt", "+x", "*** Delete File: link.txt"),
    ];
    for (const input of attempts) {
      const run = await wafer(["apply-patch", "--cwd", root], { input });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^wafer apply-patch: refusing .*: it resolves outside .*\n$/);
    }
    expect(read(outside, "secret.txt")).toBe("secret\n");
    expect(existsSync(join(outside, "planted.txt"))).toBe(false);
    expect(existsSync(join(root, "ok.txt"))).toBe(false);
  });

  it("follows symlinks that stay inside the directory", async () => {
    const root = checkout({ "real/a.txt": "a\n" });
    symlinkSync(join(root, "real"), join(root, "alias"));
    const run = await wafer(["apply-patch", "--cwd", root], { input: P("*** Update File: alias/a.txt", "@@", "-a", "+b") });
    expect(run.code).toBe(0);
    expect(read(root, "real/a.txt")).toBe("b\n");
  });

  it("keeps the file mode and refuses files that are not UTF-8", async () => {
    const root = checkout({ "run.sh": "#!/bin/sh\necho a\n", "blob.bin": Buffer.from([0xff, 0xfe, 0x0a]) });
    chmodSync(join(root, "run.sh"), 0o755);
    expect((await wafer(["apply-patch", "--cwd", root], { input: P("*** Update File: run.sh", "@@", "-echo a", "+echo b") })).code).toBe(0);
    expect(statSync(join(root, "run.sh")).mode & 0o777).toBe(0o755);
    const binary = await wafer(["apply-patch", "--cwd", root], { input: P("*** Update File: blob.bin", "@@", "+x") });
    expect(binary).toMatchObject({ code: 1, stderr: "wafer apply-patch: refusing blob.bin: not UTF-8 text\n" });
  });

  it("works through the npx shim from any directory", async () => {
    const root = checkout({ "a.txt": "a\n" });
    const run = await wafer(["apply-patch"], { input: P("*** Update File: a.txt", "@@", "-a", "+b"), cwd: root, viaShim: true });
    expect(run).toEqual({ code: 0, stdout: "M a.txt\n", stderr: "" });
    expect(read(root, "a.txt")).toBe("b\n");
  });

  it("prints help, and usage errors exit 2", async () => {
    const help = await wafer(["apply-patch", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: wafer apply-patch \[--cwd DIR\] \[--check\] \[PATCH_FILE\]/);
    expect(await wafer(["frobnicate"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^wafer: unknown command "frobnicate"/) });
    expect((await wafer(["apply-patch", "a", "b"])).code).toBe(2);
  });

  it("reports an unreadable patch file or directory in one line", async () => {
    const missing = await wafer(["apply-patch", "/nonexistent/patch.txt"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^wafer apply-patch: ENOENT[^\n]*\n$/);
    const badCwd = await wafer(["apply-patch", "--cwd", "/nonexistent/dir"], { input: P("*** Delete File: a") });
    expect(badCwd).toMatchObject({ code: 1, stderr: "wafer apply-patch: cannot open directory /nonexistent/dir\n" });
  });
});
