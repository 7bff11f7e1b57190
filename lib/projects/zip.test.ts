import { strToU8, zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";
import { FILE_SIZE_LIMIT_BYTES, PROJECT_FILE_LIMIT } from "@/lib/files/contract";

import { buildZip, readZipImport } from "./zip";

const zip = (files: Zippable) => Buffer.from(zipSync(files));

async function zipRejection(buffer: Buffer): Promise<AppError> {
  const error = await readZipImport(buffer).then(
    () => {
      throw new Error("expected the import to be refused");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("readZipImport", () => {
  it("says in plain words that a non-zip is not a .zip, without the library's message", async () => {
    const error = await zipRejection(Buffer.from("just some text, not an archive"));
    expect(error.code).toBe("bad_request:zip");
    expect(error.message).toBe("That file is not a .zip archive. Choose a .zip file (on most systems: right-click a folder, then Compress).");
    expect(error.message).not.toMatch(/central directory/i);
  });

  it("reads text files, keeps empty folders and drops a single wrapping folder", async () => {
    const result = await readZipImport(
      zip({ "my-app/": new Uint8Array(0), "my-app/src/index.ts": strToU8("export {};\n"), "my-app/docs/": new Uint8Array(0), "my-app/README.md": strToU8("# hi\r\n") }),
    );
    expect(result.entries).toEqual([
      { path: "src/index.ts", kind: "file", content: "export {};\n" },
      { path: "docs", kind: "folder", content: "" },
      { path: "README.md", kind: "file", content: "# hi\r\n" },
    ]);
    expect(result.skipped).toEqual([]);
  });

  it("keeps UTF-8 text byte-exact, including a BOM and astral characters", async () => {
    const text = "\ufeffconst s = \"héllo 🌍\";\n";
    const result = await readZipImport(zip({ "a.ts": strToU8(text) }));
    expect(result.entries[0]?.content).toBe(text);
  });

  it("skips binary files and dependency folders, and says so", async () => {
    const result = await readZipImport(
      zip({ "logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), "node_modules/x/index.js": strToU8("x"), "main.py": strToU8("print(1)\n") }),
    );
    expect(result.entries.map((e) => e.path)).toEqual(["main.py"]);
    expect(result.skipped).toEqual(expect.arrayContaining([
      { path: "logo.png", reason: "binary" },
      { path: "node_modules/x/index.js", reason: "ignored" },
    ]));
  });

  it("refuses zip-slip paths before extracting anything", async () => {
    const error = await zipRejection(zip({ "../../etc/evil.sh": strToU8("boom") }));
    expect(error.code).toBe("bad_request:zip");
    expect(error.message).toMatch(/invalid|unsafe/i);
  });

  it("refuses absolute paths", async () => {
    expect((await zipRejection(zip({ "/etc/passwd": strToU8("root") }))).code).toBe("bad_request:zip");
  });

  it("refuses symbolic links", async () => {
    const link = zip({ "ok.txt": strToU8("fine"), "link": [strToU8("/etc/passwd"), { os: 3, attrs: 0o120777 << 16 }] });
    const error = await zipRejection(link);
    expect(error.message).toMatch(/symbolic link/);
  });

  it("refuses an entry over the file size limit by its declared size", async () => {
    const bomb = zip({ "zeros.txt": new Uint8Array(FILE_SIZE_LIMIT_BYTES + 1) });
    expect(bomb.length).toBeLessThan(20_000);
    expect((await zipRejection(bomb)).message).toMatch(/1 MiB/);
  });

  it("stops a bomb that lies about its size while decompressing", async () => {
    const bomb = zip({ "zeros.txt": new Uint8Array(2 * FILE_SIZE_LIMIT_BYTES) });
    // Rewrite the declared uncompressed size (local header offset 22, central header offset 24) to 100.
    bomb.writeUInt32LE(100, 22);
    const central = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(100, central + 24);
    expect((await zipRejection(bomb)).code).toBe("bad_request:zip");
  });

  it("refuses archives with too many entries", async () => {
    const many: Zippable = {};
    for (let i = 0; i <= PROJECT_FILE_LIMIT; i++) many[`f${i}.txt`] = new Uint8Array(0);
    expect((await zipRejection(zip(many))).message).toMatch(/2000/);
  });

  it("refuses archives that expand past 50 MiB in total", async () => {
    const files: Zippable = {};
    for (let i = 0; i < 51; i++) files[`f${i}.txt`] = new Uint8Array(FILE_SIZE_LIMIT_BYTES).fill(97);
    expect((await zipRejection(zip(files))).message).toMatch(/50 MiB/);
  });

  it("refuses garbage", async () => {
    expect((await zipRejection(Buffer.from("not a zip at all"))).code).toBe("bad_request:zip");
  });

  it("round-trips what buildZip writes", async () => {
    const entries = [
      { path: "src/a.ts", kind: "file" as const, content: "a\r\nb" },
      { path: "empty", kind: "folder" as const, content: "" },
      { path: "README.md", kind: "file" as const, content: "# é\n" },
    ];
    const back = await readZipImport(Buffer.from(buildZip(entries)));
    expect(back.entries).toEqual(entries);
  });
});
