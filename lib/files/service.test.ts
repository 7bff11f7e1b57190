import { beforeAll, describe, expect, it } from "vitest";

import { AppError } from "@/lib/errors";
import type { ProjectAccess } from "@/lib/projects/access";
import { createTestProject, createTestUser, joinProject, prepareTestDatabase } from "@/lib/testing/database";
import { resolveProjectAccess } from "@/lib/auth/access";

import { FILE_SIZE_LIMIT_BYTES, PROJECT_FILE_LIMIT, type SaveConflictDetails } from "./contract";
import { createEntry, deleteEntry, insertProjectFiles, listTree, moveEntry, readFile, saveFile } from "./service";
import { inTransaction } from "@/db/transaction";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

let project: ProjectAccess;

beforeAll(async () => {
  await prepareTestDatabase();
  const owner = await createTestUser("owner");
  project = await createTestProject(owner, "typescript");
});

describe("versioned save", () => {
  it("bumps the version and refuses a stale base with the server's copy", async () => {
    const original = await readFile(project, "src/greet.ts");
    const saved = await saveFile(project, "src/greet.ts", { content: "export const a = 1;\n", baseVersion: original.version });
    expect(saved.version).toBe(original.version + 1);

    const conflict = await rejection(saveFile(project, "src/greet.ts", { content: "stale\n", baseVersion: original.version }));
    expect(conflict.code).toBe("conflict:files");
    expect(conflict.status).toBe(409);
    const details = conflict.details as SaveConflictDetails;
    expect(details.current.content).toBe("export const a = 1;\n");
    expect(details.current.version).toBe(saved.version);
    expect((await readFile(project, "src/greet.ts")).content).toBe("export const a = 1;\n");
  });

  it("lets exactly one of two concurrent saves from the same base win", async () => {
    const base = await readFile(project, "README.md");
    const results = await Promise.allSettled([
      saveFile(project, "README.md", { content: "tab one\n", baseVersion: base.version }),
      saveFile(project, "README.md", { content: "tab two\n", baseVersion: base.version }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(((lost[0] as PromiseRejectedResult).reason as AppError).code).toBe("conflict:files");
    expect(["tab one\n", "tab two\n"]).toContain((await readFile(project, "README.md")).content);
  });

  it("answers 404 for a file that is gone", async () => {
    const error = await rejection(saveFile(project, "nope.ts", { content: "", baseVersion: 1 }));
    expect(error.code).toBe("not_found:files");
  });
});

describe("paths and content are validated before anything is written", () => {
  it.each([
    ["../escape.ts"],
    ["/etc/passwd"],
    ["a\\b.ts"],
    ["a\u0000b"],
    ["line\nbreak"],
    ["C:/windows"],
    [""],
    ["x".repeat(256)],
  ])("refuses %j", async (path) => {
    const before = await listTree(project);
    const error = await rejection(createEntry(project, { path, kind: "file", content: "x" }));
    expect(error.code).toBe("bad_request:files");
    expect(error.status).toBe(400);
    expect(await listTree(project)).toEqual(before);
  });

  it("normalises ./, doubled slashes and NFD names", async () => {
    const entry = await createEntry(project, { path: "./norm//Cafe\u0301.md", kind: "file", content: "é" });
    expect(entry.path).toBe("norm/Caf\u00e9.md");
    expect((await readFile(project, "norm/Cafe\u0301.md")).content).toBe("é");
  });

  it("refuses binary content and files over 1 MiB", async () => {
    expect((await rejection(createEntry(project, { path: "bin.dat", kind: "file", content: "a\u0000b" }))).code).toBe("bad_request:files");
    const big = await rejection(createEntry(project, { path: "big.txt", kind: "file", content: "x".repeat(FILE_SIZE_LIMIT_BYTES + 1) }));
    expect(big.code).toBe("payload_too_large:files");
    expect(big.status).toBe(413);
    // Exactly at the limit is fine, counted in UTF-8 bytes rather than characters.
    await createEntry(project, { path: "limit.txt", kind: "file", content: "x".repeat(FILE_SIZE_LIMIT_BYTES) });
    const multibyte = await rejection(createEntry(project, { path: "wide.txt", kind: "file", content: "é".repeat(FILE_SIZE_LIMIT_BYTES / 2 + 1) }));
    expect(multibyte.code).toBe("payload_too_large:files");
    await deleteEntry(project, "limit.txt");
  });
});

describe("tree operations", () => {
  it("creates, moves and deletes folders with their contents", async () => {
    await createEntry(project, { path: "pkg", kind: "folder", content: "" });
    await createEntry(project, { path: "pkg/a.ts", kind: "file", content: "a\n" });
    await createEntry(project, { path: "pkg/sub/b.ts", kind: "file", content: "b\n" });
    await createEntry(project, { path: "pkg_other.ts", kind: "file", content: "not under pkg\n" });

    expect(await moveEntry(project, "pkg", "lib/pkg")).toEqual({ moved: 3 });
    const paths = (await listTree(project)).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["lib/pkg", "lib/pkg/a.ts", "lib/pkg/sub/b.ts", "pkg_other.ts"]));
    expect(paths.filter((p) => p.startsWith("pkg/"))).toEqual([]);
    expect((await readFile(project, "lib/pkg/sub/b.ts")).content).toBe("b\n");

    expect(await deleteEntry(project, "lib/pkg")).toEqual({ deleted: 3 });
    expect((await listTree(project)).map((e) => e.path)).toContain("pkg_other.ts");
  });

  it("treats % and _ in paths literally when moving by prefix", async () => {
    await createEntry(project, { path: "a_b/x.ts", kind: "file", content: "" });
    await createEntry(project, { path: "axb/y.ts", kind: "file", content: "" });
    await moveEntry(project, "a_b", "moved");
    expect((await readFile(project, "axb/y.ts")).path).toBe("axb/y.ts");
    expect((await readFile(project, "moved/x.ts")).path).toBe("moved/x.ts");
  });

  it("refuses collisions and moving a folder into itself", async () => {
    await createEntry(project, { path: "dup.ts", kind: "file", content: "" });
    expect((await rejection(createEntry(project, { path: "dup.ts", kind: "file", content: "" }))).code).toBe("conflict:files");
    expect((await rejection(createEntry(project, { path: "dup.ts/inner.ts", kind: "file", content: "" }))).code).toBe("conflict:files");
    expect((await rejection(createEntry(project, { path: "src", kind: "file", content: "" }))).code).toBe("conflict:files");
    expect((await rejection(moveEntry(project, "src", "src/deeper"))).code).toBe("bad_request:files");
    expect((await rejection(moveEntry(project, "dup.ts", "README.md"))).code).toBe("conflict:files");
    expect((await rejection(moveEntry(project, "missing", "elsewhere"))).code).toBe("not_found:files");
  });
});

describe("project quotas", () => {
  it(`holds at most ${PROJECT_FILE_LIMIT} entries, all or nothing`, async () => {
    const owner = await createTestUser("quota");
    const small = await createTestProject(owner, "blank");
    const existing = (await listTree(small)).length;
    const entries = Array.from({ length: PROJECT_FILE_LIMIT - existing }, (_, i) => ({ path: `f/${i}.txt`, kind: "file" as const, content: "" }));
    await inTransaction((tx) => insertProjectFiles({ executor: tx, projectId: small.projectId, userId: owner.userId, entries }));
    expect((await listTree(small)).length).toBe(PROJECT_FILE_LIMIT);
    const error = await rejection(createEntry(small, { path: "one-too-many.txt", kind: "file", content: "" }));
    expect(error.code).toBe("payload_too_large:files");
    expect((await listTree(small)).length).toBe(PROJECT_FILE_LIMIT);
  });

  it("holds at most 50 MiB", async () => {
    const owner = await createTestUser("bytes");
    const heavy = await createTestProject(owner, "blank");
    const readme = await readFile(heavy, "README.md");
    const chunk = "y".repeat(FILE_SIZE_LIMIT_BYTES);
    const entries = Array.from({ length: 49 }, (_, i) => ({ path: `blob/${i}.txt`, kind: "file" as const, content: chunk }));
    await inTransaction((tx) => insertProjectFiles({ executor: tx, projectId: heavy.projectId, userId: owner.userId, entries }));
    await createEntry(heavy, { path: "fits.txt", kind: "file", content: "y".repeat(512 * 1024) });
    // Now 49.5 MiB plus the README: another full MiB crosses 50 MiB, whether added or grown by a save.
    expect((await rejection(createEntry(heavy, { path: "last.txt", kind: "file", content: chunk }))).code).toBe("payload_too_large:files");
    const grow = await rejection(saveFile(heavy, "README.md", { content: chunk, baseVersion: readme.version }));
    expect(grow.code).toBe("payload_too_large:files");
    expect((await readFile(heavy, "README.md")).version).toBe(readme.version);
  });
});

describe("access", () => {
  it("hides projects from non-members and keeps viewers read-only", async () => {
    const stranger = await createTestUser("stranger");
    const strangerError = await rejection(resolveProjectAccess({ userId: stranger.userId, projectId: project.projectId, action: "project.read" }));
    expect(strangerError.code).toBe("not_found:project");

    const viewerUser = await createTestUser("viewer");
    const viewer = await joinProject(project, viewerUser.userId, "viewer");
    expect(viewer.canWrite).toBe(false);
    const forbidden = await rejection(resolveProjectAccess({ userId: viewerUser.userId, projectId: project.projectId, action: "file.write", surface: "files" }));
    expect(forbidden.code).toBe("forbidden:files");
    expect(forbidden.status).toBe(403);

    const malformed = await rejection(resolveProjectAccess({ userId: stranger.userId, projectId: "not-a-uuid", action: "project.read" }));
    expect(malformed.code).toBe("not_found:project");
  });
});
